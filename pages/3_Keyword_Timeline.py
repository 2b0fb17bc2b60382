"""Keyword timeline: how chosen words rise and fall across the corpus, and where they fall in one readout."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analysis.keywords import keyword_patterns, keyword_positions
from analysis.timeline import (
    BY_OPTIONS,
    corpus_countries,
    corpus_keyword_in_context,
    keyword_timeline,
    readouts_in_period,
    select_readouts,
    suggest_keywords,
)
from ui.charts.common import show_chart
from ui.charts.timeline import positions_chart, timeline_chart
from ui.colors import speaker_colors
from ui.corpus import corpus_version, load_corpus
from ui.downloads import file_stem, table_download
from ui.pipeline import pipeline
from ui.state import current_analysis


@st.cache_data(max_entries=8, show_spinner=False)
def suggestions(path: str, version: tuple) -> list[str]:
    return suggest_keywords(load_corpus(), n=30)


st.set_page_config(page_title="Keyword timeline", layout="wide")
st.title("Keyword timeline")
st.caption("Mentions per 1,000 words across the dated readouts of the corpus, matched on lemmas "
           "(\"core interest\" also finds \"core interests\"). Click a point to read the sentences it counts.")
path, version = corpus_version()
corpus = load_corpus()
if not corpus:
    st.info("The corpus is empty: import readouts on the Corpus page.")
    st.stop()

left, right = st.columns(2)
picked = left.multiselect("Suggested keywords (most distinctive of the corpus)", suggestions(path, version),
                          default=suggestions(path, version)[:2], key="tl_suggested")
typed = right.text_input("Other keywords or phrases, separated by commas", key="tl_typed")
keywords = picked + [k.strip() for k in typed.split(",") if k.strip()]
by = left.selectbox("Period", BY_OPTIONS, index=3, key="tl_by")
per = right.selectbox("Grouping", [None, "speaker", "country"], key="tl_per",
                      format_func=lambda p: {None: "all statements", "speaker": "per speaker"}.get(p, "per country"))
countries = ["(any)"] + corpus_countries(corpus)
first = left.selectbox("Between country", countries, key="tl_country_a")
second = right.selectbox("and country", countries, key="tl_country_b")
dates = sorted(dt.date.fromisoformat(c.date) for c in corpus if c.date)
# Keyed on the corpus's span, so that readouts added later in the session are not cut off by an old range.
span = st.date_input("Dates of the calls", value=(dates[0], dates[-1]) if dates else (),
                     key=f"tl_dates_{dates[0]}_{dates[-1]}" if dates else "tl_dates")
pair = None if "(any)" in (first, second) else (first, second)
if not keywords:
    st.info("Choose a suggested keyword or type one to draw the timeline.")
    st.stop()
try:
    selected = select_readouts(corpus, pair=pair, date_from=span[0] if len(span) > 0 else None,
                               date_to=span[1] if len(span) > 1 else None)
    df = keyword_timeline(selected, keywords, by=by, per=per, nlp=pipeline())
    keywords = [p.keyword for p in keyword_patterns(keywords, nlp=pipeline())]
except ValueError as exc:
    st.error(str(exc))
    st.stop()
if df.attrs.get("undated"):
    st.warning(f"{df.attrs['undated']} readout(s) have no date and are left out; give them one on the Corpus page.")
groups = [g for g in dict.fromkeys(df["group"]) if g not in ("joint", "narration")]
fig = timeline_chart(df, colors=speaker_colors(groups))
event = show_chart(fig, "tl_chart", stem="corpus_keyword-timeline", selectable=True, download_key="tl_chart_dl")
table_download(df, "corpus_keyword-timeline", key="tl_table_dl")

st.subheader("Keyword in context")
points = ((event or {}).get("selection") or {}).get("points") or []  # the click, if any
clicked = [p["customdata"] for p in points if p.get("customdata")]
labels = {c.id: f"{c.date or 'undated'} · {c.title or 'untitled'}" for c in selected}
if clicked and clicked[0] != st.session_state.get("tl_last_click"):  # a new click picks the point's readouts
    st.session_state["tl_last_click"] = clicked[0]
    period, readout_id = clicked[0][0], clicked[0][1]
    ids = [c.id for c in readouts_in_period(selected, period, by) if readout_id in ("", str(c.id))]
    st.session_state["tl_clicked"], st.session_state["tl_readout"] = ids, ids[0] if len(ids) == 1 else None
if st.session_state.get("tl_readout") not in labels:  # filtered out since it was picked
    st.session_state["tl_readout"] = None
pick = st.selectbox("Readout (or click a point on the chart)", [None, *labels], key="tl_readout",
                    format_func=lambda i: "(the clicked point's readouts)" if i is None else labels[i])
shown = [pick] if pick is not None else [i for i in st.session_state.get("tl_clicked", []) if i in labels]
kwic = corpus_keyword_in_context([c for c in selected if c.id in shown], keywords, nlp=pipeline())
if shown and kwic.empty:
    st.info("None of the keywords is mentioned in the chosen readout(s).")
elif shown:
    st.dataframe(kwic.drop(columns=["start", "end"]), hide_index=True, width="stretch")
    table_download(kwic, "corpus_keyword-in-context", key="tl_kwic_dl")

st.subheader("Within the current readout")
result = current_analysis()
positions = keyword_positions(result, keywords, nlp=pipeline())
colors = speaker_colors([p.leader for p in result.parties])
show_chart(positions_chart(positions, keywords=keywords,
                           statements=len(result.statements), colors=colors), "keyword-positions")
table_download(positions, file_stem(result, "keyword-positions"), key="tl_positions_dl")
