"""Download buttons for charts and tables; every page calls these so that each export is one call."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis import ReadoutAnalysis


def file_stem(result: ReadoutAnalysis | None, what: str) -> str:
    """A file name that says what it holds: "xi-raisi-2021-08-04_themes"."""
    parts: list[str] = []
    if result is not None:
        parts += [p.leader.split()[0] if p.country in ("China",) else p.leader.split()[-1] for p in result.parties[:3]]
        if result.date:
            parts.append(result.date)
    stem = "-".join(parts) or "readout"
    stem = re.sub(r"[^a-z0-9-]+", "-", stem.lower()).strip("-") or "readout"
    return f"{stem}_{re.sub(r'[^a-z0-9_-]+', '-', what.lower())}"


def table_download(df: pd.DataFrame, stem: str, *, key: str, label: str = "Download table (CSV)") -> None:
    """A CSV download button for a table."""
    st.download_button(label, df.to_csv(index=False).encode("utf-8"), file_name=f"{stem}.csv",
                       mime="text/csv", key=key)


def chart_downloads(fig: go.Figure, stem: str, *, key: str) -> None:
    """Download buttons for one chart: interactive HTML that works offline (PNG and SVG to come)."""
    html = fig.to_html(include_plotlyjs=True, full_html=True).encode("utf-8")
    st.download_button("Download chart (HTML)", html, file_name=f"{stem}.html", mime="text/html",
                       key=f"{key}_html")
