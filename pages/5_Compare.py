"""Compare two readouts of one call: what each side reported, what only one side did, and how they frame it."""

from __future__ import annotations

import json

import streamlit as st

from analysis.compare import THRESHOLD, compare_readouts, suggest_pairs
from analysis.taxonomy import active_taxonomy
from ui.charts.common import show_chart
from ui.charts.compare import acts_chart, airtime_chart, alignment_html, coverage_chart, themes_chart
from ui.colors import speaker_colors
from ui.corpus import load_corpus
from ui.downloads import file_stem, table_download
from ui.pipeline import cached_analysis
from ui.text import plain

st.set_page_config(page_title="Compare readouts", layout="wide")
st.title("Compare two readouts of one call")
st.caption("Each side publishes its own readout. Statements are aligned by meaning (shared words and word "
           "forms, and the speaker); what has no counterpart is what only one side reported.")
source = st.radio("Readouts", ["From the corpus", "Paste two readouts"], horizontal=True, key="cmp_source")
try:
    if source == "From the corpus":
        corpus = {c.id: c for c in load_corpus()}
        if len(corpus) < 2:
            st.info("The corpus needs two readouts to compare: import them on the Corpus page, or paste them.")
            st.stop()
        name = {i: f"{c.date or 'undated'} · {c.title or 'untitled'} ({c.publisher or 'publisher unknown'})"
                for i, c in corpus.items()}
        suggested = suggest_pairs(list(corpus.values()))
        ids = list(corpus)
        first, second = ids[0], ids[1]
        if suggested:
            pick = st.selectbox("Suggested pairs (same date, same two countries)", range(len(suggested)),
                                format_func=lambda k: f"{name[suggested[k][0].id]}  ↔  {name[suggested[k][1].id]}",
                                key="cmp_suggested")
            first, second = suggested[pick][0].id, suggested[pick][1].id
        else:
            st.caption("No two readouts in the corpus share a date and the same two countries; pick any two.")
        left, right = st.columns(2)
        id_a = left.selectbox("Readout A", ids, index=ids.index(first), format_func=name.get, key=f"cmp_a_{first}")
        id_b = right.selectbox("Readout B", ids, index=ids.index(second), format_func=name.get, key=f"cmp_b_{second}")
        a, b = corpus[id_a].analysis, corpus[id_b].analysis
    else:
        left, right = st.columns(2)
        text_a = left.text_area("Readout A (one side's readout)", key="cmp_text_a", height=220)
        text_b = right.text_area("Readout B (the other side's readout of the same call)", key="cmp_text_b",
                                 height=220)
        if not text_a.strip() or not text_b.strip():
            st.info("Paste both readouts of the call to compare them.")
            st.stop()
        a, b = cached_analysis(text_a), cached_analysis(text_b)
    threshold = st.slider("Alignment threshold (higher: fewer, surer pairs)", 0.05, 0.9, THRESHOLD, 0.01,
                          key="cmp_threshold")
    comparison = compare_readouts(a, b, threshold=threshold)
except ValueError as exc:
    st.error(plain(str(exc)))
    st.stop()

colors = speaker_colors(comparison.parties())
coverage = comparison.coverage_frame()
for col, row in zip(st.columns(2), coverage.itertuples()):
    col.metric(plain(f"{row.readout.upper()}: {row.label}"), f"{row.statement_share:.0%} also in the other",
               help=f"{row.matched_statements} of {row.statements} statements; {row.word_share:.0%} of the words.")
links = ", ".join(f"{link.a} = {link.b}" for link in comparison.links) or "none found"
st.caption(plain(f"Parties found in both readouts: {links}."))
for side, result in (("A", a), ("B", b)):
    for warning in result.warnings:
        st.warning(plain(f"Readout {side}: {warning}"))

st.subheader("Side by side")
st.caption("An aligned pair sits on one row; a highlighted statement is one that only its readout reports.")
st.markdown(alignment_html(comparison.alignment_frame(), colors, labels=comparison.labels), unsafe_allow_html=True)
stem = file_stem(a, "compare")
table_download(comparison.pairs_frame(), f"{stem}-pairs", key="cmp_pairs_csv", label="Aligned pairs (CSV)")
table_download(comparison.unmatched_frame(), f"{stem}-only-one-side", key="cmp_only_csv",
               label="Statements only one side reports (CSV)")
st.download_button("Whole comparison (JSON)", json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2),
                   file_name=f"{stem}.json", mime="application/json", key="cmp_json", on_click="ignore")

st.subheader("Summary")
labels = {t.id: t.label for t in active_taxonomy().themes}
charts = [("coverage", coverage_chart(coverage), coverage),
          ("airtime", airtime_chart(comparison.airtime_frame(), colors), comparison.airtime_frame()),
          ("themes", themes_chart(comparison.themes_frame(), theme_labels=labels), comparison.themes_frame()),
          ("acts", acts_chart(comparison.acts_counts_frame()), comparison.acts_frame())]
for what, fig, table in charts:
    if table.empty:
        st.info(f"No {what} to compare: neither readout has any.")
        continue
    show_chart(fig, f"cmp_{what}", stem=f"{stem}-{what}")
    table_download(table, f"{stem}-{what}", key=f"cmp_{what}_csv")
