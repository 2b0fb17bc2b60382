"""Readout Analyzer: paste a diplomatic readout and see who said what."""

from __future__ import annotations

import streamlit as st

from analysis import config
from analysis.samples import load_sample
from ui.pipeline import cached_analysis
from ui.statements import show_statements

st.set_page_config(page_title="Readout Analyzer", layout="wide")
st.title("Readout Analyzer")
st.caption("Paste the official summary of a call between leaders: see who said what, statement by statement.")

if st.button("Load the sample readout (Xi Jinping and Ebrahim Raisi, 4 August 2021)", key="load_sample"):
    sample = load_sample()
    st.session_state["readout_text"] = sample.text

text = st.text_area(
    "Readout text", key="readout_text", height=260,
    help=f"English text, up to {config.MAX_CHARS:,} characters.",
)
if st.button("Analyze", type="primary", key="analyze"):
    try:
        st.session_state["analysis"] = cached_analysis(text)
    except ValueError as exc:
        st.session_state.pop("analysis", None)
        st.error(str(exc))

result = st.session_state.get("analysis")
if result is not None:
    for warning in result.warnings:
        st.warning(warning)
    st.subheader("Parties")
    for party in result.parties:
        detail = ", ".join(x for x in (party.title, party.country) if x)
        st.markdown(f"- **{party.leader}**" + (f" ({detail})" if detail else ""))
    st.subheader("Statements")
    show_statements(result)
