"""The taxonomy editor widget: add or remove themes and terms, upload or download the TOML file, reset."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from analysis.taxonomy import (
    Taxonomy,
    Theme,
    parse_taxonomy,
    reset_taxonomy,
    save_taxonomy,
    taxonomy_to_toml,
    user_taxonomy_path,
)
from ui.text import plain

#: Session-state key of the message shown after an edit (it survives the rerun that applies the edit).
NOTICE_KEY = "taxonomy_notice"


def escape_markdown(text: str) -> str:
    """Text that Streamlit's markdown (in st.error, st.info ...) shows as it is: no links, images or emphasis."""
    return plain(text)


def _apply(edit: Callable[[], Taxonomy], message: str) -> None:
    """Make and save the edited taxonomy, then rerun so every chart uses it; on bad input say why."""
    try:
        save_taxonomy(edit())
    except ValueError as exc:
        st.error(escape_markdown(str(exc)))
        return
    st.session_state[NOTICE_KEY] = message
    st.rerun()


def taxonomy_editor(taxonomy: Taxonomy) -> None:
    """Show the editor for `taxonomy` (the active one); every change is saved as the user's copy at once.

    Invalid input (an empty term, a taken id, a broken upload) shows `st.error` and changes nothing.
    """
    # Messages name theme ids only (checked: letters, digits, _), never user text that markdown would read.
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.success(notice)
    labels = taxonomy.labels()
    st.caption(f"Your edits are saved in {user_taxonomy_path()} and used for every readout you analyse.")
    st.download_button("Download taxonomy (TOML)", taxonomy_to_toml(taxonomy).encode("utf-8"),
                       file_name="taxonomy.toml", mime="application/toml", key="taxonomy_download",
                       on_click="ignore")
    st.dataframe([{"id": t.id, "label": t.label, "terms": ", ".join(t.terms)} for t in taxonomy.themes],
                 hide_index=True, key="taxonomy_table")
    terms_col, themes_col = st.columns(2)
    with terms_col:
        theme_id = st.selectbox("Theme", taxonomy.ids, format_func=labels.get, key="taxonomy_theme")
        term = st.text_input("New term (a word or phrase)", key="taxonomy_new_term")
        if st.button("Add term", key="taxonomy_add_term"):
            _apply(lambda: taxonomy.with_term(theme_id, term), f"Added a term to theme {theme_id}.")
        old = st.selectbox("Term to remove", taxonomy.theme(theme_id).terms, key="taxonomy_old_term")
        if st.button("Remove term", key="taxonomy_remove_term") and old:
            _apply(lambda: taxonomy.without_term(theme_id, old), f"Removed a term from theme {theme_id}.")
    with themes_col:
        new_id = st.text_input("New theme id (lower case, digits, _)", key="taxonomy_new_id")
        new_label = st.text_input("Its label", key="taxonomy_new_label")
        new_terms = st.text_input("Its terms, separated by commas", key="taxonomy_new_terms")
        if st.button("Add theme", key="taxonomy_add_theme"):
            terms = tuple(t for t in new_terms.split(",") if t.strip())
            _apply(lambda: taxonomy.with_theme(Theme(new_id.strip(), new_label, "", terms)),
                   f"Added a theme ({len(taxonomy.themes) + 1} themes now).")
        if st.button("Remove the selected theme", key="taxonomy_remove_theme"):
            _apply(lambda: taxonomy.without_theme(theme_id), f"Removed theme {theme_id}.")
    upload = st.file_uploader("Upload a taxonomy (TOML)", type=["toml"], key="taxonomy_upload")
    if upload is not None:
        try:
            uploaded = parse_taxonomy(upload.getvalue())
        except ValueError as exc:
            st.error(escape_markdown(f"{exc} Nothing was changed."))
        else:
            st.info(f"The file is a valid taxonomy with {len(uploaded.themes)} themes.")
            if st.button("Use the uploaded taxonomy", key="taxonomy_use_upload"):
                _apply(lambda: uploaded, f"Now using the uploaded taxonomy ({len(uploaded.themes)} themes).")
    if st.button("Reset to the default taxonomy", key="taxonomy_reset"):
        reset_taxonomy()
        st.session_state[NOTICE_KEY] = "The default taxonomy is in use again."
        st.rerun()
