"""Keyword matching on lemmas: where chosen words and phrases fall within one readout, with their context."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
from spacy.language import Language

from analysis.model import ReadoutAnalysis, Statement
from analysis.nlp import load_pipeline

#: Columns of `keyword_positions`, in order.
POSITION_COLUMNS = ["statement", "paragraph", "speaker", "keyword", "count", "start", "end", "match"]

#: Columns of `keyword_in_context`, in order.
KWIC_COLUMNS = ["statement", "speaker", "keyword", "left", "match", "right", "start", "end"]

NARRATION = "narration"

# Lemma strings for fast counting: each lemma is written between its own spaces ("  " between lemmas,
# " " at both ends), so a phrase pattern " a  b " can only match whole lemmas and matches never share a space.
_SEP = "  "


@dataclass(frozen=True)
class KeywordPattern:
    """A keyword as typed, and the lemma sequences that count as a mention of it.

    Attributes:
        keyword: the keyword or phrase as the user typed it (stripped).
        variants: lemma sequences that match: the pipeline's lemmas of the keyword, of its lower-case form,
            and its lower-case words as written (so a proper noun the lemmatizer leaves alone still matches).
    """

    keyword: str
    variants: tuple[tuple[str, ...], ...]

    @property
    def regex(self) -> re.Pattern[str]:
        """A pattern that counts mentions in a `lemma_string`."""
        return _compile(self.variants)

    def matches(self, lemmas: Sequence[str]) -> list[tuple[int, int]]:
        """Non-overlapping matches in a statement's lemmas, as (first lemma, one past the last) index pairs."""
        found: list[tuple[int, int]] = []
        i = 0
        while i < len(lemmas):
            for variant in self.variants:
                n = len(variant)
                if tuple(lemmas[i:i + n]) == variant:
                    found.append((i, i + n))
                    i += n
                    break
            else:
                i += 1
        return found


@functools.lru_cache(maxsize=256)
def _compile(variants: tuple[tuple[str, ...], ...]) -> re.Pattern[str]:
    longest_first = sorted(variants, key=len, reverse=True)
    return re.compile(" (?:" + "|".join(re.escape(_SEP.join(v)) for v in longest_first) + ") ")


def lemma_string(lemmas: Sequence[str]) -> str:
    """One string of a statement's lemmas in which `KeywordPattern.regex` counts whole-lemma matches."""
    return " " + _SEP.join(lemmas) + " "


def _words(doc) -> tuple[tuple[str, ...], tuple[str, ...]]:
    tokens = [t for t in doc if not t.is_punct and not t.is_space]
    return tuple(t.lemma_.lower() for t in tokens), tuple(t.lower_ for t in tokens)


def plural(word: str) -> str:
    """The regular English plural of a lower-case noun ("interest" -> "interests", "policy" -> "policies")."""
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def phrase_variants(doc) -> list[tuple[str, ...]]:
    """The lemma sequences that count as a mention of a term or keyword parsed as `doc`: its lemmas, its
    lower-case words, and, when it ends in a singular noun, that noun's regular plural, which the tagger
    leaves unlemmatized in capitalised text ("External Interferences", "Core Interests")."""
    tokens = [t for t in doc if not t.is_punct and not t.is_space]
    lemmas, surface = _words(tokens)
    variants = [lemmas, surface]
    if tokens and tokens[-1].tag_ in ("NN", "NNP") and tokens[-1].is_alpha and not tokens[-1].is_upper:
        variants.append(lemmas[:-1] + (plural(lemmas[-1]),))
    return [v for k, v in enumerate(variants) if v and v not in variants[:k]]


@functools.lru_cache(maxsize=1024)
def _variants(nlp: Language, keyword: str) -> tuple[tuple[str, ...], ...]:
    out = phrase_variants(nlp(keyword))
    # The lower-case reading too ("Core Interest" typed with capitals); but "US" lower-cased is the pronoun
    # "us", whose lemma is "we": acronyms keep their own reading.
    acronym = any(len(w) > 1 and w.replace(".", "").isupper() for w in keyword.split())
    if not acronym:
        out += [v for v in phrase_variants(nlp(keyword.lower())) if v not in out]
    return tuple(sorted(out, key=len, reverse=True))  # longest first, so a longer reading wins


def keyword_patterns(keywords: Iterable[str], *, nlp: Language | None = None) -> list[KeywordPattern]:
    """Lemmatise keywords with the pipeline, so that "core interests" and "Core interest" match alike.

    Args:
        keywords: words or phrases; case and inflection do not matter. Duplicates (ignoring case) are dropped.
        nlp: the spaCy pipeline; by default `load_pipeline()`.

    Returns:
        One pattern per distinct keyword, in the order given.

    Raises:
        ValueError: if there is no keyword, a keyword is not text or is blank, or has no word in it.
    """
    if isinstance(keywords, str):
        keywords = [keywords]
    nlp = nlp or load_pipeline()
    patterns: list[KeywordPattern] = []
    seen: set[str] = set()
    for keyword in keywords:
        if not isinstance(keyword, str) or not keyword.strip():
            raise ValueError(f"Each keyword must be a non-empty word or phrase, got {keyword!r}.")
        keyword = " ".join(keyword.split())
        if keyword.lower() in seen:
            continue
        seen.add(keyword.lower())
        variants = _variants(nlp, keyword)
        if not variants:
            raise ValueError(f"The keyword {keyword!r} has no word in it (only punctuation).")
        patterns.append(KeywordPattern(keyword, variants))
    if not patterns:
        raise ValueError("Give at least one keyword to look for.")
    return patterns


def speaker_label(statement: Statement) -> str:
    """The statement's speaker for tables and charts: a leader's name, "joint", or "narration"."""
    return statement.speaker or NARRATION


def _token_spans(nlp: Language, statement: Statement) -> list[tuple[int, int]] | None:
    """Character offsets (into the readout) of the statement's words, one per lemma, when they line up."""
    tokens = [t for t in nlp.make_doc(statement.text) if not t.is_punct and not t.is_space]
    if len(tokens) != len(statement.lemmas):
        return None
    return [(statement.start + t.idx, statement.start + t.idx + len(t.text)) for t in tokens]


def _occurrences(analysis: ReadoutAnalysis, patterns: list[KeywordPattern], nlp: Language):
    for statement in analysis.statements:
        spans = None
        for pattern in patterns:
            found = pattern.matches(statement.lemmas)
            if not found:
                continue
            if spans is None:
                spans = _token_spans(nlp, statement) or []
            for first, last in found:
                if spans:
                    start, end = spans[first][0], spans[last - 1][1]
                else:  # the words could not be lined up with the lemmas: point at the whole statement
                    start, end = statement.start, statement.end
                yield statement, pattern, len(found), start, end


def keyword_positions(
    analysis: ReadoutAnalysis, keywords: Iterable[str], *, nlp: Language | None = None
) -> pd.DataFrame:
    """Where each keyword falls within one readout, statement by statement.

    Args:
        analysis: the analysed readout.
        keywords: words or phrases, matched case-insensitively on lemmas.
        nlp: the spaCy pipeline used to lemmatise the keywords; by default `load_pipeline()`.

    Returns:
        One row per mention, in text order, with the columns `POSITION_COLUMNS`: `statement` (its index),
        `paragraph`, `speaker` (a leader, "joint" or "narration"), `keyword` (as given), `count` (mentions of
        that keyword in that statement), `start`/`end` (character offsets of the mention in the readout's
        text, for highlighting) and `match` (the mentioned text).

    Raises:
        ValueError: if the keywords are empty or blank.
    """
    nlp = nlp or load_pipeline()
    patterns = keyword_patterns(keywords, nlp=nlp)
    rows = []
    for statement, pattern, count, start, end in _occurrences(analysis, patterns, nlp):
        match = analysis.text[start:end] if analysis.text else statement.text
        rows.append((statement.index, statement.paragraph, speaker_label(statement), pattern.keyword,
                     count, start, end, match))
    df = pd.DataFrame(rows, columns=POSITION_COLUMNS)
    return df.sort_values(["statement", "start"], kind="stable").reset_index(drop=True)


def keyword_in_context(
    analysis: ReadoutAnalysis, keywords: Iterable[str], *, width: int = 60, nlp: Language | None = None
) -> pd.DataFrame:
    """Keyword in context (KWIC): each mention with the words before and after it in its statement.

    Args:
        analysis: the analysed readout.
        keywords: words or phrases, matched case-insensitively on lemmas.
        width: at most this many characters of context on each side (cut at a word boundary).
        nlp: the spaCy pipeline used to lemmatise the keywords; by default `load_pipeline()`.

    Returns:
        One row per mention with the columns `KWIC_COLUMNS`: `statement`, `speaker`, `keyword`, `left`,
        `match`, `right` (plain text, never HTML), `start`, `end`.

    Raises:
        ValueError: if the keywords are empty or blank, or width is negative.
    """
    if width < 0:
        raise ValueError(f"The context width must be zero or more characters, got {width}.")
    positions = keyword_positions(analysis, keywords, nlp=nlp)
    by_index = {s.index: s for s in analysis.statements}
    rows = []
    for row in positions.itertuples(index=False):
        statement = by_index[row.statement]
        a, b = row.start - statement.start, row.end - statement.start
        left = statement.text[max(0, a - width):a]
        right = statement.text[b:b + width]
        if a > width and " " in left:
            left = "… " + left.split(" ", 1)[1]
        if len(statement.text) - b > width and " " in right:
            right = right.rsplit(" ", 1)[0] + " …"
        rows.append((row.statement, row.speaker, row.keyword, left, statement.text[a:b], right, row.start, row.end))
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)
