"""Themes: tag statements with the taxonomy's themes (lemma phrase matching) and count them per speaker."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import pandas as pd
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from analysis.keywords import phrase_variants
from analysis.model import JOINT, ReadoutAnalysis, Statement
from analysis.nlp import load_pipeline
from analysis.readout import register_enricher
from analysis.taxonomy import Taxonomy, active_taxonomy

#: Columns of `theme_frequencies` (with "country" in place of "speaker" when grouping by country).
FREQUENCY_COLUMNS = ["theme", "label", "speaker", "statements", "mentions", "per_1k_words", "share",
                     "words", "speaker_statements"]
#: Keys of each row of `to_dict()["themes"]`.
ROW_KEYS = ["theme", "label", "speaker", "statements", "mentions", "per_1k_words", "share"]

By = Literal["speaker", "country"]


@dataclass(frozen=True)
class ThemeMention:
    """One place where a theme's term occurs in a statement.

    Attributes:
        theme: the theme id.
        term: the taxonomy term that matched (as the taxonomy writes it).
        start: character offset in the statement's text where the mention begins.
        end: character offset just past its end.
        text: the words as the statement writes them.
    """

    theme: str
    term: str
    start: int
    end: int
    text: str


class ThemeMatcher:
    """spaCy PhraseMatcher over lower-case lemma sequences, built once per taxonomy (see `theme_matcher`).

    Every term is lemmatized by the pipeline and lower-cased, punctuation left out, exactly as
    `Statement.lemmas` are made; the term's lower-case words are added as a second pattern, so that
    "core interest" matches "core interests", "Belt and Road" matches "belt and road" and
    "well-being" matches "well being". A term ending in a singular noun also matches its regular plural,
    which the tagger leaves unlemmatized in capitalised text ("External Interferences").
    """

    def __init__(self, taxonomy: Taxonomy, nlp: Language) -> None:
        self.taxonomy = taxonomy
        self.vocab = nlp.vocab
        self._matcher = PhraseMatcher(nlp.vocab)
        self._keys: dict[int, tuple[str, str]] = {}
        pairs = [(theme.id, term) for theme in taxonomy.themes for term in theme.terms]
        docs = nlp.pipe([term for _, term in pairs], disable=["parser"])
        for (theme_id, term), doc in zip(pairs, docs, strict=True):
            patterns = [Doc(self.vocab, words=list(v)) for v in phrase_variants(doc)]
            if not patterns:
                continue
            key = f"{theme_id}\u241f{term}"
            self._keys[self.vocab.strings.add(key)] = (theme_id, term)
            self._matcher.add(key, patterns)

    def match(self, lemmas: Sequence[str]) -> list[tuple[int, int, str, str]]:
        """Find the themes in a sequence of lower-case lemmas.

        Within one theme, overlapping matches keep the longest ("Belt and Road Initiative" over
        "Belt and Road"); different themes may share words.

        Returns:
            (first token, token after the last, theme id, term) for each mention, in text order.
        """
        if not lemmas:
            return []
        doc = Doc(self.vocab, words=[w or "_" for w in lemmas])
        found = sorted(
            ((start, end, *self._keys[key]) for key, start, end in self._matcher(doc)),
            key=lambda m: (m[1] - m[0]) * -1,
        )
        kept: list[tuple[int, int, str, str]] = []
        taken: dict[str, set[int]] = {}
        for start, end, theme_id, term in found:
            used = taken.setdefault(theme_id, set())
            if used.isdisjoint(range(start, end)):
                used.update(range(start, end))
                kept.append((start, end, theme_id, term))
        return sorted(kept)


def _lemma(token) -> str:
    return (token.lemma_ or token.text).lower()


@functools.lru_cache(maxsize=8)
def _cached_matcher(taxonomy: Taxonomy, nlp: Language) -> ThemeMatcher:
    return ThemeMatcher(taxonomy, nlp)


def theme_matcher(taxonomy: Taxonomy | None = None, nlp: Language | None = None) -> ThemeMatcher:
    """The matcher for a taxonomy (default: the active one), built once and cached."""
    return _cached_matcher(taxonomy or active_taxonomy(), nlp or load_pipeline())


def statement_themes(lemmas: Sequence[str], matcher: ThemeMatcher) -> dict[str, list[str]]:
    """{theme id: [matched term, one per mention]} for one statement's lemmas, themes in taxonomy order."""
    found: dict[str, list[str]] = {}
    for _, _, theme_id, term in matcher.match(lemmas):
        found.setdefault(theme_id, []).append(term)
    order = {tid: k for k, tid in enumerate(matcher.taxonomy.ids)}
    return {tid: found[tid] for tid in sorted(found, key=order.__getitem__)}


def tag_themes(result: ReadoutAnalysis, taxonomy: Taxonomy | None = None, *,
               nlp: Language | None = None) -> ReadoutAnalysis:
    """A copy of `result` with every statement's themes and the "themes" section recomputed.

    Cheap: it matches the stored lemmas and does not parse again. Use it after editing the taxonomy.

    Args:
        result: an analysis whose statements carry lemmas (from `analyze`, or `from_dict` of
            `to_dict(lemmas=True)`).
        taxonomy: the themes to find; by default the active taxonomy.
        nlp: the pipeline that lemmatizes the terms; by default the analyzer's.

    Raises:
        ValueError: if the statements have no lemmas to match.
    """
    if result.statements and not any(s.lemmas for s in result.statements):
        raise ValueError("The analysis has no lemmas to match themes on; analyse the text again.")
    taxonomy = taxonomy or active_taxonomy()
    matcher = theme_matcher(taxonomy, nlp)
    statements = [replace(s, themes=statement_themes(s.lemmas, matcher)) for s in result.statements]
    tagged = replace(result, statements=statements, extras=dict(result.extras))
    tagged.extras["themes"] = _rows(tagged, taxonomy)
    return tagged


def _enrich(result: ReadoutAnalysis, doc: Doc, nlp: Language) -> None:
    """The `analyze` step: fill each statement's themes and `extras["themes"]` with the active taxonomy."""
    taxonomy = active_taxonomy()
    matcher = theme_matcher(taxonomy, nlp)
    for statement in result.statements:
        statement.themes = statement_themes(statement.lemmas, matcher)
    result.extras["themes"] = _rows(result, taxonomy)


def _rows(result: ReadoutAnalysis, taxonomy: Taxonomy) -> list[dict]:
    return [{k: row[k] for k in ROW_KEYS} for row in _frequency_rows([result], "speaker", taxonomy, True)]


def _group(result: ReadoutAnalysis, statement: Statement, by: By) -> str | None:
    if statement.speaker is None:
        return None
    if statement.speaker == JOINT or by == "speaker":
        return statement.speaker
    try:
        party = result.party(statement.speaker)
    except KeyError:
        return statement.speaker
    return party.country or party.leader


def theme_frequencies(
    results: ReadoutAnalysis | Iterable[ReadoutAnalysis],
    *,
    by: By = "speaker",
    taxonomy: Taxonomy | None = None,
    retag: bool = False,
    include_joint: bool = True,
) -> pd.DataFrame:
    """How often each speaker (or country) raised each theme, in one readout or across several.

    Narration is left out; joint statements form their own group "joint".

    Args:
        results: one analysis or several (a corpus).
        by: group statements by "speaker" (the party's leader) or by "country" (the party's country).
        taxonomy: the themes (ids, labels and order); by default the active taxonomy. Theme ids found in
            the statements but missing from it are added at the end with their id as label.
        retag: match the taxonomy again on the stored lemmas instead of using the statements' themes.
        include_joint: keep a "joint" group.

    Returns:
        One row per theme and group (zeros included), columns `FREQUENCY_COLUMNS`: theme (id), label,
        speaker (or country), statements (touching the theme), mentions, per_1k_words (mentions per
        1,000 words of the group's statements), share (fraction of the group's statements touching the
        theme), words and speaker_statements (the group's totals).

    Raises:
        ValueError: if `by` is not "speaker" or "country", or a result is not a ReadoutAnalysis.
    """
    if by not in ("speaker", "country"):
        raise ValueError(f"`by` must be 'speaker' or 'country', got {by!r}.")
    items = [results] if isinstance(results, ReadoutAnalysis) else list(results)
    if not all(isinstance(r, ReadoutAnalysis) for r in items):
        raise ValueError("theme_frequencies takes ReadoutAnalysis results (from analyze).")
    taxonomy = taxonomy or active_taxonomy()
    if retag:
        items = [tag_themes(r, taxonomy) for r in items]
    columns = [by if c == "speaker" else c for c in FREQUENCY_COLUMNS]
    return pd.DataFrame(_frequency_rows(items, by, taxonomy, include_joint), columns=columns)


def _frequency_rows(items: list[ReadoutAnalysis], by: By, taxonomy: Taxonomy, include_joint: bool) -> list[dict]:
    labels = taxonomy.labels()
    groups: dict[str, dict] = {}
    for result in items:
        order = [p.leader if by == "speaker" else (p.country or p.leader) for p in result.parties]
        for name in order + ([JOINT] if include_joint else []):
            groups.setdefault(name, {"words": 0, "statements": 0, "themes": {}})
        for statement in result.statements:
            name = _group(result, statement, by)
            if name is None or (name == JOINT and not include_joint):
                continue
            group = groups.setdefault(name, {"words": 0, "statements": 0, "themes": {}})
            group["words"] += statement.words
            group["statements"] += 1
            for theme_id, terms in statement.themes.items():
                labels.setdefault(theme_id, theme_id)
                counts = group["themes"].setdefault(theme_id, [0, 0])
                counts[0] += 1
                counts[1] += len(terms)
    if JOINT in groups:  # joint last, after every party
        groups[JOINT] = groups.pop(JOINT)
    rows = []
    for theme_id, label in labels.items():
        for name, group in groups.items():
            touching, mentions = group["themes"].get(theme_id, (0, 0))
            rows.append({
                "theme": theme_id, "label": label, by: name, "statements": touching, "mentions": mentions,
                "per_1k_words": 1000.0 * mentions / group["words"] if group["words"] else 0.0,
                "share": touching / group["statements"] if group["statements"] else 0.0,
                "words": group["words"], "speaker_statements": group["statements"],
            })
    return rows


def theme_statements(result: ReadoutAnalysis, theme: str, speaker: str | None = None) -> list[Statement]:
    """The statements behind one bar: those touching `theme`, of `speaker` if given ("joint" included)."""
    return [s for s in result.statements if theme in s.themes and (speaker is None or s.speaker == speaker)]


def theme_mentions(statement: Statement, *, taxonomy: Taxonomy | None = None,
                   nlp: Language | None = None) -> list[ThemeMention]:
    """Where each theme's terms occur in one statement, as character offsets into its text (for highlighting).

    The statement's text is split by the pipeline's tokenizer (no parse) and lined up with its stored
    lemmas; only when they do not line up is the statement parsed again.
    """
    nlp = nlp or load_pipeline()
    matcher = theme_matcher(taxonomy, nlp)
    tokens = [t for t in nlp.tokenizer(statement.text) if not t.is_space and not t.is_punct]
    lemmas: Sequence[str] = statement.lemmas
    if len(tokens) != len(lemmas):
        parsed = [t for t in nlp(statement.text) if not t.is_space and not t.is_punct]
        tokens, lemmas = parsed, [_lemma(t) for t in parsed]
    out = []
    for first, last, theme_id, term in matcher.match(lemmas):
        start, end = tokens[first].idx, tokens[last - 1].idx + len(tokens[last - 1].text)
        out.append(ThemeMention(theme_id, term, start, end, statement.text[start:end]))
    return out


def highlight_segments(text: str, mentions: Iterable[ThemeMention]) -> list[tuple[str, list[str]]]:
    """Cut `text` into consecutive pieces, each with the themes whose mentions cover it (empty: none).

    Joining the pieces gives back `text`; a page escapes each piece and wraps the themed ones.
    """
    cuts = {0, len(text)}
    spans = [(max(0, m.start), min(len(text), m.end), m.theme) for m in mentions]
    for start, end, _ in spans:
        cuts.update((start, end))
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    pieces = []
    for a, b in zip(points, points[1:]):
        themes = sorted({theme for start, end, theme in spans if start <= a and b <= end})
        if pieces and pieces[-1][1] == themes:
            pieces[-1] = (pieces[-1][0] + text[a:b], themes)
        else:
            pieces.append((text[a:b], themes))
    return pieces


register_enricher("themes", _enrich)
