"""Text from readouts made inert before Streamlit shows it as markdown (titles, names, warnings)."""

from __future__ import annotations

import html
import re


def plain(text: str) -> str:
    """Text that st.markdown, st.caption, st.warning or st.metric shows as it is: no markup, links, images,
    LaTeX or colour directives (every markdown character is backslash-escaped, HTML is escaped)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~$<>:])", r"\\\1", html.escape(text, quote=False))
