"""Two readouts of one call side by side: aligned statements, what each side alone reported, and framing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from analysis.gazetteer import gazetteer
from analysis.model import JOINT, Party, ReadoutAnalysis, Statement
from analysis.parties import TITLE_WORDS

#: Lowest score (text similarity plus the speaker bonus) at which two statements count as reporting the
#: same thing. Chosen on the synthetic pairs in `tests/data/compare_pairs.jsonl`. On the first four, the
#: lowest-scoring gold pair scored 0.248 and the highest-scoring wrong candidate 0.189, and 0.22 was taken;
#: the fifth pair, written afterwards as a check, then scored precision 1.0 and recall 0.8 (gold pairs at
#: 0.210 and 0.223). Over all five pairs the gap is 0.189 to 0.210, and 0.20 lies in it. The margin is
#: thin: expect some misses on real readouts, and adjust the threshold (the page has a slider).
THRESHOLD = 0.20
#: Added to the score when both statements have the same speaker (the same party, both joint, or both
#: narration) once the parties are mapped across the readouts.
SPEAKER_BONUS = 0.10
#: Weight of word (lemma) TF-IDF cosine in the text similarity; the rest is character 3-5-gram cosine.
WORD_WEIGHT = 0.5

# Words that frame a statement rather than say what it is about; left out of the similarity and the terms.
_FRAMING_WORDS = {
    "say", "said", "note", "stress", "add", "express", "underscore", "underline", "emphasize", "emphasise",
    "point", "state", "tell", "make", "clear", "also", "outline", "inform", "reiterate", "highlight",
    "mention", "remark", "hold", "held", "part", "side", "sides", "leader", "leaders", "two", "both",
    "today", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "'s", "s",
    "counterpart", "head", "heads", "mr", "mrs", "ms", "dr", "he", "she", "they", "his", "her", "their",
}
_STOP = set(ENGLISH_STOP_WORDS) | _FRAMING_WORDS | TITLE_WORDS
# Words readouts use interchangeably for one thing, each mapped to one token ("=call"), so that "held
# phone talks with" and "spoke by telephone with" share a word. Kept small and generic on purpose.
_SYNONYMS = {
    **dict.fromkeys(["call", "phone", "telephone", "conversation", "talk", "talks", "speak", "spoke", "meet",
                     "met", "meeting"], "=call"),
    **dict.fromkeys(["support", "back", "backing", "endorse", "uphold"], "=support"),
    **dict.fromkeys(["oppose", "reject", "opposition"], "=oppose"),
    **dict.fromkeys(["cooperation", "cooperate", "collaborate", "collaboration"], "=cooperate"),
    **dict.fromkeys(["concern", "worry", "alarm"], "=concern"),
}
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'.-]*")

NARRATION = "narration"


@dataclass(frozen=True)
class PartyLink:
    """One party found in both readouts.

    Attributes:
        a: the party's leader name in readout A.
        b: the party's leader name in readout B.
        basis: why they were linked: "name" (a shared name word), "country" or "title".
    """

    a: str
    b: str
    basis: str

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "basis": self.basis}


@dataclass(frozen=True)
class MatchedPair:
    """A statement of A and a statement of B that report the same thing, and how their framing differs.

    Attributes:
        a: index of the statement in A.
        b: index of the statement in B.
        score: the alignment score (text similarity plus the speaker bonus, at most 1), at least the
            threshold.
        similarity: the text similarity alone, from 0 to 1.
        speaker_a, speaker_b: each statement's speaker (a leader, "joint", or "narration").
        same_speaker: True when the speakers are the same party (through the party links), both joint,
            or both narration.
        acts_a, acts_b: act types of each statement (empty when no act analysis ran).
        themes_a, themes_b: theme ids of each statement.
        terms_only_a, terms_only_b: content lemmas in one statement and not the other.
    """

    a: int
    b: int
    score: float
    similarity: float
    speaker_a: str
    speaker_b: str
    same_speaker: bool
    acts_a: tuple[str, ...] = ()
    acts_b: tuple[str, ...] = ()
    themes_a: tuple[str, ...] = ()
    themes_b: tuple[str, ...] = ()
    terms_only_a: tuple[str, ...] = ()
    terms_only_b: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a, "b": self.b, "score": round(self.score, 4), "similarity": round(self.similarity, 4),
            "speaker_a": self.speaker_a, "speaker_b": self.speaker_b, "same_speaker": self.same_speaker,
            "acts_a": list(self.acts_a), "acts_b": list(self.acts_b),
            "themes_a": list(self.themes_a), "themes_b": list(self.themes_b),
            "terms_only_a": list(self.terms_only_a), "terms_only_b": list(self.terms_only_b),
        }


@dataclass
class Comparison:
    """Two readouts of one call compared: see `compare_readouts`.

    Attributes:
        a, b: the two analyses.
        labels: short names for the two readouts (their titles, or "Readout A"/"Readout B").
        links: the parties found in both readouts.
        hosts: each readout's own leader (its publisher's), by leader name in that readout, if known.
        pairs: the aligned statements, in A's order.
        only_a, only_b: indices of the statements with no counterpart in the other readout.
        threshold: the score threshold used.
    """

    a: ReadoutAnalysis
    b: ReadoutAnalysis
    labels: tuple[str, str]
    links: list[PartyLink]
    hosts: tuple[str | None, str | None]
    pairs: list[MatchedPair]
    only_a: list[int]
    only_b: list[int]
    threshold: float = THRESHOLD
    _acts: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)

    def parties(self) -> list[str]:
        """Every party of the two readouts once, by its name in A (B's name for a party only B has)."""
        linked_b = {link.b for link in self.links}
        return [p.leader for p in self.a.parties] + [p.leader for p in self.b.parties if p.leader not in linked_b]

    def canonical(self, side: str, speaker: str | None) -> str:
        """A speaker of readout `side` ("a" or "b") by the name `parties()` uses; "joint" and "narration" as is."""
        if speaker is None:
            return NARRATION
        if side == "b":
            return next((link.a for link in self.links if link.b == speaker), speaker)
        return speaker

    # -- tables -------------------------------------------------------------------------------------------

    def pairs_frame(self) -> pd.DataFrame:
        """The aligned pairs, one row each.

        Columns: a, b (statement indices), score, similarity, text_a, text_b, speaker_a, speaker_b,
        same_speaker, acts_a, acts_b, themes_a, themes_b, terms_only_a, terms_only_b (lists joined by ", ").
        """
        rows = []
        for p in self.pairs:
            row = p.to_dict()
            row["text_a"] = self.a.statements[p.a].text
            row["text_b"] = self.b.statements[p.b].text
            for key in ("acts_a", "acts_b", "themes_a", "themes_b", "terms_only_a", "terms_only_b"):
                row[key] = ", ".join(row[key])
            rows.append(row)
        columns = ["a", "b", "score", "similarity", "text_a", "text_b", "speaker_a", "speaker_b", "same_speaker",
                   "acts_a", "acts_b", "themes_a", "themes_b", "terms_only_a", "terms_only_b"]
        return pd.DataFrame(rows, columns=columns)

    def unmatched_frame(self) -> pd.DataFrame:
        """Statements only one readout reports.

        Columns: readout ("a" or "b"), label, index, speaker, text, themes (joined by ", "), words.
        """
        rows = []
        for side, result, indices in (("a", self.a, self.only_a), ("b", self.b, self.only_b)):
            label = self.labels[0 if side == "a" else 1]
            for i in indices:
                s = result.statements[i]
                rows.append({"readout": side, "label": label, "index": i, "speaker": _speaker(s),
                             "text": s.text, "themes": ", ".join(s.themes), "words": s.words})
        return pd.DataFrame(rows, columns=["readout", "label", "index", "speaker", "text", "themes", "words"])

    def alignment_frame(self) -> pd.DataFrame:
        """Both readouts on one list of rows, for side-by-side display: a pair on one row, a statement with
        no counterpart on a row of its own. Rows follow A's order; B's unmatched statements come just
        before the first pair whose B statement follows them (crossing pairs keep A's order).

        Columns: a, b (statement indices or None), text_a, text_b, speaker_a, speaker_b, party_a, party_b
        (the speakers by `parties()` names, for colours), score (None for unmatched rows), status
        ("matched", "only a", "only b"). Empty text and speaker on the side a row does not have.
        """
        pair_of_a = {p.a: p for p in self.pairs}
        rows: list[dict[str, Any]] = []
        only_b = sorted(self.only_b)

        def flush_b(until: int) -> None:
            nonlocal only_b
            while only_b and only_b[0] < until:
                j = only_b.pop(0)
                s = self.b.statements[j]
                rows.append({"a": None, "b": j, "text_a": "", "text_b": s.text, "speaker_a": "",
                             "speaker_b": _speaker(s), "score": None, "status": "only b"})

        for i, s in enumerate(self.a.statements):
            pair = pair_of_a.get(i)
            if pair is None:
                rows.append({"a": i, "b": None, "text_a": s.text, "text_b": "", "speaker_a": _speaker(s),
                             "speaker_b": "", "score": None, "status": "only a"})
                continue
            flush_b(pair.b)
            t = self.b.statements[pair.b]
            rows.append({"a": i, "b": pair.b, "text_a": s.text, "text_b": t.text, "speaker_a": _speaker(s),
                         "speaker_b": _speaker(t), "score": round(pair.score, 4), "status": "matched"})
        flush_b(len(self.b.statements))
        for row in rows:
            row["party_a"] = self.canonical("a", row["speaker_a"]) if row["speaker_a"] else ""
            row["party_b"] = self.canonical("b", row["speaker_b"]) if row["speaker_b"] else ""
        frame = pd.DataFrame(rows, columns=["a", "b", "text_a", "text_b", "speaker_a", "speaker_b", "party_a",
                                            "party_b", "score", "status"])
        return frame.astype({"a": "Int64", "b": "Int64"})

    def coverage_frame(self) -> pd.DataFrame:
        """Share of each readout that the other also reports.

        Columns: readout ("a"/"b"), label, statements, matched_statements, statement_share, words,
        matched_words, word_share (shares from 0 to 1; 0 for a readout with no words).
        """
        rows = []
        for side, result, matched in (("a", self.a, {p.a for p in self.pairs}),
                                      ("b", self.b, {p.b for p in self.pairs})):
            words = sum(s.words for s in result.statements)
            matched_words = sum(result.statements[i].words for i in matched)
            n = len(result.statements)
            rows.append({"readout": side, "label": self.labels[0 if side == "a" else 1], "statements": n,
                         "matched_statements": len(matched), "statement_share": len(matched) / n if n else 0.0,
                         "words": words, "matched_words": matched_words,
                         "word_share": matched_words / words if words else 0.0})
        return pd.DataFrame(rows)

    def airtime_frame(self) -> pd.DataFrame:
        """Words and statements each readout gives to its own leader, the other leader, joint statements,
        narration and any further party.

        Columns: readout ("a"/"b"), label, role ("own leader", "other leader", "joint", "narration",
        "other party"), leader (name in that readout, "" for joint and narration), party (the name
        `parties()` uses, "joint" or "narration"), statements, words, word_share (of the readout's words).
        """
        rows = []
        for side in ("a", "b"):
            result = self.a if side == "a" else self.b
            own = self.hosts[0] if side == "a" else self.hosts[1]
            other = self._counterpart_host(side)
            total = sum(s.words for s in result.statements) or 1
            tally: dict[tuple[str, str], list[int]] = {}
            for role, leader in (("own leader", own), ("other leader", other), ("joint", ""), ("narration", "")):
                if leader is not None:
                    tally[(role, leader)] = [0, 0]
            for s in result.statements:
                if s.speaker is None:
                    key = ("narration", "")
                elif s.speaker == JOINT:
                    key = ("joint", "")
                elif s.speaker == own:
                    key = ("own leader", own)
                elif s.speaker == other:
                    key = ("other leader", other)
                else:
                    key = ("other party", s.speaker)
                counts = tally.setdefault(key, [0, 0])
                counts[0] += 1
                counts[1] += s.words
            for (role, leader), (n, words) in tally.items():
                party = self.canonical(side, leader) if leader else (JOINT if role == "joint" else NARRATION)
                rows.append({"readout": side, "label": self.labels[0 if side == "a" else 1], "role": role,
                             "leader": leader, "party": party, "statements": n, "words": words,
                             "word_share": words / total})
        return pd.DataFrame(rows, columns=["readout", "label", "role", "leader", "party", "statements", "words",
                                           "word_share"])

    def themes_frame(self) -> pd.DataFrame:
        """Themes of each readout, and which readout emphasises them.

        Columns: theme, readout ("a"/"b"), label, statements (touching the theme), share (of the readout's
        statements), emphasis ("both", "only a", "only b"). Empty when no theme analysis ran.
        """
        counts = {side: _theme_counts(result) for side, result in (("a", self.a), ("b", self.b))}
        rows = []
        for theme in sorted(set(counts["a"]) | set(counts["b"])):
            in_a, in_b = theme in counts["a"], theme in counts["b"]
            emphasis = "both" if in_a and in_b else ("only a" if in_a else "only b")
            for side, result in (("a", self.a), ("b", self.b)):
                n = counts[side].get(theme, 0)
                rows.append({"theme": theme, "readout": side, "label": self.labels[0 if side == "a" else 1],
                             "statements": n, "share": n / len(result.statements) if result.statements else 0.0,
                             "emphasis": emphasis})
        return pd.DataFrame(rows, columns=["theme", "readout", "label", "statements", "share", "emphasis"])

    def acts_frame(self) -> pd.DataFrame:
        """Directed acts of each readout (from its reciprocity analysis), and whether the other reports them.

        An act is reported by both when the other readout has an act of the same type between the same two
        parties (through the party links), anywhere in it.

        Columns: readout ("a"/"b"), label, statement, source, target, type, matched_statement (whether its
        statement is aligned), reported_by_other (bool). Empty when neither readout has acts.
        """
        keys = {side: {self._act_key(side, act) for act in self._acts.get(side, [])} for side in ("a", "b")}
        matched = {"a": {p.a for p in self.pairs}, "b": {p.b for p in self.pairs}}
        rows = []
        for side in ("a", "b"):
            other = "b" if side == "a" else "a"
            for act in self._acts.get(side, []):
                rows.append({
                    "readout": side, "label": self.labels[0 if side == "a" else 1],
                    "statement": int(act.get("statement", -1)), "source": act.get("source"),
                    "target": act.get("target"), "type": act.get("type"),
                    "matched_statement": int(act.get("statement", -1)) in matched[side],
                    "reported_by_other": self._act_key(side, act) in keys[other],
                })
        return pd.DataFrame(rows, columns=["readout", "label", "statement", "source", "target", "type",
                                           "matched_statement", "reported_by_other"])

    def acts_counts_frame(self) -> pd.DataFrame:
        """Acts by type in each readout, split into those the other readout also reports and those it does not.

        Columns: readout ("a"/"b"), label, type, reported ("by both" or "by this readout only"), acts.
        """
        acts = self.acts_frame()
        if acts.empty:
            return pd.DataFrame(columns=["readout", "label", "type", "reported", "acts"])
        acts["reported"] = acts["reported_by_other"].map({True: "by both", False: "by this readout only"})
        counts = acts.groupby(["readout", "label", "type", "reported"], sort=True).size().reset_index(name="acts")
        return counts[["readout", "label", "type", "reported", "acts"]]

    # -- JSON -------------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: readouts, threshold, party links, pairs (with texts), unmatched statements, summary.

        The summary holds the records of `coverage_frame`, `airtime_frame`, `themes_frame` and `acts_frame`,
        and the lists `themes_only_a`, `themes_only_b`.
        """
        def readout(result: ReadoutAnalysis, label: str, host: str | None) -> dict[str, Any]:
            return {"label": label, "title": result.title, "date": result.date, "host": host,
                    "parties": [p.leader for p in result.parties], "statements": len(result.statements),
                    "words": sum(s.words for s in result.statements)}

        pairs = []
        for p in self.pairs:
            row = p.to_dict()
            row["text_a"] = self.a.statements[p.a].text
            row["text_b"] = self.b.statements[p.b].text
            pairs.append(row)
        unmatched = self.unmatched_frame()
        themes = self.themes_frame()
        return {
            "readouts": {"a": readout(self.a, self.labels[0], self.hosts[0]),
                         "b": readout(self.b, self.labels[1], self.hosts[1])},
            "threshold": self.threshold,
            "parties": [link.to_dict() for link in self.links],
            "pairs": pairs,
            "only_a": _records(unmatched[unmatched["readout"] == "a"].drop(columns=["readout", "label"])),
            "only_b": _records(unmatched[unmatched["readout"] == "b"].drop(columns=["readout", "label"])),
            "summary": {
                "coverage": _records(self.coverage_frame()),
                "airtime": _records(self.airtime_frame()),
                "themes": _records(themes),
                "themes_only_a": sorted(set(themes.loc[themes["emphasis"] == "only a", "theme"])),
                "themes_only_b": sorted(set(themes.loc[themes["emphasis"] == "only b", "theme"])),
                "acts": _records(self.acts_frame()),
            },
        }

    # -- helpers ----------------------------------------------------------------------------------------

    def _counterpart_host(self, side: str) -> str | None:
        """The other readout's host, named as in this readout."""
        if side == "a":
            return next((link.a for link in self.links if link.b == self.hosts[1]), None)
        return next((link.b for link in self.links if link.a == self.hosts[0]), None)

    def _act_key(self, side: str, act: dict[str, Any]) -> tuple[str, str, str]:
        def canon(leader: Any) -> str:
            if side == "b":
                leader = next((link.a for link in self.links if link.b == leader), f"b:{leader}")
            return str(leader)
        return canon(act.get("source")), canon(act.get("target")), str(act.get("type"))


def compare_readouts(a: ReadoutAnalysis, b: ReadoutAnalysis, *, threshold: float = THRESHOLD,
                     labels: tuple[str, str] | None = None) -> Comparison:
    """Align the statements of two readouts of one call, and compare what each reports and how.

    Statements are compared by meaning as far as words allow: TF-IDF over content lemmas (stop words,
    reporting verbs and titles left out; leader names and country words replaced by one token per party or
    country, so "Beijing" and "China" count as the same word) and TF-IDF over character 3-5-grams (for
    spelling variants and word forms), averaged, as cosine similarities. A pair whose speakers agree (after
    linking the parties of the two readouts by name, country or title) gets `SPEAKER_BONUS`. Pairs are
    chosen one-to-one by the Hungarian algorithm and kept when their score reaches `threshold`.

    Args:
        a: the first readout's analysis (for instance the one published by the first party).
        b: the second readout's analysis.
        threshold: the lowest score of a kept pair, from 0 to 1 (default `THRESHOLD`).
        labels: names for the two readouts; by default their titles, or "Readout A" and "Readout B".

    Returns:
        The comparison, with its tables and `to_dict()`.

    Raises:
        ValueError: if a or b is not a readout analysis, has no statements, or the threshold is not in [0, 1].
    """
    for name, result in (("first", a), ("second", b)):
        if not isinstance(result, ReadoutAnalysis):
            raise ValueError(f"The {name} readout must be a ReadoutAnalysis, not {type(result).__name__}.")
        if not result.statements:
            raise ValueError(f"The {name} readout has no statements to compare.")
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 <= threshold <= 1:
        raise ValueError(f"The threshold must be a number from 0 to 1, got {threshold!r}.")
    if labels is None:
        labels = (a.title or "Readout A", b.title or "Readout B")
        if labels[0] == labels[1]:
            labels = (f"{labels[0]} (A)", f"{labels[1]} (B)")

    links = link_parties(a, b)
    hosts = _hosts(a, b, links)
    tokens_a = _statement_tokens(a, links, "a", a, b)
    tokens_b = _statement_tokens(b, links, "b", a, b)
    similarity = _similarity(tokens_a, tokens_b)
    same = np.array([[_same_speaker(s, t, links) for t in b.statements] for s in a.statements], dtype=bool)
    score = np.clip(similarity + SPEAKER_BONUS * same, 0.0, 1.0)

    rows, cols = linear_sum_assignment(np.where(score >= threshold, score, 0.0), maximize=True)
    acts = {"a": _acts(a), "b": _acts(b)}
    pairs = []
    for i, j in sorted(zip(rows.tolist(), cols.tolist())):
        if score[i, j] < threshold or similarity[i, j] <= 0:
            continue
        s, t = a.statements[i], b.statements[j]
        terms_a = [w for w in tokens_a[i] if ":" not in w]
        terms_b = [w for w in tokens_b[j] if ":" not in w]
        pairs.append(MatchedPair(
            a=i, b=j, score=float(score[i, j]), similarity=float(similarity[i, j]),
            speaker_a=_speaker(s), speaker_b=_speaker(t), same_speaker=bool(same[i, j]),
            acts_a=_act_types(acts["a"], i), acts_b=_act_types(acts["b"], j),
            themes_a=tuple(s.themes), themes_b=tuple(t.themes),
            terms_only_a=tuple(_unique(w for w in terms_a if w not in set(terms_b))),
            terms_only_b=tuple(_unique(w for w in terms_b if w not in set(terms_a))),
        ))
    matched_a, matched_b = {p.a for p in pairs}, {p.b for p in pairs}
    return Comparison(
        a=a, b=b, labels=labels, links=links, hosts=hosts, pairs=pairs,
        only_a=[i for i in range(len(a.statements)) if i not in matched_a],
        only_b=[j for j in range(len(b.statements)) if j not in matched_b],
        threshold=float(threshold), _acts=acts,
    )


def suggest_pairs(readouts: list[Any]) -> list[tuple[Any, Any]]:
    """Pairs of stored readouts that may report the same call: the same date and the same two sides.

    Two readouts of one date are suggested when their parties' countries are the same two (or more), or
    when `link_parties` finds at least two of their parties in both (a country the analyzer got wrong in
    one readout does not hide the pair).

    Args:
        readouts: objects with `id`, `date`, `countries` and `analysis` (such as
            `analysis.store.CorpusReadout`).

    Returns:
        (first, second) pairs of the given objects, newest date first, each pair once.
    """
    out = []
    dated = sorted((r for r in readouts if r.date), key=lambda r: (str(r.date), r.id), reverse=True)
    for i, first in enumerate(dated):
        for second in dated[i + 1:]:
            if first.date != second.date:
                continue
            countries = set(first.countries)
            same_countries = len(countries) >= 2 and countries == set(second.countries)
            if same_countries or len(link_parties(first.analysis, second.analysis)) >= 2:
                out.append((first, second))
    return out


def link_parties(a: ReadoutAnalysis, b: ReadoutAnalysis) -> list[PartyLink]:
    """Pair the parties of two readouts that are the same side of the call.

    A shared name word ("Xi" in "Xi Jinping" and "President Xi") links two parties first, whatever their
    countries; then the same country; then, for parties still unlinked, the same title ("Prime Minister"),
    which links a party that one readout names only by title ("The Prime Minister"). Each party is linked
    at most once.

    Returns:
        The links, in A's party order.
    """
    links: dict[str, PartyLink] = {}
    used_b: set[str] = set()
    for basis in ("name", "country", "title"):
        for p in a.parties:
            if p.leader in links:
                continue
            q = next((q for q in b.parties if q.leader not in used_b and _linkable(p, q, basis)), None)
            if q is not None:
                links[p.leader] = PartyLink(p.leader, q.leader, basis)
                used_b.add(q.leader)
    return [links[p.leader] for p in a.parties if p.leader in links]


def _linkable(p: Party, q: Party, basis: str) -> bool:
    if basis == "name":
        return bool(_name_words(p) & _name_words(q))
    if p.country and q.country and p.country != q.country:
        return False
    if basis == "country":
        return bool(p.country and p.country == q.country)
    # Two named leaders with one title and no shared name are different people: the title links only a
    # party that a readout names by its title alone ("The Prime Minister").
    same_title = bool(p.title and q.title and p.title.lower() == q.title.lower())
    return same_title and not (_name_words(p) and _name_words(q))


def _name_words(party: Party) -> set[str]:
    """Lower-case words of a party's name that are not titles, honorifics or "the"."""
    words = {w.lower().strip(".,") for w in party.leader.split()}
    return {w for w in words if w and w not in _STOP and len(w) > 1}


def _hosts(a: ReadoutAnalysis, b: ReadoutAnalysis, links: list[PartyLink]) -> tuple[str | None, str | None]:
    """Each readout's own leader: among the parties found in both, the one each readout lists first.

    `analyze` lists the publisher's leader first when it can tell; a party that only one readout has (a
    dateline read as a name, say) is passed over. When both readouts list the same party first, A keeps it
    and B's host is the other linked party.
    """
    if not links:
        return (a.parties[0].leader if a.parties else None, b.parties[0].leader if b.parties else None)
    linked_a = [link.a for link in links]
    linked_b = {link.b: link.a for link in links}
    host_a = next(p.leader for p in a.parties if p.leader in linked_a)
    order_b = [p.leader for p in b.parties if p.leader in linked_b]
    host_b = order_b[0]
    if linked_b[host_b] == host_a:
        host_b = order_b[1] if len(order_b) > 1 else next(
            (p.leader for p in b.parties if p.leader not in linked_b), None)
    return host_a, host_b


def _speaker(s: Statement) -> str:
    return s.speaker if s.speaker is not None else NARRATION


def _same_speaker(s: Statement, t: Statement, links: list[PartyLink]) -> bool:
    if s.speaker is None or s.speaker == JOINT or t.speaker is None or t.speaker == JOINT:
        return s.speaker == t.speaker
    return any(link.a == s.speaker and link.b == t.speaker for link in links)


def _statement_tokens(result: ReadoutAnalysis, links: list[PartyLink], side: str,
                      a: ReadoutAnalysis, b: ReadoutAnalysis) -> list[list[str]]:
    """Content tokens of each statement: lemmas without stop words, with "p:<party>" and "c:<country>"."""
    names: dict[str, str] = {}
    for party in result.parties:
        key = party.leader
        if side == "b":
            key = next((link.a for link in links if link.b == party.leader), f"b:{party.leader}")
        for word in _name_words(party):
            names.setdefault(word, f"p:{key.lower()}")
    # Countries that the gazetteer does not know (fictional ones), from both readouts' parties.
    extra_countries = {p.country.lower(): p.country for p in a.parties + b.parties
                       if p.country and " " not in p.country and gazetteer().lookup(p.country) is None}
    out = []
    for s in result.statements:
        lemmas = list(s.lemmas) or [w.lower() for w in _WORD.findall(s.text)]
        tokens: list[str] = []
        i = 0
        while i < len(lemmas):
            word = lemmas[i]
            match = gazetteer().match(lemmas, i, lemmas=True)
            if match is not None:
                tokens.append(f"c:{match.country.lower()}")
                i += match.length
                continue
            i += 1
            country = _fictional_country(word, extra_countries)
            if word in names:
                tokens.append(names[word])
            elif country:
                tokens.append(f"c:{country}")
            elif word in _SYNONYMS:
                tokens.append(_SYNONYMS[word])
            elif word not in _STOP and len(word) > 1 and any(c.isalnum() for c in word):
                tokens.append(word)
        out.append(tokens)
    return out


def _fictional_country(word: str, countries: dict[str, str]) -> str | None:
    """The country (one the gazetteer does not know) that a word names or is the adjective of."""
    for name in countries:
        if word == name or (len(name) >= 6 and word.startswith(name[: len(name) - 2]) and len(word) <= len(name) + 3):
            return name
    return None


def _similarity(tokens_a: list[list[str]], tokens_b: list[list[str]]) -> np.ndarray:
    """Cosine similarity of each statement of A to each of B: words and character n-grams, averaged."""
    docs = tokens_a + tokens_b
    n = len(tokens_a)
    if not any(docs):
        return np.zeros((len(tokens_a), len(tokens_b)))
    word = TfidfVectorizer(analyzer=lambda toks: toks, sublinear_tf=True).fit_transform(docs)
    texts = [" ".join(t for t in toks if ":" not in t) for toks in docs]
    if any(texts):
        char = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(texts)
        char_sim = (char[:n] @ char[n:].T).toarray()
    else:
        char_sim = np.zeros((len(tokens_a), len(tokens_b)))
    word_sim = (word[:n] @ word[n:].T).toarray()
    return WORD_WEIGHT * word_sim + (1 - WORD_WEIGHT) * char_sim


def _acts(result: ReadoutAnalysis) -> list[dict[str, Any]]:
    reciprocity = result.extras.get("reciprocity")
    acts = reciprocity.get("acts") if isinstance(reciprocity, dict) else None
    return [act for act in acts or [] if isinstance(act, dict)]


def _act_types(acts: list[dict[str, Any]], index: int) -> tuple[str, ...]:
    return tuple(_unique(str(act.get("type")) for act in acts if act.get("statement") == index))


def _theme_counts(result: ReadoutAnalysis) -> dict[str, int]:
    counts: dict[str, int] = {}
    for s in result.statements:
        for theme in s.themes:
            counts[theme] = counts.get(theme, 0) + 1
    return counts


def _unique(items: Any) -> list[str]:
    return list(dict.fromkeys(items))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as JSON-ready dicts (numpy scalars and missing values turned into plain Python)."""
    records = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
    return [{k: (v.item() if isinstance(v, np.generic) else v) for k, v in row.items()} for row in records]
