"""Corpus: the stored readouts; search, import, export, analyse, edit, delete, open one as the current readout."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analysis.exporting import corpus_table, export_bytes
from analysis.importing import SUFFIXES, import_files
from analysis.seed import seed_if_empty
from analysis.store import Store, default_db_path
from ui.downloads import table_download
from ui.pipeline import pipeline
from ui.state import set_current


@st.cache_resource(show_spinner=False)
def open_store(path: str) -> Store:
    """One store per database file for the server process, seeded with the shipped readouts when new."""
    store = Store(path)
    seed_if_empty(store)
    return store


def progress_bar(label: str):
    bar = st.progress(0.0, text=label)
    return lambda done, total: bar.progress(done / total if total else 1.0, text=f"{label} {done}/{total}")


st.set_page_config(page_title="Corpus", layout="wide")
st.title("Corpus")
st.caption("The readouts stored on this machine. Synthetic readouts (invented, between fictional countries) "
           "are marked as such; they are there so that every page has something to show.")
store = open_store(str(default_db_path()))

left, middle, right = st.columns([2, 1, 1])
query = left.text_input("Search titles and texts", key="corpus_query")
country = middle.selectbox("Country", ["(any)", *store.countries()], key="corpus_country")
sort = right.selectbox("Sort by", ["-date", "date", "title", "-title", "-added", "added"], key="corpus_sort",
                       format_func=lambda s: {"-date": "newest call", "date": "oldest call", "title": "title A-Z",
                                              "-title": "title Z-A", "-added": "last added",
                                              "added": "first added"}[s])
date_from = middle.date_input("Calls from", value=None, min_value=dt.date(1900, 1, 1), key="corpus_from")
date_to = right.date_input("Calls until", value=None, min_value=dt.date(1900, 1, 1), key="corpus_to")
try:
    readouts = store.search(query, country=None if country == "(any)" else country, date_from=date_from,
                            date_to=date_to, sort=sort)
except ValueError as exc:
    st.error(str(exc))
    st.stop()
st.write(f"{len(readouts)} of {store.count()} readouts")
table = corpus_table(readouts)
st.dataframe(table, hide_index=True, width="stretch", key="corpus_table")
table_download(table, "corpus_list", key="corpus_table_dl")

with st.expander("Import readouts"):
    st.caption(f"{', '.join(SUFFIXES)} files. Text files may begin with front matter (title, date, publisher, "
               "published_by, source, parties); CSV and JSONL need a text column or key.")
    uploads = st.file_uploader("Files", type=[s.lstrip(".") for s in SUFFIXES], accept_multiple_files=True,
                               key="corpus_upload")
    if st.button("Import", disabled=not uploads, key="corpus_import"):
        st.session_state["corpus_report"] = import_files(store, [(f.name, f.getvalue()) for f in uploads],
                                                         progress=progress_bar("Importing"))
        st.rerun()  # list the new readouts
    report = st.session_state.get("corpus_report")
    if report is not None:
        (st.warning if report.errors else st.success)(report.summary())
        if report.errors:
            st.dataframe(pd.DataFrame([vars(e) for e in report.errors], columns=["file", "line", "message"]),
                         hide_index=True, width="stretch", key="corpus_errors")

with st.expander("Export and analyse"):
    fmt = st.radio("Format", ["jsonl", "csv"], horizontal=True, key="corpus_format")
    with_analysis = st.checkbox("With the analysis of each readout", key="corpus_with_analysis")
    if st.button(f"Prepare the export of the {len(readouts)} listed readouts", key="corpus_prepare"):
        st.session_state["corpus_export"] = (fmt, export_bytes(
            store, fmt, [r.id for r in readouts], with_analysis=with_analysis, nlp=pipeline(),
            progress=progress_bar("Exporting")))
    if "corpus_export" in st.session_state:
        fmt_ready, data = st.session_state["corpus_export"]
        st.download_button(f"Download corpus ({fmt_ready.upper()})", data, file_name=f"corpus.{fmt_ready}",
                           mime="text/csv" if fmt_ready == "csv" else "application/jsonl", key="corpus_download")
    if st.button("Analyse all readouts not analysed yet", key="corpus_analyse_all"):
        st.session_state["corpus_analysed"] = store.analyze_all(nlp=pipeline(), progress=progress_bar("Analysing"))
        st.rerun()  # show the parties' countries
    if (done := st.session_state.pop("corpus_analysed", None)) is not None:
        st.success(f"{done.analysed} analysed, {done.cached} were already analysed.")
        for readout_id, message in done.failed:
            st.error(f"Readout {readout_id}: {message}")

if not readouts:
    st.info("No readouts match: clear the filters, or import some above.")
    st.stop()
labels = {r.id: f"{r.id} · {r.date or 'undated'} · {r.title or 'untitled'}" for r in readouts}
chosen = st.selectbox("Readout", list(labels), format_func=labels.get, key="corpus_chosen")
readout = store.get(chosen)
SYNTHETIC = "Synthetic readout: invented for demonstration, between fictional countries and leaders."
if readout.synthetic:
    st.info(SYNTHETIC)
st.text_area("Text", readout.text, height=180, disabled=True, key=f"corpus_text_{chosen}")
if st.button("Open as the current readout", type="primary", key="corpus_open"):
    try:
        result = store.analysis(chosen, nlp=pipeline())  # a fresh copy: the note is not cached
        if readout.synthetic:
            result.warnings.insert(0, SYNTHETIC)  # other pages show the warnings
        set_current(result)
        st.success("It is now the current readout on every page.")
    except ValueError as exc:
        st.error(str(exc))

with st.form(f"corpus_edit_{chosen}"):
    st.write("Edit metadata")
    a, b = st.columns(2)
    fields = {"title": a.text_input("Title", readout.title or ""), "date": b.text_input("Date (YYYY-MM-DD)", readout.date or ""),
              "publisher": a.text_input("Publisher", readout.publisher or ""),
              "published_by": b.text_input("Published by (side)", readout.published_by or ""),
              "source": a.text_input("Source", readout.source or ""),
              "parties": b.text_input("Parties (comma-separated)", ", ".join(readout.parties)),
              "synthetic": st.checkbox("Synthetic", readout.synthetic)}
    if st.form_submit_button("Save"):
        try:
            store.update_metadata(chosen, **fields)
            st.rerun()
        except ValueError as exc:
            st.error(str(exc))

if st.button("Delete this readout", key="corpus_delete"):
    st.session_state["corpus_confirm"] = chosen
if st.session_state.get("corpus_confirm") == chosen:
    st.warning(f"Delete readout {chosen} for good? Its cached analysis goes too.")
    yes, no = st.columns(2)
    if yes.button("Yes, delete", type="primary", key="corpus_delete_yes"):
        store.delete(chosen)
        del st.session_state["corpus_confirm"]
        st.rerun()
    if no.button("Cancel", key="corpus_delete_no"):
        del st.session_state["corpus_confirm"]
        st.rerun()
