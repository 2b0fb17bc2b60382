"""Showing a chart the same way on every page: print-quality toolbar PNG, then its download buttons."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from ui.downloads import chart_downloads, file_stem

#: The plotly toolbar's camera button saves a PNG at three times screen resolution (print quality).
PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 3},
}

#: Session-state key of the charts shown for the current readout, collected for the report.
SHOWN_CHARTS_KEY = "shown_charts"


def remember_chart(fig: go.Figure, key: str) -> None:
    """Keep a copy of a chart shown for the current readout, so the report can include it."""
    result = st.session_state.get("analysis")
    ident = id(result)
    shown = st.session_state.get(SHOWN_CHARTS_KEY)
    if not shown or shown.get("_analysis") != ident:
        shown = {"_analysis": ident}
    shown[key] = go.Figure(fig)
    st.session_state[SHOWN_CHARTS_KEY] = shown


def shown_charts() -> dict[str, go.Figure]:
    """The charts shown so far for the current readout, by key (see `remember_chart`)."""
    shown = st.session_state.get(SHOWN_CHARTS_KEY) or {}
    if shown.get("_analysis") != id(st.session_state.get("analysis")):
        return {}
    return {k: v for k, v in shown.items() if k != "_analysis"}


def show_chart(fig: go.Figure, key: str, *, stem: str | None = None, downloads: bool = True,
               selectable: bool = False, download_key: str | None = None):
    """Show a chart full width with the print-quality toolbar, then its HTML, PNG and SVG downloads.

    Args:
        fig: the chart.
        key: a key unique on the page; it also names the files ("xi-raisi-2021-08-04_<key>.png").
        stem: the file name without extension, when `key` is not the right name.
        downloads: False to show the chart without download buttons.
        selectable: let a click select points (the page reruns and reads the returned selection).
        download_key: the download buttons' key, when it is not `key`.

    Returns:
        The selection event when `selectable`, else what `st.plotly_chart` returns.
    """
    options = {"on_select": "rerun", "selection_mode": "points"} if selectable else {}
    event = st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key, **options)
    remember_chart(fig, key)
    if downloads:
        chart_downloads(fig, stem or file_stem(st.session_state.get("analysis"), key), key=download_key or key)
    return event
