"""The current readout, shared by every page through session state."""

from __future__ import annotations

import streamlit as st

from analysis import ReadoutAnalysis
from analysis.samples import load_sample
from ui.pipeline import cached_analysis

ANALYSIS_KEY = "analysis"


def set_current(result: ReadoutAnalysis) -> None:
    """Make `result` the readout every page shows."""
    st.session_state[ANALYSIS_KEY] = result


def current_analysis() -> ReadoutAnalysis:
    """The readout analysed on the main page; when there is none (a page opened by its URL), the sample.

    Shows an info box saying so when it falls back to the sample.
    """
    result = st.session_state.get(ANALYSIS_KEY)
    if result is not None:
        return result
    sample = load_sample()
    st.info(
        "No readout analysed in this session yet, so this page shows the sample readout "
        f"({sample.title}, {sample.date}). Analyse your own on the main page."
    )
    result = cached_analysis(sample.text, sample.parties, sample.date, sample.title)
    set_current(result)
    return result
