"""`analyze`: from the text of one readout to its parties, statements and speakers."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from analysis import config
from analysis.attribution import attribute_statements
from analysis.model import ReadoutAnalysis
from analysis.nlp import load_pipeline
from analysis.parties import PartyFinder

#: Steps run after attribution, each adding a section to the result (themes, reciprocity, ...).
#: A step takes the analysis, the parsed Doc and the pipeline that parsed it, and fills
#: `analysis.extras` or the statements.
Enricher = Callable[[ReadoutAnalysis, Doc, Language], None]
_ENRICHERS: list[tuple[str, Enricher]] = []

_COMMON_ENGLISH = {"the", "and", "of", "to", "in", "a", "that", "with", "on", "for", "is", "said", "he", "she"}


def register_enricher(name: str, step: Enricher) -> None:
    """Add a step that `analyze` runs after attribution (replacing one of the same name)."""
    global _ENRICHERS
    _ENRICHERS = [(n, s) for n, s in _ENRICHERS if n != name] + [(name, step)]


def check_text(text: object) -> str:
    """Validate input text for `analyze`.

    Raises:
        ValueError: if the text is not a string, is blank, or is longer than `config.MAX_CHARS`.
    """
    if not isinstance(text, str):
        raise ValueError(f"The readout must be text (str), not {type(text).__name__}.")
    if not text.strip():
        raise ValueError("The readout text is empty: paste or load a readout to analyse.")
    if len(text) > config.MAX_CHARS:
        raise ValueError(
            f"The readout is {len(text):,} characters long; the limit is {config.MAX_CHARS:,} characters "
            "(readouts are rarely over 10,000). Split it, or raise READOUT_MAX_CHARS."
        )
    return text


def _language_warning(doc: Doc) -> str | None:
    letters = [c for c in doc.text if c.isalpha()]
    if not letters:
        return "The text has no letters; only English readouts can be analysed."
    ascii_share = sum(c.isascii() for c in letters) / len(letters)
    words = [t.lower_ for t in doc if t.is_alpha]
    common_share = sum(w in _COMMON_ENGLISH for w in words) / max(len(words), 1)
    if ascii_share < 0.7 or (len(words) >= 12 and common_share < 0.04):
        return "This text does not look like English; only English readouts are analysed well."
    return None


def analyze(
    text: str,
    *,
    parties: list[str] | None = None,
    date: str | None = None,
    title: str | None = None,
    nlp: Language | None = None,
    doc: Doc | None = None,
) -> ReadoutAnalysis:
    """Analyse one readout: find its parties and give every statement a speaker.

    Args:
        text: the readout, exactly as published (offsets in the result point into it).
        parties: leaders' names when the user knows them; otherwise they are detected.
        date: the date of the call (ISO "YYYY-MM-DD"), kept with the result.
        title: the readout's title, kept with the result.
        nlp: a spaCy pipeline to use instead of the default one.
        doc: the text already parsed by `nlp` (batch analysis parses with `nlp.pipe`).

    Returns:
        The analysis; `to_dict()` gives its JSON form.

    Raises:
        ValueError: if the text is empty, not text, or over the size limit.
    """
    check_text(text)
    hints = [p.strip() for p in parties or [] if p and p.strip()]
    nlp = nlp or load_pipeline()
    if doc is None:
        doc = nlp(text)
    finder = PartyFinder(doc, hints or None, max_parties=config.MAX_PARTIES)
    statements, attribution_warnings = attribute_statements(doc, finder)
    warnings = list(finder.warnings)
    language = _language_warning(doc)
    if language:
        warnings.append(language)
    if finder.count == 0:
        warnings.append("No party was found: name the leaders under 'Parties' to attribute statements.")
    elif finder.count == 1:
        warnings.append(
            f"Only one party was found ({finder.leader(0)}); name the other leader if the readout has one."
        )
    warnings += attribution_warnings
    unknown = sum(1 for s in statements if s.cue == "no speaker found")
    if unknown and finder.count:
        warnings.append(f"{unknown} statement(s) have no speaker the analyzer could find.")
    result = ReadoutAnalysis(
        text=text, parties=finder.parties(), statements=statements, warnings=warnings,
        date=_clean_date(date), title=title,
    )
    for _name, step in _ENRICHERS:
        step(result, doc, nlp)
    return result


def _clean_date(date: str | None) -> str | None:
    if date is None or not str(date).strip():
        return None
    date = str(date).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise ValueError(f"The date must be written YYYY-MM-DD, got {date!r}.")
    return date
