"""Cached access to the analyzer for pages: the model once per process, results per input text."""

from __future__ import annotations

import streamlit as st

from analysis import ReadoutAnalysis, active_taxonomy, analyze, load_pipeline


@st.cache_resource(show_spinner="Loading the English language model ...")
def pipeline():
    """The spaCy pipeline, loaded once per server process."""
    return load_pipeline()


def cached_analysis(text: str, parties: tuple[str, ...] = (), date: str | None = None,
                    title: str | None = None) -> ReadoutAnalysis:
    """`analyze` on plain, hashable arguments, cached per distinct input and per taxonomy (an edited
    taxonomy gives new themes, and reciprocity built on them)."""
    return _analysis(text, parties, date, title, active_taxonomy().fingerprint)


@st.cache_data(show_spinner=False, max_entries=64)
def _analysis(text: str, parties: tuple[str, ...], date: str | None, title: str | None,
              taxonomy: str) -> ReadoutAnalysis:
    return analyze(text, parties=list(parties) or None, date=date, title=title, nlp=pipeline())
