"""Reciprocity: did each side give the other what it received? The index, acts both ways, shared themes and words."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.reciprocity import (
    FORMULA,
    act_counts,
    acts_table,
    echo_table,
    index_components,
    index_matrix,
    mirrored_table,
    one_sided_table,
    pairs_table,
    reciprocity_report,
    theme_mirror_table,
)
from ui.charts.common import show_chart
from ui.charts.reciprocity import acts_chart, components_chart, matrix_chart
from ui.colors import speaker_colors
from ui.downloads import file_stem, table_download
from ui.state import current_analysis
from ui.text import plain

st.set_page_config(page_title="Reciprocity · Readout Analyzer", layout="wide")
st.title("Reciprocity")
st.caption("Did each side give the other what it received? Support, thanks and pledges in each direction, "
           "the themes both raised and the words both used, summed up in an index from 0 to 1.")
result = current_analysis()
try:
    reciprocity_report(result)
    pairs = pairs_table(result)
except ValueError as exc:
    st.error(str(exc))
    st.stop()
if pairs.empty:
    st.info("Reciprocity needs two parties, and this readout has fewer: name the leaders on the main page.")
    st.stop()

labels = [f"{a} and {b}" for a, b in zip(pairs["a"], pairs["b"])]
choice = st.selectbox("Pair of parties", range(len(labels)), format_func=labels.__getitem__,
                      key="reciprocity_pair", disabled=len(labels) == 1)
row = pairs.iloc[choice]
a, b = str(row["a"]), str(row["b"])
pair = (a, b)
colors = speaker_colors([p.leader for p in result.parties])
stem = file_stem(result, f"reciprocity_{a.split()[-1]}-{b.split()[-1]}")

st.metric(plain(f"Reciprocity index, {a} and {b}"), f"{row['index']:.2f}", help=FORMULA)
for note in reciprocity_report(result)["pairs"][choice]["notes"]:
    st.caption(plain(note))
components = index_components(result, pair=pair)
show_chart(components_chart(components, title=f"Reciprocity index and its components: {a} and {b}"),
           "reciprocity_index", stem=f"{stem}_index")
table_download(components, f"{stem}_index", key="reciprocity_index_csv")
if len(result.parties) > 2:
    matrix = index_matrix(result)
    show_chart(matrix_chart(matrix), "reciprocity_matrix", stem=f"{file_stem(result, 'reciprocity')}_matrix")
    table_download(pairs, f"{file_stem(result, 'reciprocity')}_pairs", key="reciprocity_pairs_csv")

st.subheader("Acts in each direction")
show_chart(acts_chart(act_counts(result, pair=pair), a, b, colors=colors,
                      title=f"Acts by type: {a} → {b} (left), {b} → {a} (right)"),
           "reciprocity_acts", stem=f"{stem}_acts")
acts = acts_table(result, pair=pair)
with st.expander(f"All {len(acts)} acts with their sentences"):
    st.dataframe(acts, hide_index=True, width="stretch")
table_download(acts, f"{stem}_acts", key="reciprocity_acts_csv")

st.subheader("Mirrored acts")
st.caption("The same kind of act in both directions, with both sentences side by side.")
mirrored = mirrored_table(result, pair=pair)
if mirrored.empty:
    st.info("No act of one side is mirrored by the other.")
st.dataframe(mirrored[["type", "a_evidence", "a_text", "b_evidence", "b_text"]].rename(columns={
    "a_evidence": f"{a}: act", "a_text": f"{a}: sentence", "b_evidence": f"{b}: act", "b_text": f"{b}: sentence"}),
    hide_index=True, width="stretch")
table_download(mirrored, f"{stem}_mirrored", key="reciprocity_mirrored_csv")

st.subheader("One-sided acts")
one_sided = one_sided_table(result, pair=pair)
if one_sided.empty:
    st.info("Every kind of act goes both ways.")
st.dataframe(one_sided[["source", "target", "type", "evidence", "text"]], hide_index=True, width="stretch")
table_download(one_sided, f"{stem}_one-sided", key="reciprocity_one_sided_csv")

st.subheader("Themes")
themes = theme_mirror_table(result, pair=pair)
for column, (heading, who) in zip(st.columns(3), ((f"Raised by {a} only", a), ("Raised by both", "both"),
                                                  (f"Raised by {b} only", b))):
    column.dataframe(themes[themes["raised_by"] == who][["label"]].rename(columns={"label": heading}),
                     hide_index=True, width="stretch")
joint_themes = themes[themes["raised_by"] == "joint"]["label"].tolist()
if joint_themes:
    st.caption(plain("Raised in joint statements (not counted for either side): " + ", ".join(joint_themes) + "."))
table_download(themes, f"{stem}_themes", key="reciprocity_themes_csv")

st.subheader("Lexical echo")
echo = echo_table(result, pair=pair)
st.caption("Content phrases both sides use (lemmatised; stop words and party names left out). "
           + (f"Echo score: {row['echo']:.2f}." if pd.notna(row["echo"]) else "Neither side has content phrases."))
st.dataframe(echo[["phrase", "a_count", "b_count"]].rename(columns={"a_count": a, "b_count": b}),
             hide_index=True, width="stretch")
table_download(echo, f"{stem}_echo", key="reciprocity_echo_csv")
