"""Readout Analyzer: paste, upload or fetch a diplomatic readout and see who said what, with charts to download."""

from __future__ import annotations

import datetime as dt
import html
import importlib.util

import streamlit as st

from analysis import config
from analysis.extract import SUPPORTED_SUFFIXES, text_from_file, text_from_url
from analysis.samples import load_sample
from analysis.summary import airtime_frame, readout_summary, top_themes_frame
from ui.charts.common import show_chart
from ui.charts.readout import airtime_chart, index_chart, top_themes_chart
from ui.colors import speaker_colors
from ui.downloads import file_stem, table_download
from ui.pipeline import cached_analysis, pipeline
from ui.report import report_downloads
from ui.state import ANALYSIS_KEY, set_current
from ui.statements import show_statements
from ui.text import plain

HAS_STORE = importlib.util.find_spec("analysis.store") is not None
HAS_KEYWORDS = importlib.util.find_spec("analysis.keywords") is not None
TEXT, TITLE, DATE, PARTIES, NOTE = "readout_text", "readout_title", "readout_date", "readout_parties", "input_note"
DATE_RANGE = (dt.date(1900, 1, 1), dt.date.today() + dt.timedelta(days=365))  # what the date box accepts


def _load(text: str, note: str, *, title: str | None = None, date: str | None = None,
          parties: tuple[str, ...] = ()) -> None:
    st.session_state[TEXT] = text
    st.session_state[TITLE] = title or ""
    day = dt.date.fromisoformat(date) if date else None
    if day is not None and not DATE_RANGE[0] <= day <= DATE_RANGE[1]:
        note += f" Its date ({date}) is outside what the date box takes, so it is left empty."
        day = None
    st.session_state[DATE] = day
    st.session_state[PARTIES] = ", ".join(parties)
    st.session_state[NOTE] = ("success", note)


def load_sample_readout() -> None:
    sample = load_sample()
    _load(sample.text, f"Loaded the sample: {sample.title} ({sample.date}).", title=sample.title, date=sample.date,
          parties=sample.parties)


PENDING = "pending_input"


def request(source: str) -> None:
    """Widget callback: remember that the user asked to read an upload or a web page. The reading itself
    (a PDF parse, a fetch of up to FETCH_TIMEOUT seconds) runs in the page body under a spinner."""
    st.session_state[PENDING] = source


def read_pending() -> None:
    """Read the upload or web page the user asked for, with a spinner; any failure becomes a message."""
    source = st.session_state.pop(PENDING, None)
    if source == "upload" and st.session_state.get("upload") is not None:
        upload = st.session_state["upload"]
        what, title = upload.name, upload.name.rsplit(".", 1)[0]
        read = lambda: text_from_file(upload.name, upload.getvalue())  # noqa: E731
    elif source == "url":
        what, title = st.session_state.get("url", "").strip(), None
        read = lambda: text_from_url(what)  # noqa: E731
    else:
        return
    try:
        with st.spinner(f"Reading {what} ..."):
            text = read()
    except ValueError as exc:
        st.session_state[NOTE] = ("error", str(exc))
    except Exception as exc:  # noqa: BLE001 - a library failing on a strange file must not show a traceback
        st.session_state[NOTE] = ("error", f"{what} could not be read ({type(exc).__name__}: {exc}).")
    else:
        _load(text, f"Read {what}." if source == "upload" else f"Fetched the article text of {what}.", title=title)


def load_from_corpus() -> None:
    from analysis.store import Store

    choice = st.session_state.get("corpus_pick")
    if choice is None:
        return
    try:
        with Store() as store:
            readout = store.get(int(choice))
    except ValueError as exc:
        st.session_state[NOTE] = ("error", str(exc))
        return
    _load(readout.text, f"Loaded readout #{readout.id} from the corpus.", title=readout.title, date=readout.date,
          parties=readout.parties)


def correct_parties() -> None:
    st.session_state[PARTIES] = st.session_state.get("party_fix", "")
    st.session_state["rerun_analysis"] = True


def corpus_choices() -> dict[int, str]:
    from ui.corpus import corpus_version

    return _corpus_choices(*corpus_version())


@st.cache_data(max_entries=4, show_spinner=False)
def _corpus_choices(path: str, version: tuple) -> dict[int, str]:
    """The corpus's readouts by id, read once per change of the store (not on every keystroke)."""
    from analysis.store import Store

    with Store(path) as store:
        return {r.id: f"{r.date or 'undated'} · {r.title or 'untitled'}" for r in store.search(limit=500)}


st.set_page_config(page_title="Readout Analyzer", page_icon=":material/article:", layout="wide")
st.title("Readout Analyzer")
st.caption("The official summary of a call between leaders, statement by statement: who said what, which themes "
           "each side stressed, and whether what one side offered the other gave back.")

pipeline()  # the language model loads once per server, on the first visit, not on the first Analyze
for widget_key, initial in ((TEXT, ""), (TITLE, ""), (DATE, None), (PARTIES, ""), ("party_fix", ""),
                           ("keywords", "")):
    st.session_state.setdefault(widget_key, initial)

st.button("Load the sample readout (Xi Jinping and Ebrahim Raisi, 4 August 2021)", key="load_sample",
          on_click=load_sample_readout)
sources = ["Upload a file", "From a web address"] + (["From the corpus"] if HAS_STORE else [])
for tab, name in zip(st.tabs(sources), sources):
    with tab:
        if name == "Upload a file":
            st.file_uploader(f"A readout as {', '.join(SUPPORTED_SUFFIXES)} (up to {config.MAX_UPLOAD_MB} MB)",
                             type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES], key="upload", on_change=request,
                             args=("upload",))
        elif name == "From a web address":
            st.text_input("Web address of the readout", key="url", placeholder="https://...")
            st.button("Fetch the article text", key="fetch", on_click=request, args=("url",),
                      help=f"Only the article's text is kept; pages over {config.MAX_UPLOAD_MB} MB or slower than "
                           f"{config.FETCH_TIMEOUT} s are refused.")
        else:
            try:
                choices = corpus_choices()
            except Exception as exc:  # noqa: BLE001 - a broken corpus must not take the page down
                st.error(f"The corpus could not be opened: {exc}")
                choices = {}
            if choices:
                st.selectbox("A readout from the corpus", list(choices), format_func=choices.get, key="corpus_pick")
                st.button("Load it", key="load_corpus", on_click=load_from_corpus)
            else:
                st.info("The corpus is empty: add readouts on the Corpus page, or save one from here.")

read_pending()
note = st.session_state.pop(NOTE, None)
if note:
    (st.success if note[0] == "success" else st.error)(note[1])

text = st.text_area("Readout text", key=TEXT, height=260, max_chars=config.MAX_CHARS,
                    placeholder="Paste the readout here, e.g. “President X spoke today with President Y ...”",
                    help=f"English text up to {config.MAX_CHARS:,} characters (readouts are rarely over 10,000).")
st.caption(f"{len(text or ''):,} of {config.MAX_CHARS:,} characters. Nothing you paste leaves this computer.")
with st.expander("Title, date and parties (optional)"):
    title = st.text_input("Title", key=TITLE)
    date = st.date_input("Date of the call", key=DATE, min_value=DATE_RANGE[0], max_value=DATE_RANGE[1],
                         format="YYYY-MM-DD")
    parties_text = st.text_input("Leaders' names, comma-separated", key=PARTIES,
                                 help="Give them when the analyzer misses a party or names one wrongly.")

if st.button("Analyze", type="primary", key="analyze") or st.session_state.pop("rerun_analysis", False):
    parties = tuple(p.strip() for p in (parties_text or "").split(",") if p.strip())
    try:
        with st.spinner("Analysing the readout ..."):
            new = cached_analysis(text or "", parties, date.isoformat() if date else None, title or None)
        set_current(new)
        st.session_state["analysed_text"] = text
        st.session_state["party_fix"] = ", ".join(p.leader for p in new.parties)
        echo = [p["phrase"] for e in (new.extras.get("reciprocity") or {}).get("echo") or []
                for p in e.get("phrases") or [] if p.get("words", 0) >= 3][:2]
        st.session_state["keywords"] = ", ".join(echo + ["support", "cooperation"])
    except (ValueError, RuntimeError) as exc:
        st.session_state.pop(ANALYSIS_KEY, None)
        st.error(str(exc))

result = st.session_state.get(ANALYSIS_KEY)
if result is not None:
    if st.session_state.get("analysed_text") not in (None, text):
        st.info("The text above has changed since this analysis: press Analyze to update it.")
    colors = speaker_colors([p.leader for p in result.parties])
    summary = readout_summary(result)
    st.header(plain(result.title or "Analysis"))
    st.subheader("Summary")
    st.markdown(f"**{plain(summary.headline)}**")
    for paragraph in summary.paragraphs:
        st.markdown(plain(paragraph))
    for warning in result.warnings:
        st.warning(plain(warning))

    st.subheader("Parties")
    chips = " ".join(
        f'<span style="border:2px solid {colors[p.leader]};border-radius:1em;padding:2px 10px;margin-right:6px">'
        f'<b style="color:{colors[p.leader]}">{html.escape(p.leader)}</b>'
        f"{html.escape(' · ' + ', '.join(x for x in (p.title, p.country) if x)) if p.title or p.country else ''}"
        "</span>" for p in result.parties
    ) or "No party could be named: give the leaders' names below."
    st.markdown(chips, unsafe_allow_html=True)
    with st.expander("Correct the parties"):
        st.text_input("Leaders' names, comma-separated", key="party_fix")
        st.button("Analyse again with these parties", key="fix_parties", on_click=correct_parties)

    words, statements = sum(s.words for s in result.statements), len(result.statements)
    pairs = (result.extras.get("reciprocity") or {}).get("pairs") or []
    cols = st.columns(4)
    cols[0].metric("Statements", statements)
    cols[1].metric("Words", f"{words:,}")
    cols[2].metric("Parties", len(result.parties))
    cols[3].metric("Reciprocity index", f"{pairs[0]['index']:.2f}" if pairs and pairs[0].get("index") is not None
                   else "—", help="0 = one-sided, 1 = fully mirrored; see the Reciprocity page.")

    st.subheader("Figures")
    left, right = st.columns(2)
    with left:
        show_chart(airtime_chart(airtime_frame(result), colors), "readout_words",
                   stem=file_stem(result, "words"))
    themes = top_themes_frame(result)
    with right:
        if themes.empty:
            st.info("No theme of the taxonomy was found in this readout.")
        else:
            show_chart(top_themes_chart(themes, colors), "readout_themes", stem=file_stem(result, "themes"))
    if pairs and len(result.parties) >= 2:
        from analysis.reciprocity import index_components

        show_chart(index_chart(index_components(result)), "readout_index", stem=file_stem(result, "reciprocity"))

    if HAS_KEYWORDS:
        from analysis.keywords import keyword_positions
        from ui.charts.timeline import positions_chart

        st.subheader("Keywords in this readout")
        keywords = [k.strip() for k in st.text_input("Keywords or phrases, comma-separated",
                                                     key="keywords").split(",") if k.strip()]
        if keywords:
            try:
                positions = keyword_positions(result, keywords, nlp=pipeline())
                show_chart(positions_chart(positions, keywords=keywords, statements=statements, colors=colors),
                           "readout_keywords", stem=file_stem(result, "keywords"))
            except ValueError as exc:
                st.error(str(exc))

    st.subheader("Statements")
    st.caption("Each statement with its speaker and, in brackets, the cue the speaker was found by.")
    show_statements(result)
    from analysis.report import statements_frame

    table_download(statements_frame(result), file_stem(result, "statements"), key="statements_csv",
                   label="Download the statements (CSV)")

    st.subheader("Report and downloads")
    report_downloads(result)

    if HAS_STORE:
        if st.button("Save to corpus", key="save"):
            from analysis.store import Store

            try:
                with Store() as store:
                    new_id, created = store.add(result.text, title=result.title, date=result.date,
                                                parties=[p.leader for p in result.parties])
                st.success(f"Saved to the corpus as readout #{new_id}." if created
                           else f"This readout is already in the corpus (#{new_id}).")
            except (ValueError, OSError) as exc:
                st.error(f"Could not save: {exc}")
else:
    st.info("Paste a readout above (or load the sample) and press **Analyze**. The other pages in the sidebar "
            "show the themes, reciprocity and keyword timelines of the readout analysed here.")
