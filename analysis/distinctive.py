"""Distinctive terms: the words and phrases that mark one speaker's statements against the others'.

The statistic is the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008,
"Fightin' Words"). For a term w, a group i and the rest j, with counts y, totals n, prior alpha_w and
alpha_0 = sum of alpha:

    delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
    var_w   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
    z_w     = delta_w / sqrt(var_w)

The prior is informative: alpha_w is the term's count over all groups times `prior_scale`, so rare words
are shrunk towards no difference and z, not delta, ranks the terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer
from spacy.lang.en.stop_words import STOP_WORDS

from analysis.model import JOINT, ReadoutAnalysis
from analysis.parties import party_words

#: Columns of `distinctive_terms`.
COLUMNS = ["group", "term", "count", "other_count", "log_odds", "z"]

#: Reporting verbs say who speaks, not what about; they are left out like stop words.
REPORTING_LEMMAS = frozenset({
    "say", "add", "note", "stress", "point", "express", "suggest", "state", "underline", "emphasize",
    "emphasise", "underscore", "reiterate", "remark", "tell",
})

#: Titles and forms of address name the speaker too; left out as well.
TITLE_LEMMAS = frozenset({
    "president", "prime", "minister", "premier", "chancellor", "king", "emir", "crown", "prince",
    "secretary", "leader", "counterpart", "h.e.", "mr.", "mrs.", "ms.", "excellency", "side",
})

By = Literal["speaker", "country"]


def log_odds_dirichlet(counts_a: Sequence[float], counts_b: Sequence[float],
                       prior: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """The log-odds ratio of each term between two groups, with a Dirichlet prior, and its z-score.

    Args:
        counts_a: each term's count in group a.
        counts_b: each term's count in group b (same terms, same order).
        prior: each term's pseudo-count alpha_w (all positive).

    Returns:
        (delta, z): the log-odds ratios (positive: more typical of a) and delta over its standard error.

    Raises:
        ValueError: if the arrays differ in length or a prior value is not positive.
    """
    a, b, alpha = (np.asarray(x, dtype=float) for x in (counts_a, counts_b, prior))
    if not a.shape == b.shape == alpha.shape or a.ndim != 1:
        raise ValueError("The two count arrays and the prior must be one-dimensional and of the same length.")
    if alpha.size and (alpha <= 0).any():
        raise ValueError("Every prior pseudo-count must be positive.")
    if (a < 0).any() or (b < 0).any():
        raise ValueError("Counts cannot be negative.")
    a0 = alpha.sum()
    delta = (np.log((a + alpha) / (a.sum() + a0 - a - alpha))
             - np.log((b + alpha) / (b.sum() + a0 - b - alpha)))
    z = delta / np.sqrt(1.0 / (a + alpha) + 1.0 / (b + alpha))
    return delta, z


def _features(lemmas: Sequence[str], excluded: frozenset[str]) -> list[str]:
    """Unigrams and bigrams of adjacent content lemmas (stop words, reporting verbs and names left out)."""
    keep = [
        w if any(c.isalnum() for c in w) and w not in STOP_WORDS and w not in excluded else None
        for w in lemmas
    ]
    grams = [w for w in keep if w]
    grams += [f"{x} {y}" for x, y in zip(keep, keep[1:]) if x and y]
    return grams


def _group_documents(results: list[ReadoutAnalysis], by: By) -> tuple[list[str], list[tuple[str, ...]]]:
    groups: list[str] = []
    documents: list[tuple[str, ...]] = []
    for result in results:
        for statement in result.statements:
            if statement.speaker in (None, JOINT) or not statement.lemmas:
                continue
            name = statement.speaker
            if by == "country":
                party = next((p for p in result.parties if p.leader == statement.speaker), None)
                name = (party.country or party.leader) if party else statement.speaker
            groups.append(name)
            documents.append(statement.lemmas)
    return groups, documents


def distinctive_terms(
    results: ReadoutAnalysis | Iterable[ReadoutAnalysis],
    *,
    by: By = "speaker",
    top_n: int = 15,
    min_count: int = 2,
    prior_scale: float = 1.0,
) -> pd.DataFrame:
    """The terms most typical of each speaker (or country) against all the others.

    Statements of parties are counted (joint statements and narration are left out); each group is
    compared with the rest by `log_odds_dirichlet`. Counting uses scikit-learn's CountVectorizer on the
    statements' lemmas: single words and pairs of adjacent words, stop words, reporting verbs, titles and the
    leaders' names left out.

    Args:
        results: one analysis (speakers within it) or several (a corpus: across readouts).
        by: group by "speaker" (the party's leader) or "country" (the party's country).
        top_n: how many terms to keep for each group (those with the highest z, all with z > 0).
        min_count: leave out terms used fewer times than this over all groups.
        prior_scale: the prior's weight: alpha_w = prior_scale * the term's total count.

    Returns:
        Columns `COLUMNS`: group, term, count (in the group), other_count (in the other groups),
        log_odds (delta) and z; groups in order of first appearance, terms by z descending.

    Raises:
        ValueError: for a bad option, or when fewer than two groups have words to compare.
    """
    if by not in ("speaker", "country"):
        raise ValueError(f"`by` must be 'speaker' or 'country', got {by!r}.")
    if top_n < 1 or min_count < 1 or not prior_scale > 0:
        raise ValueError("top_n and min_count must be at least 1 and prior_scale positive.")
    items = [results] if isinstance(results, ReadoutAnalysis) else list(results)
    if not all(isinstance(r, ReadoutAnalysis) for r in items):
        raise ValueError("distinctive_terms takes ReadoutAnalysis results (from analyze).")
    names = party_words(p for r in items for p in r.parties)
    excluded = REPORTING_LEMMAS | TITLE_LEMMAS | names
    groups, documents = _group_documents(items, by)
    order = list(dict.fromkeys(groups))
    if len(order) < 2:
        raise ValueError("Distinctive terms need statements from at least two speakers to compare.")
    vectorizer = CountVectorizer(analyzer=lambda lemmas: _features(lemmas, excluded))
    try:
        matrix = vectorizer.fit_transform(documents)
    except ValueError:  # scikit-learn's "empty vocabulary"
        raise ValueError("The statements have no content words to compare.") from None
    terms = vectorizer.get_feature_names_out()
    labels = np.asarray(groups)
    by_group = np.vstack([np.asarray(matrix[labels == g].sum(axis=0)).ravel() for g in order])
    total = by_group.sum(axis=0)
    frequent = total >= min_count
    by_group, total, terms = by_group[:, frequent], total[frequent], terms[frequent]
    if len(terms) < 2:  # the statistic compares a term with the rest of the vocabulary
        raise ValueError("The statements have no content words to compare.")
    frames = []
    for k, group in enumerate(order):
        own, other = by_group[k], total - by_group[k]
        if not own.sum() or not other.sum():
            continue
        delta, z = log_odds_dirichlet(own, other, prior_scale * total)
        best = [i for i in np.argsort(-z, kind="stable") if z[i] > 0][:top_n]
        frames.append(pd.DataFrame({
            "group": group, "term": terms[best], "count": own[best].astype(int),
            "other_count": other[best].astype(int), "log_odds": delta[best], "z": z[best],
        }))
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(frames, ignore_index=True)[COLUMNS]
