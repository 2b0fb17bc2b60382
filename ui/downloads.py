"""Download buttons for charts and tables; every page calls these so that each export is one call."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis import Party, ReadoutAnalysis
from ui.export import chart_image, export_unavailable_reason


def short_name(party: Party) -> str:
    """The name the text uses for a leader afterwards ("Xi" for Xi Jinping, "Macron" for Emmanuel Macron).

    Taken from the aliases when one of them is a single word of the leader's name; otherwise the family
    name is guessed (first word for Chinese leaders, last word for others).
    """
    words = party.leader.split()
    for alias in party.aliases:
        if len(words) > 1 and alias in words:
            return alias
    if not words:
        return "party"
    return words[0] if party.country in ("China",) else words[-1]


def file_stem(result: ReadoutAnalysis | None, what: str) -> str:
    """A file name that says what it holds: "xi-raisi-2021-08-04_themes"."""
    parts: list[str] = []
    if result is not None:
        parts += [short_name(p) for p in result.parties[:3]]
        if result.date:
            parts.append(result.date)
    stem = "-".join(parts) or "readout"
    stem = re.sub(r"[^a-z0-9-]+", "-", stem.lower()).strip("-") or "readout"
    return f"{stem}_{re.sub(r'[^a-z0-9_-]+', '-', what.lower()).strip('-') or 'chart'}"


def table_download(df: pd.DataFrame, stem: str, *, key: str, label: str = "Download table (CSV)") -> None:
    """A CSV download button for a table."""
    st.download_button(label, df.to_csv(index=False).encode("utf-8"), file_name=f"{stem}.csv",
                       mime="text/csv", key=key, on_click="ignore")


def chart_html(fig: go.Figure) -> bytes:
    """The chart as a standalone interactive HTML page with plotly.js inlined, so it works offline."""
    return fig.to_html(include_plotlyjs=True, full_html=True).encode("utf-8")


def chart_downloads(fig: go.Figure, stem: str, *, key: str) -> None:
    """Download buttons for one chart: interactive HTML that works offline, PNG (print quality) and SVG.

    The files are made only when a button is clicked. When no Chrome or Chromium is installed, the PNG and
    SVG buttons are replaced by a note saying why and how to install one; the HTML download still works.
    """
    figure = go.Figure(fig)  # a private copy: the page may change its figure after this call
    # Callables make each file only on click: an image costs a browser round trip, a page 4 MB of plotly.js.
    problem = export_unavailable_reason()
    with st.container(horizontal=True, gap="small"):
        st.download_button("Chart (HTML)", lambda: chart_html(figure), file_name=f"{stem}.html",
                           mime="text/html", key=f"{key}_html", on_click="ignore", icon=":material/download:",
                           help="Interactive chart that opens in any browser, offline.")
        if not problem:
            st.download_button("PNG", lambda: chart_image(figure, "png"), file_name=f"{stem}.png",
                               mime="image/png", key=f"{key}_png", on_click="ignore", icon=":material/image:",
                               help="High-resolution image (3x) for documents and slides.")
            st.download_button("SVG", lambda: chart_image(figure, "svg"), file_name=f"{stem}.svg",
                               mime="image/svg+xml", key=f"{key}_svg", on_click="ignore", icon=":material/draw:",
                               help="Vector image that stays sharp at any size.")
    if problem:
        st.caption(problem)
