"""Themes: which subjects each leader raised and how heavily, the statements behind each bar, and the taxonomy."""

from __future__ import annotations

import streamlit as st

from analysis import tag_themes, theme_frequencies
from analysis.distinctive import distinctive_terms
from analysis.taxonomy import active_taxonomy, save_taxonomy, user_taxonomy_error
from analysis.themes import highlight_segments, theme_mentions, theme_statements
from analysis.topics import discover_topics, topic_to_theme, topics_frame
from ui.charts.common import show_chart
from ui.charts.themes import METRICS, distinctive_chart, theme_bars, theme_heatmap
from ui.colors import speaker_colors
from ui.corpus import analysed_corpus
from ui.downloads import file_stem, table_download
from ui.pipeline import pipeline
from ui.state import current_analysis
from ui.taxonomy_editor import escape_markdown, taxonomy_editor


def corpus_readouts() -> list:
    """The analysed readouts of the corpus store (none when it cannot be opened)."""
    try:
        return analysed_corpus()
    except (ValueError, OSError):
        return []


#: Every character that HTML or Streamlit's markdown would read, as a numeric entity: readout text stays text.
SAFE = {ord(c): f"&#{ord(c)};" for c in "&<>\"'*_`[]()#+-!|~$:\\{}\n"}


def marked(text: str, mentions: list) -> str:
    """The statement made safe piece by piece (escaped first), then its matched terms wrapped in <mark>."""
    return "".join(f"<mark>{t.translate(SAFE)}</mark>" if themes else t.translate(SAFE)
                   for t, themes in highlight_segments(text, mentions))


st.set_page_config(page_title="Themes · Readout Analyzer", layout="wide")
st.title("Themes")
st.caption("Which subjects of diplomacy each side raised, and how heavily: per 1,000 words of its statements, "
           "so that a long-winded side does not win by volume. Every bar leads back to its sentences.")
result, taxonomy = current_analysis(), active_taxonomy()
if user_taxonomy_error():
    st.warning(escape_markdown(user_taxonomy_error()))
try:
    result = tag_themes(result, taxonomy, nlp=pipeline())  # cheap: the stored lemmas, matched again
    table = theme_frequencies(result, taxonomy=taxonomy)
except ValueError as exc:
    st.error(escape_markdown(str(exc)))
    st.stop()
colors, stem = speaker_colors([p.leader for p in result.parties]), file_stem(result, "themes")
metric = st.radio("Measure", list(METRICS), format_func=METRICS.get, horizontal=True, key="themes_metric")
hide = st.checkbox("Hide themes nobody raised", value=True, key="themes_hide_empty")
shown = table[table.groupby("theme")["mentions"].transform("sum") > 0] if hide else table
if shown.empty:
    st.info("No theme of the taxonomy occurs in this readout; add terms below.")

fig = theme_bars(shown, metric=metric, colors=colors)
event = show_chart(fig, "theme_bars", stem=f"{stem}_bars", selectable=True, download_key="theme_bars_dl")
table_download(table, stem, key="themes_csv")

st.subheader("The statements behind a bar")
points = (event.get("selection") or {}).get("points") or [] if event else []
if points and points[0].get("customdata") and points[0]["customdata"] != st.session_state.get("themes_click"):
    st.session_state["themes_click"] = points[0]["customdata"]  # a click on a bar picks its theme and speaker
    st.session_state["themes_theme"], st.session_state["themes_speaker"] = points[0]["customdata"][:2]
ids = list(dict.fromkeys(shown["theme"])) or taxonomy.ids
labels = dict(zip(table["theme"], table["label"]))
if st.session_state.get("themes_theme") not in ids:
    st.session_state.pop("themes_theme", None)
left, right = st.columns(2)
theme_id = left.selectbox("Theme", ids, format_func=labels.get, key="themes_theme")
speaker = right.selectbox("Speaker", result.speakers(), key="themes_speaker")
behind = theme_statements(result, theme_id, speaker)
st.caption(f"{len(behind)} statement(s); matched terms are highlighted. Click a bar above to choose.")
for s in behind:
    mentions = [m for m in theme_mentions(s, taxonomy=taxonomy, nlp=pipeline()) if m.theme == theme_id]
    st.markdown(f"<div><b>{s.index + 1}.</b> {marked(s.text, mentions)}</div>", unsafe_allow_html=True)

st.subheader("Theme by speaker")
show_chart(theme_heatmap(shown, metric=metric), "theme_heatmap", stem=f"{stem}_heatmap")

st.subheader("Distinctive terms")
st.caption("The words and phrases that mark each leader's statements against the other's "
           "(log-odds ratio with an informative Dirichlet prior; z above 2 is strong evidence).")
try:
    terms = distinctive_terms(result, top_n=12)
    show_chart(distinctive_chart(terms, colors=colors), "distinctive_terms", stem=f"{stem}_distinctive")
    table_download(terms, f"{stem}_distinctive", key="distinctive_csv")
except ValueError as exc:
    st.info(escape_markdown(str(exc)))

st.subheader("Topic discovery")
corpus = corpus_readouts()
documents = corpus if len(corpus) >= 5 else result.statements
st.caption(f"Topics found by TF-IDF and NMF over {len(corpus)} readouts of the corpus." if documents is corpus
           else "Fewer than 5 readouts are analysed in the corpus, so topics are found among this readout's "
           "statements.")
try:
    topics = discover_topics(documents, parties=result.parties)
except ValueError as exc:
    topics = []
    st.info(escape_markdown(str(exc)))
if topics:
    frame = topics_frame(topics)
    st.dataframe(frame, hide_index=True, width="stretch")
    table_download(frame, f"{stem}_topics", key="topics_csv")
for topic in topics:
    if st.button(f"Add topic {topic.id + 1} as a theme", key=f"topic_add_{topic.id}"):
        save_taxonomy(topic_to_theme(topic, taxonomy))
        st.rerun()

with st.expander("Edit the taxonomy"):
    taxonomy_editor(taxonomy)
