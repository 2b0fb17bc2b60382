"""Topic discovery: TF-IDF and NMF (scikit-learn) over readouts or statements, and topics as new themes."""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.distinctive import REPORTING_LEMMAS, TITLE_LEMMAS, _features
from analysis.model import Party, ReadoutAnalysis, Statement
from analysis.parties import party_words
from analysis.taxonomy import Taxonomy, Theme

#: Fewest documents topic discovery accepts (it is meant for 5 to 50 readouts).
MIN_DOCUMENTS = 3
#: Columns of `topics_frame`.
COLUMNS = ["topic", "label", "rank", "term", "weight", "documents"]

Document = str | ReadoutAnalysis | Statement | Sequence[str]


@dataclass(frozen=True)
class Topic:
    """One discovered topic.

    Attributes:
        id: its number, from 0, in order of discovery.
        terms: the top terms, strongest first (lemmas; a pair of adjacent words is one term).
        weights: each term's weight in the topic.
        documents: indices of the input documents whose strongest topic this is.
    """

    id: int
    terms: tuple[str, ...]
    weights: tuple[float, ...]
    documents: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        """A short name made of the first three terms ("nuclear issue, regional, security")."""
        return ", ".join(self.terms[:3])


def _tokens(document: Document) -> tuple[str, ...]:
    if isinstance(document, ReadoutAnalysis):
        return tuple(w for s in document.statements for w in s.lemmas)
    if isinstance(document, Statement):
        return document.lemmas
    if isinstance(document, str):
        return tuple(re.findall(r"[\w][\w'-]*", document.lower()))
    if isinstance(document, Sequence) and all(isinstance(w, str) for w in document):
        return tuple(document)
    raise ValueError("Each document must be text, a ReadoutAnalysis, a Statement or a list of lemmas.")


def discover_topics(
    documents: Sequence[Document],
    *,
    n_topics: int | None = None,
    top_n: int = 8,
    random_state: int = 0,
    exclude: Iterable[str] = (),
    parties: Iterable[Party] = (),
) -> list[Topic]:
    """Find the topics of a set of documents with TF-IDF and non-negative matrix factorization.

    Deterministic: NMF starts from an SVD-based initialisation with a fixed `random_state`.

    Args:
        documents: readouts (`ReadoutAnalysis`, whose lemmas are used), statements, raw texts or lists
            of lemmas; at least `MIN_DOCUMENTS`.
        n_topics: how many topics; by default about the square root of the number of documents
            (2 for 5 documents, 7 for 50), never more than the documents less one.
        top_n: how many terms to give for each topic.
        random_state: the seed of the NMF initialisation.
        exclude: further words to leave out (lower case), such as the leaders' names when the
            documents are statements; names of the parties of `ReadoutAnalysis` documents, stop words,
            reporting verbs and titles are always left out.
        parties: parties whose names, countries, adjectives and capitals are left out (`party_words`),
            for documents that are statements rather than whole analyses.

    Returns:
        The topics that have any terms, in order of discovery.

    Raises:
        ValueError: if there are too few documents, a bad option, or no content words.
    """
    if isinstance(documents, (str, ReadoutAnalysis)):
        raise ValueError("discover_topics takes a list of documents, not a single one.")
    tokens = [_tokens(d) for d in documents]
    if len(tokens) < MIN_DOCUMENTS:
        raise ValueError(f"Topic discovery needs at least {MIN_DOCUMENTS} documents; got {len(tokens)}.")
    if top_n < 1 or (n_topics is not None and n_topics < 1):
        raise ValueError("n_topics and top_n must be at least 1.")
    k = n_topics or max(2, min(8, round(math.sqrt(len(tokens)))))
    k = min(k, len(tokens) - 1)
    names = party_words([*parties, *(p for d in documents if isinstance(d, ReadoutAnalysis) for p in d.parties)])
    excluded = REPORTING_LEMMAS | TITLE_LEMMAS | names | {w.lower() for w in exclude}
    matrix = terms = None
    for min_df in ((2, 1) if len(tokens) >= 10 else (1,)):
        vectorizer = TfidfVectorizer(analyzer=lambda ws: _features(ws, excluded), min_df=min_df,
                                     sublinear_tf=True)
        try:
            matrix = vectorizer.fit_transform(tokens)
        except ValueError:  # empty vocabulary
            continue
        terms = vectorizer.get_feature_names_out()
        break
    if matrix is None or terms is None or not matrix.nnz:
        raise ValueError("The documents have no content words to find topics in.")
    k = min(k, len(terms))
    model = NMF(n_components=k, init="nndsvda", random_state=random_state, max_iter=1000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        weights = model.fit_transform(matrix)
    strongest = weights.argmax(axis=1)
    topics = []
    for t, component in enumerate(model.components_):
        best = [i for i in np.argsort(-component, kind="stable")[:top_n] if component[i] > 0]
        if not best:
            continue
        docs = tuple(int(d) for d in np.flatnonzero((strongest == t) & (weights.max(axis=1) > 0)))
        topics.append(Topic(len(topics), tuple(str(terms[i]) for i in best),
                            tuple(float(component[i]) for i in best), docs))
    return topics


def topics_frame(topics: Sequence[Topic]) -> pd.DataFrame:
    """Topics as a long table, columns `COLUMNS`: topic, label, rank (from 1), term, weight, documents."""
    rows = [
        {"topic": t.id, "label": t.label, "rank": r + 1, "term": term, "weight": weight,
         "documents": len(t.documents)}
        for t in topics for r, (term, weight) in enumerate(zip(t.terms, t.weights))
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def topic_to_theme(topic: Topic, taxonomy: Taxonomy, *, theme_id: str | None = None,
                   label: str | None = None, n_terms: int = 6) -> Taxonomy:
    """A copy of `taxonomy` with the topic added as a new theme (its first `n_terms` terms).

    Args:
        topic: a topic from `discover_topics`.
        taxonomy: the taxonomy to extend.
        theme_id: the new theme's id; by default "topic_" and its first term, made unique.
        label: the new theme's label; by default "Topic: " and its first three terms.
        n_terms: how many of the topic's terms become the theme's terms.

    Raises:
        ValueError: if the topic has no terms or the id is taken or invalid.
    """
    if not topic.terms or n_terms < 1:
        raise ValueError("The topic has no terms to make a theme of.")
    if theme_id is None:
        base = "topic_" + (re.sub(r"[^a-z0-9]+", "_", topic.terms[0].lower()).strip("_") or str(topic.id))
        base = base[:50]
        theme_id, n = base, 2
        while theme_id in taxonomy.ids:
            theme_id, n = f"{base}_{n}", n + 1
    theme = Theme(
        id=theme_id, label=label or f"Topic: {topic.label}",
        description="Discovered by topic discovery (TF-IDF and NMF): " + ", ".join(topic.terms) + ".",
        terms=topic.terms[:n_terms],
    )
    if theme_id in taxonomy.ids:
        raise ValueError(f"The taxonomy already has a theme with id {theme_id!r}.")
    return taxonomy.with_theme(theme)
