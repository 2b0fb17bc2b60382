"""The readout shown statement by statement, coloured by speaker, with the cue behind each speaker."""

from __future__ import annotations

import html

import streamlit as st

from analysis import ReadoutAnalysis
from ui.colors import speaker_colors


def show_statements(result: ReadoutAnalysis) -> None:
    """Render every statement with a coloured speaker label; the text is escaped, never run as HTML."""
    colors = speaker_colors([p.leader for p in result.parties])
    rows = []
    for s in result.statements:
        label = s.speaker or "narration"
        color = colors.get(label, colors["narration"])
        rows.append(
            f'<div style="border-left:6px solid {color};padding:4px 10px;margin:6px 0">'
            f'<span style="font-weight:600;color:{color}">{html.escape(label)}</span> '
            f'<span style="opacity:0.7;font-size:0.85em">[{html.escape(s.cue)}]</span><br>'
            f"{html.escape(s.text)}</div>"
        )
    st.markdown("\n".join(rows), unsafe_allow_html=True)
