"""The stored corpus with its analyses, loaded once per change of the store and shared by the pages."""

from __future__ import annotations

import streamlit as st

from analysis.model import ReadoutAnalysis
from analysis.seed import seed_if_empty
from analysis.store import CorpusReadout, Store
from ui.pipeline import pipeline


@st.cache_resource(max_entries=2, show_spinner="Analysing the corpus ...")
def _load(path: str, version: tuple) -> list[CorpusReadout]:
    with Store(path) as store:
        return store.readouts_with_analyses(nlp=pipeline())


def corpus_version() -> tuple[str, tuple]:
    """(database path, version) of the corpus, seeding an empty store with the shipped readouts first."""
    with Store() as store:
        seed_if_empty(store)
        return str(store.path), store.version()


def load_corpus() -> list[CorpusReadout]:
    """Every stored readout with its analysis (analysing what is not cached yet). Cached on the store's
    version, which is one cheap query, so a rerun costs nothing and an import or edit is seen at once."""
    path, version = corpus_version()
    return _load(path, version)


@st.cache_data(max_entries=2, show_spinner=False)
def _analysed(path: str, version: tuple, limit: int) -> list[ReadoutAnalysis]:
    with Store(path) as store:
        return [c.analysis for c in store.readouts_with_analyses(analyze_missing=False)][-limit:]


def analysed_corpus(limit: int = 300) -> list[ReadoutAnalysis]:
    """The latest readouts of the corpus that are already analysed (nothing is analysed here); seen again
    as soon as a readout is added, edited or analysed."""
    with Store() as store:
        path, version = str(store.path), (*store.version(), store.analysed_count())
    return _analysed(path, version, limit)
