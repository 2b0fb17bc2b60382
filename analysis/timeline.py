"""Keyword timelines across a corpus of dated readouts, corpus filters, and keyword suggestions by TF-IDF."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Hashable, Iterable, Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd
from spacy.language import Language

from analysis.gazetteer import gazetteer
from analysis.keywords import NARRATION, KeywordPattern, keyword_patterns, lemma_string
from analysis.model import JOINT, ReadoutAnalysis
from analysis.parties import party_words

By = Literal["readout", "month", "quarter", "year"]
Per = Literal["speaker", "country"]

BY_OPTIONS: tuple[str, ...] = ("readout", "month", "quarter", "year")
PER_OPTIONS: tuple[str | None, ...] = (None, "speaker", "country")

#: Columns of `keyword_timeline` for every `by`.
TIMELINE_COLUMNS = ["period", "period_start", "keyword", "group", "count", "words", "per_1k_words", "readouts"]
#: Extra columns when `by="readout"` (one row per readout) and otherwise (several readouts per period).
READOUT_COLUMNS = ["readout_id", "title"]
PERIOD_COLUMNS = ["titles"]

#: The group when `per=None`: every statement of the readouts.
ALL = "all"

_PERIOD_CODES = {"month": "M", "quarter": "Q", "year": "Y"}
_MAX_TITLES = 5

# The corpus forms `keyword_timeline` and the filters accept: {id: analysis}, analyses (id = position),
# (id, analysis) pairs, or objects with `.id` and `.analysis` (the store's `CorpusReadout`).
Corpus = Mapping[Hashable, ReadoutAnalysis] | Iterable[Any]


def _pairs(readouts: Corpus) -> list[tuple[Hashable, ReadoutAnalysis, Any]]:
    """(id, analysis, original item) for every readout of a corpus in any accepted form."""
    if isinstance(readouts, ReadoutAnalysis):
        raise ValueError("Give a collection of readouts (a list or a dict), not a single analysis.")
    if isinstance(readouts, Mapping):
        items = [(key, value, value) for key, value in readouts.items()]
    else:
        items = []
        for position, item in enumerate(readouts):
            if isinstance(item, ReadoutAnalysis):
                items.append((position, item, item))
            elif hasattr(item, "analysis") and hasattr(item, "id"):
                items.append((item.id, item.analysis, item))
            elif isinstance(item, tuple) and len(item) == 2:
                items.append((item[0], item[1], item))
            else:
                raise ValueError(f"Each readout must be a ReadoutAnalysis, got {type(item).__name__}.")
    for _key, analysis, _item in items:
        if not isinstance(analysis, ReadoutAnalysis):
            raise ValueError(f"Each readout must be a ReadoutAnalysis, got {type(analysis).__name__}.")
    return items


def _parse_date(value: object) -> pd.Timestamp | None:
    if isinstance(value, dt.date):
        return pd.Timestamp(value)
    if not isinstance(value, str) or not value.strip():
        return None
    return _parse_date_text(value.strip())


@functools.lru_cache(maxsize=16384)
def _parse_date_text(value: str) -> pd.Timestamp | None:
    try:  # the stored form, fast; anything else goes through pandas' parser
        return pd.Timestamp(dt.date.fromisoformat(value))
    except ValueError:
        stamp = pd.to_datetime(value, errors="coerce")
        return None if pd.isna(stamp) else pd.Timestamp(stamp)


def _check_bound(name: str, value: object) -> pd.Timestamp | None:
    if value is None or value == "":
        return None
    if not isinstance(value, (str, dt.date)):
        raise ValueError(f"{name} must be a date (YYYY-MM-DD), got {value!r}.")
    stamp = _parse_date(value)
    if stamp is None:
        raise ValueError(f"{name} must be a date written YYYY-MM-DD, got {value!r}.")
    return stamp


def _countries(analysis: ReadoutAnalysis) -> set[str]:
    return {p.country.casefold() for p in analysis.parties if p.country}


def corpus_countries(readouts: Corpus) -> list[str]:
    """Every party country in the corpus, sorted, for a country picker."""
    names = {p.country for _k, a, _i in _pairs(readouts) for p in a.parties if p.country}
    return sorted(names, key=str.casefold)


def select_readouts(
    readouts: Corpus,
    *,
    pair: tuple[str, str] | None = None,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
) -> list[Any]:
    """The readouts between a pair of countries and within a date range.

    Args:
        readouts: the corpus, in any form `keyword_timeline` accepts.
        pair: two countries (case does not matter); a readout is kept when both are among its parties'
            countries (other parties may take part too). The same country twice keeps its readouts.
        date_from: keep readouts dated on or after this day; undated readouts are dropped by a date bound.
        date_to: keep readouts dated on or before this day.

    Returns:
        The kept items as given (analyses, pairs or store readouts), in their original order; for a dict,
        its kept (id, analysis) pairs.

    Raises:
        ValueError: if the pair is not two country names, a bound is not a date, or from is after to.
    """
    start, end = _check_bound("The start date", date_from), _check_bound("The end date", date_to)
    if start is not None and end is not None and start > end:
        raise ValueError(f"The start date {start.date()} is after the end date {end.date()}.")
    wanted: set[str] | None = None
    if pair is not None:
        if len(pair) != 2 or not all(isinstance(c, str) and c.strip() for c in pair):
            raise ValueError(f"A pair of countries must be two country names, got {pair!r}.")
        wanted = {c.strip().casefold() for c in pair}
    kept = []
    for key, analysis, item in _pairs(readouts):
        if wanted is not None and not wanted <= _countries(analysis):
            continue
        if start is not None or end is not None:
            day = _parse_date(analysis.date)
            if day is None or (start is not None and day < start) or (end is not None and day > end):
                continue
        kept.append((key, analysis) if isinstance(readouts, Mapping) else item)
    return kept


def readouts_between(readouts: Corpus, country_a: str, country_b: str) -> list[Any]:
    """The readouts whose parties include both countries: `select_readouts(readouts, pair=(a, b))`."""
    return select_readouts(readouts, pair=(country_a, country_b))


def _group_of(speaker: str | None, per: Per | None, countries: dict[str, str | None]) -> str:
    if per is None:
        return ALL
    if speaker is None:
        return NARRATION
    if per == "speaker" or speaker == JOINT:
        return speaker
    country = countries.get(speaker)
    return country or f"{speaker} (country unknown)"


def statement_table(readouts: Corpus, *, per: Per | None = None) -> pd.DataFrame:
    """One row per statement of every dated readout: the data a timeline counts in.

    Args:
        readouts: the corpus, in any form `keyword_timeline` accepts.
        per: how `group` is filled (see `keyword_timeline`).

    Returns:
        Columns `readout_id`, `title`, `date` (a timestamp), `group`, `words`, `lemmas` (a `lemma_string`);
        `attrs["undated"]` counts the readouts left out for having no date (or one that is not a date).
    """
    ids, titles, dates, sizes = [], [], [], []  # one entry per readout
    groups, words, lemmas = [], [], []  # one entry per statement
    undated = 0
    for key, analysis, _item in _pairs(readouts):
        day = _parse_date(analysis.date)
        if day is None:
            undated += 1
            continue
        countries = {p.leader: p.country for p in analysis.parties}
        ids.append(key)
        titles.append(analysis.title or f"readout {key}")
        dates.append(day)
        sizes.append(len(analysis.statements))
        for statement in analysis.statements:
            groups.append(_group_of(statement.speaker, per, countries))
            words.append(len(statement.lemmas))
            lemmas.append(lemma_string(statement.lemmas))
    rows = np.repeat(np.arange(len(ids)), sizes)  # each statement's readout
    id_array = np.empty(len(ids), dtype=object)
    id_array[:] = ids  # element by element, so that tuple ids stay whole
    table = pd.DataFrame({
        "readout_id": pd.Series(id_array[rows], dtype=object),
        "title": pd.Series(np.asarray(titles, dtype=object)[rows], dtype=object),
        "date": pd.Series(pd.DatetimeIndex(dates, dtype="datetime64[ns]")[rows], dtype="datetime64[ns]"),
        "group": pd.Series(groups, dtype=object),
        "words": pd.Series(words, dtype="int64"), "lemmas": pd.Series(lemmas, dtype=object),
    })
    table.attrs["undated"] = undated
    return table


def _mention_counts(strings: list[str], pattern: KeywordPattern) -> np.ndarray:
    """Mentions of the keyword in each lemma string: one regex scan over all of them joined by new lines."""
    if not strings:
        return np.zeros(0, dtype="int64")
    lengths = np.fromiter((len(x) + 1 for x in strings), dtype="int64", count=len(strings))
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    hits = np.fromiter((m.start() for m in pattern.regex.finditer("\n".join(strings))), dtype="int64")
    return np.bincount(np.searchsorted(starts, hits, side="right") - 1, minlength=len(strings)).astype("int64")


def _period(dates: pd.Series, by: By) -> tuple[pd.Series, pd.Series]:
    """Period labels ("2021-08-04", "2021-08", "2021Q3", "2021") and their first days."""
    if by == "readout":
        return dates.dt.strftime("%Y-%m-%d"), dates
    periods = dates.dt.to_period(_PERIOD_CODES[by])
    return periods.astype(str), periods.dt.start_time


def _title_list(titles: pd.Series) -> str:
    unique = list(dict.fromkeys(titles))
    shown = "; ".join(unique[:_MAX_TITLES])
    return shown + (f"; and {len(unique) - _MAX_TITLES} more" if len(unique) > _MAX_TITLES else "")


def keyword_timeline(
    readouts: Corpus,
    keywords: Iterable[str],
    *,
    by: By = "readout",
    per: Per | None = None,
    nlp: Language | None = None,
) -> pd.DataFrame:
    """How often each keyword is mentioned across dated readouts, per period and optionally per group.

    Keywords match whole lemmas, case-insensitively, phrases included ("core interest" matches
    "core interests"). Periods with no readout are absent; periods with readouts but no mention are zero.

    Args:
        readouts: the corpus: a dict {id: ReadoutAnalysis}, a list of analyses (ids are their positions),
            a list of (id, analysis) pairs, or the store's `CorpusReadout`s. Readouts without a date are left
            out and counted in `attrs["undated"]`.
        keywords: words or phrases.
        by: one row per readout ("readout"), or per calendar "month", "quarter" or "year".
        per: None for all statements together (group "all"); "speaker" for each speaker (a leader's name,
            "joint" or "narration"); "country" for each speaker's party country ("joint", "narration", or
            "<leader> (country unknown)" when the party has no country).
        nlp: the spaCy pipeline used to lemmatise the keywords; by default `load_pipeline()`.

    Returns:
        A long table with `TIMELINE_COLUMNS`: `period` (label: "2021-08-04" for a readout, "2021-08",
        "2021Q3", "2021"), `period_start` (its first day, a timestamp), `keyword` (as given), `group`,
        `count` (mentions), `words` (words the group spoke in the period), `per_1k_words`
        (count / words x 1000), `readouts` (readouts in the period where the group speaks). With
        `by="readout"` also `readout_id` and `title`; otherwise `titles` (up to five, then "and N more").
        A row exists for every keyword and every (period, group) that has at least one statement.
        `attrs["undated"]` is the number of readouts left out for lack of a date.

    Raises:
        ValueError: if `by` or `per` is not one of the options, or the keywords are empty.
    """
    if by not in BY_OPTIONS:
        raise ValueError(f"by must be one of {', '.join(BY_OPTIONS)}; got {by!r}.")
    if per not in PER_OPTIONS:
        raise ValueError(f"per must be 'speaker', 'country' or None; got {per!r}.")
    patterns = keyword_patterns(keywords, nlp=nlp)
    table = statement_table(readouts, per=per)
    undated = table.attrs["undated"]
    extra = READOUT_COLUMNS if by == "readout" else PERIOD_COLUMNS
    if table.empty:
        empty = pd.DataFrame(columns=TIMELINE_COLUMNS + extra)
        empty.attrs["undated"] = undated
        return empty

    table["period"], table["period_start"] = _period(table["date"], by)
    counted = []
    strings = table["lemmas"].tolist()
    for i, pattern in enumerate(patterns):
        table[f"k{i}"] = _mention_counts(strings, pattern)
        counted.append(f"k{i}")

    keys = ["period", "readout_id", "group"] if by == "readout" else ["period", "group"]
    grouped = table.groupby(keys, sort=False)
    summary = grouped[["words", *counted]].sum()
    summary["period_start"] = grouped["period_start"].first()
    summary["readouts"] = grouped["readout_id"].nunique()
    if by == "readout":
        summary["title"] = grouped["title"].first()
    else:
        summary["titles"] = grouped["title"].agg(_title_list)
    summary = summary.reset_index()

    frames = []
    for column, pattern in zip(counted, patterns):
        part = summary.drop(columns=[c for c in counted if c != column]).rename(columns={column: "count"})
        part["keyword"] = pattern.keyword
        part["order"] = len(frames)
        frames.append(part)
    long = pd.concat(frames, ignore_index=True)
    long["per_1k_words"] = np.where(long["words"] > 0, long["count"] * 1000 / long["words"].clip(lower=1), 0.0)
    sort = ["period_start", "readout_id", "order", "group"] if by == "readout" else ["period_start", "order", "group"]
    long = long.sort_values(sort, kind="stable").reset_index(drop=True)
    out = long[TIMELINE_COLUMNS + extra].copy()
    out["readouts"] = out["readouts"].astype("int64")
    out.attrs["undated"] = undated
    return out


# Words a readout uses every time whatever the subject: the reporting verbs and titles of the genre.
_GENRE_WORDS = frozenset({
    "say", "note", "add", "stress", "point", "express", "also", "hold", "two", "side", "president",
    "prime", "minister", "leader", "premier", "chancellor", "call", "phone", "conversation", "telephone",
    "talk", "today", "readout", "country", "state", "tell", "xinhua", "agree",
})

# scikit-learn's stop list holds a few words that matter in diplomacy ("core interests", "security system").
_KEPT_STOP_WORDS = frozenset({"interest", "system", "serious", "fire", "detail", "sincere", "together", "found"})


def suggest_keywords(
    readouts: Corpus, n: int = 20, *, speaker: str | None = None
) -> list[str]:
    """The terms most distinctive of the corpus (or of one speaker in it), by TF-IDF over lemmas.

    Each readout is a document (with `speaker`, each readout's statements by that speaker); its terms are
    lemma unigrams and bigrams within a statement, leaving out English stop words, the genre's own words
    ("say", "president", ...), the parties' names and countries (with their adjectives), numbers and words under three letters. Terms are ranked
    by their mean TF-IDF weight (sublinear term frequency, l2-normalised) over the documents.

    Args:
        readouts: the corpus, in any form `keyword_timeline` accepts (a selection works the same way).
        n: how many terms to return.
        speaker: only what this speaker (a leader's name, "joint" or "narration") said; the idf still comes
            from every readout, so words common to all sides rank low.

    Returns:
        Up to `n` terms (lemmas, space-separated for bigrams), most distinctive first; each works as a keyword.

    Raises:
        ValueError: if n is not a positive integer.
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be a positive whole number, got {n!r}.")
    analyses = [a for _k, a, _i in _pairs(readouts)]
    names = party_words(p for a in analyses for p in a.parties)
    party_countries = {p.country for a in analyses for p in a.parties if p.country}
    excluded = (ENGLISH_STOP_WORDS - _KEPT_STOP_WORDS) | _GENRE_WORDS | names
    verdicts: dict[str, bool] = {}

    def usable(lemma: str) -> bool:
        if lemma not in verdicts:  # the parties' own countries ("china", "chinese") say who talks, not what
            verdicts[lemma] = (len(lemma) >= 3 and lemma.isalpha() and lemma not in excluded
                               and gazetteer().lookup(lemma) not in party_countries)
        return verdicts[lemma]

    def terms(doc: list[tuple[str, ...]]) -> list[str]:
        out = []
        for lemmas in doc:
            ok = [usable(x) for x in lemmas]
            out += [x for x, good in zip(lemmas, ok) if good]
            out += [f"{a} {b}" for a, b, g1, g2 in zip(lemmas, lemmas[1:], ok, ok[1:]) if g1 and g2]
        return out

    docs, target = [], []
    for analysis in analyses:
        if speaker is None:
            docs.append([s.lemmas for s in analysis.statements])
            target.append(True)
        else:
            mine = [s.lemmas for s in analysis.statements if (s.speaker or NARRATION) == speaker]
            others = [s.lemmas for s in analysis.statements if (s.speaker or NARRATION) != speaker]
            for part, is_target in ((mine, True), (others, False)):
                if part:
                    docs.append(part)
                    target.append(is_target)
    if not any(target):
        return []
    vectorizer = TfidfVectorizer(analyzer=terms, sublinear_tf=True, min_df=2 if len(docs) >= 20 else 1)
    try:
        matrix = vectorizer.fit_transform(docs)
    except ValueError:  # no usable term in any document
        return []
    rows = np.flatnonzero(np.asarray(target))
    scores = np.asarray(matrix[rows].mean(axis=0)).ravel()
    vocabulary = vectorizer.get_feature_names_out()
    best = np.argsort(-scores, kind="stable")[:n]
    return [str(vocabulary[i]) for i in best if scores[i] > 0]


def period_label(date: str | dt.date | None, by: By) -> str | None:
    """The `keyword_timeline` period a date falls in ("2021-08-04", "2021-08", "2021Q3", "2021"), or None.

    Raises:
        ValueError: if `by` is not one of the options.
    """
    if by not in BY_OPTIONS:
        raise ValueError(f"by must be one of {', '.join(BY_OPTIONS)}; got {by!r}.")
    day = _parse_date(date)
    if day is None:
        return None
    if by == "readout":
        return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
    if by == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}Q{(day.month - 1) // 3 + 1}" if by == "quarter" else f"{day.year:04d}"


def readouts_in_period(readouts: Corpus, period: str, by: By) -> list[Any]:
    """The readouts of a `keyword_timeline` period (a point on the chart), in their original order.

    Returns:
        The items as given; for a dict, its (id, analysis) pairs.
    """
    return [
        (key, analysis) if isinstance(readouts, Mapping) else item
        for key, analysis, item in _pairs(readouts)
        if period_label(analysis.date, by) == str(period)
    ]


def corpus_keyword_in_context(
    readouts: Corpus, keywords: Iterable[str], *, width: int = 60, nlp: Language | None = None
) -> pd.DataFrame:
    """Keyword in context across several readouts: `keyword_in_context` for each, with the readout named.

    Returns:
        Columns `readout_id`, `date`, `title`, then `analysis.keywords.KWIC_COLUMNS`; readouts in the order
        given, mentions in text order.

    Raises:
        ValueError: if the keywords are empty or blank, or width is negative.
    """
    from analysis.keywords import KWIC_COLUMNS, keyword_in_context

    frames = []
    for key, analysis, _item in _pairs(readouts):
        kwic = keyword_in_context(analysis, keywords, width=width, nlp=nlp)
        kwic.insert(0, "readout_id", key)
        kwic.insert(1, "date", analysis.date)
        kwic.insert(2, "title", analysis.title or f"readout {key}")
        frames.append(kwic)
    if not frames:
        keyword_patterns(keywords, nlp=nlp)  # still report bad keywords
        return pd.DataFrame(columns=["readout_id", "date", "title", *KWIC_COLUMNS])
    return pd.concat(frames, ignore_index=True)
