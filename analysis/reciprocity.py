"""Reciprocity between the parties of a readout: airtime, directed acts, mirrored themes, lexical echo, an index."""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import Any

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc, Token

from analysis.acts import ACT_TYPES, Act, PartyResolver, find_acts  # imports themes: its enricher runs first
from analysis.model import JOINT, ReadoutAnalysis
from analysis.readout import register_enricher
from analysis.taxonomy import active_taxonomy

SECTION = "reciprocity"
COMPONENTS: tuple[str, ...] = ("airtime_balance", "act_balance", "theme_overlap", "echo")
COMPONENT_LABELS: dict[str, str] = {
    "airtime_balance": "Airtime balance", "act_balance": "Act balance", "theme_overlap": "Theme overlap",
    "echo": "Lexical echo",
}
FORMULA = (
    "index = mean of the components that apply: airtime balance = min(words A, words B) / max(words A, words B); "
    "act balance = mean over the act types either side used of min(acts A→B, acts B→A) / max(...); "
    "theme overlap = |themes both raised| / |themes either raised|; echo = 2·|shared content word pairs| / "
    "(|A's| + |B's|). Joint statements count for both sides in acts and themes, for neither in airtime and "
    "echo. A component with nothing to measure (no acts, no themes) is left out and said so."
)
MAX_PHRASE = 4


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def _ratio(x: float, y: float) -> float:
    return min(x, y) / max(x, y) if max(x, y) > 0 else 0.0


def _airtime(result: ReadoutAnalysis) -> dict[str, Any]:
    labels = [p.leader for p in result.parties] + [JOINT, "narration"]
    words = dict.fromkeys(labels, 0)
    count = dict.fromkeys(labels, 0)
    for s in result.statements:
        label = s.speaker or "narration"
        words[label] = words.get(label, 0) + s.words
        count[label] = count.get(label, 0) + 1
    total = sum(words.values()) or 1
    speakers = [{"speaker": k, "statements": count[k], "words": words[k], "share": _round(words[k] / total)}
                for k in words]
    pairs = [{"a": a, "b": b, "balance": _round(_ratio(words[a], words[b]))}
             for a, b in combinations([p.leader for p in result.parties], 2)]
    return {"speakers": speakers, "pairs": pairs}


def _themes_by_party(result: ReadoutAnalysis) -> dict[str, set[str]]:
    """The themes each party raised in its own statements (joint statements would make every theme
    shared by construction, so they are left out of the comparison)."""
    out: dict[str, set[str]] = {p.leader: set() for p in result.parties}
    for s in result.statements:
        if s.speaker in out:
            out[s.speaker].update(s.themes)
    return out


def _phrases(result: ReadoutAnalysis, doc: Doc) -> dict[str, Counter[tuple[str, ...]]]:
    """Each party's content phrases (2 to 4 lemmas with no stop word, number or party name), counted."""
    resolver = PartyResolver(result)
    out: dict[str, Counter[tuple[str, ...]]] = {p.leader: Counter() for p in result.parties}

    def content(token: Token) -> bool:
        if token.is_punct or token.is_space or token.is_stop or token.like_num:
            return False
        if not any(c.isalpha() for c in token.text):
            return False
        return resolver.word_party([token.text], 0)[0] is None

    for s in result.statements:
        if s.speaker not in out:
            continue
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        if span is None:
            continue
        runs: list[list[str]] = [[]]
        for token in span:
            if content(token):
                runs[-1].append(token.lemma_.lower())
            elif runs[-1]:
                runs.append([])
        for run in runs:
            for n in range(2, MAX_PHRASE + 1):
                for i in range(len(run) - n + 1):
                    out[s.speaker][tuple(run[i : i + n])] += 1
    return out


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _echo(a: Counter[tuple[str, ...]], b: Counter[tuple[str, ...]]) -> tuple[list[dict[str, Any]], float | None]:
    shared = [p for p in a if p in b]
    # Keep the longest form of a phrase: "mutual trust" goes when it only occurs inside "strategic mutual trust".
    kept = [p for p in shared if not any(
        len(q) > len(p) and _contains(q, p) and a[q] == a[p] and b[q] == b[p] for q in shared)]
    kept.sort(key=lambda p: (-(a[p] + b[p]), -len(p), p))
    phrases = [{"phrase": " ".join(p), "words": len(p), "a_count": a[p], "b_count": b[p]} for p in kept]
    a2 = {p for p in a if len(p) == 2}
    b2 = {p for p in b if len(p) == 2}
    ratio = 2 * len(a2 & b2) / (len(a2) + len(b2)) if a2 or b2 else None
    return phrases, _round(ratio)


def _mirrored(acts: list[Act], a: str, b: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Act types flowing both ways, and one way only, between a and b (each side's own acts: a joint
    statement's act flows both ways by construction, so it would mirror itself)."""
    acts = [x for x in acts if not x.joint]
    mirrored, one_sided = [], []
    for act_type in ACT_TYPES:
        ab = [x for x in acts if x.source == a and x.target == b and x.type == act_type]
        ba = [x for x in acts if x.source == b and x.target == a and x.type == act_type]
        if ab and ba:
            rows = max(len(ab), len(ba))
            # Every act appears once; the shorter side's acts are reused in turn to fill the rows.
            pairs = [{"a_statement": ab[k % len(ab)].statement, "a_evidence": ab[k % len(ab)].evidence,
                      "b_statement": ba[k % len(ba)].statement, "b_evidence": ba[k % len(ba)].evidence}
                     for k in range(rows)]
            mirrored.append({"a": a, "b": b, "type": act_type, "a_to_b": len(ab), "b_to_a": len(ba), "pairs": pairs})
        elif ab or ba:
            (source, target, flow) = (a, b, ab) if ab else (b, a, ba)
            one_sided.append({"source": source, "target": target, "type": act_type, "count": len(flow),
                              "statements": [x.statement for x in flow], "evidence": [x.evidence for x in flow]})
    return mirrored, one_sided


def _act_balance(acts: list[Act], a: str, b: str) -> float | None:
    acts = [x for x in acts if not x.joint]  # as in _mirrored: only what each side gave on its own
    ratios = []
    for act_type in ACT_TYPES:
        ab = sum(1 for x in acts if x.source == a and x.target == b and x.type == act_type)
        ba = sum(1 for x in acts if x.source == b and x.target == a and x.type == act_type)
        if ab or ba:
            ratios.append(_ratio(ab, ba))
    return sum(ratios) / len(ratios) if ratios else None


def _notes(a: str, b: str, words: dict[str, int], components: dict[str, float | None],
           one_sided: list[dict[str, Any]]) -> list[str]:
    notes: list[str] = []
    for silent, other in ((a, b), (b, a)):
        if words.get(silent, 0) == 0 and words.get(other, 0) > 0:
            notes.append(f"Only {other}'s side is reported: {silent} has no statements of their own, "
                         "so nothing can be given back.")
    if words.get(a, 0) == 0 and words.get(b, 0) == 0:
        notes.append(f"Neither {a} nor {b} has statements of their own.")
    balance = components["airtime_balance"] or 0.0
    if 0 < balance < 0.5:
        quiet, loud = (a, b) if words.get(a, 0) < words.get(b, 0) else (b, a)
        notes.append(f"{quiet} is given {balance:.0%} of the words {loud} is given.")
    if components["act_balance"] is None:
        notes.append("No directed acts between them were found; act balance is left out of the index.")
    for source, target in ((a, b), (b, a)):
        types = [x["type"] for x in one_sided if x["source"] == source]
        if types:
            notes.append(f"Only {source} → {target}: " + ", ".join(types) + ".")
    if components["theme_overlap"] is None:
        notes.append("No themes were found for either side; theme overlap is left out of the index.")
    if components["echo"] is None:
        notes.append("Neither side has content phrases of its own; echo is left out of the index.")
    elif components["echo"] == 0 and words.get(a, 0) and words.get(b, 0):
        notes.append("The two sides share no content phrases.")
    return notes


def compute_reciprocity(result: ReadoutAnalysis, doc: Doc, nlp: Language | None = None) -> dict[str, Any]:
    """The reciprocity section of a readout's analysis, JSON-ready (format in the README).

    Args:
        result: the analysis, with speakers attributed (and themes, if the themes analysis ran).
        doc: the text parsed by the pipeline `analyze` used; it is reused, not parsed again.
        nlp: that pipeline (acts look up theme terms with it); by default `load_pipeline()`.

    Returns:
        `{"airtime", "acts", "mirrored", "one_sided", "themes", "echo", "pairs", "formula"}`.

    Raises:
        ValueError: if `doc` is not the parse of `result.text`.
    """
    acts = find_acts(result, doc, nlp)
    airtime = _airtime(result)
    words = {row["speaker"]: row["words"] for row in airtime["speakers"]}
    balances = {(row["a"], row["b"]): row["balance"] for row in airtime["pairs"]}
    themes = _themes_by_party(result)
    joint_themes = sorted({t for s in result.statements if s.speaker == JOINT for t in s.themes})
    phrases = _phrases(result, doc)
    section: dict[str, Any] = {"airtime": airtime, "acts": [x.to_dict() for x in acts], "mirrored": [],
                               "one_sided": [], "themes": [], "echo": [], "pairs": [], "formula": FORMULA}
    for a, b in combinations([p.leader for p in result.parties], 2):
        mirrored, one_sided = _mirrored(acts, a, b)
        section["mirrored"] += mirrored
        section["one_sided"] += one_sided
        both, union = themes[a] & themes[b], themes[a] | themes[b]
        overlap = len(both) / len(union) if union else None
        section["themes"].append({"a": a, "b": b, "both": sorted(both), "a_only": sorted(themes[a] - themes[b]),
                                  "b_only": sorted(themes[b] - themes[a]), "joint": joint_themes,
                                  "overlap": _round(overlap)})
        echo_phrases, echo = _echo(phrases[a], phrases[b])
        section["echo"].append({"a": a, "b": b, "phrases": echo_phrases, "ratio": echo})
        components = {"airtime_balance": balances[(a, b)], "act_balance": _round(_act_balance(acts, a, b)),
                      "theme_overlap": _round(overlap), "echo": echo}
        present = [v for v in components.values() if v is not None]
        cooperation = {
            "a_to_b": round(sum(x.weight for x in acts if x.source == a and x.target == b), 2),
            "b_to_a": round(sum(x.weight for x in acts if x.source == b and x.target == a), 2),
        }
        section["pairs"].append({
            "a": a, "b": b, "index": _round(sum(present) / len(present)) if present else 0.0,
            "components": components, "cooperation": cooperation,
            "notes": _notes(a, b, words, components, one_sided),
        })
    return section


def _add_reciprocity(result: ReadoutAnalysis, doc: Doc, nlp: Language) -> None:
    result.extras[SECTION] = compute_reciprocity(result, doc, nlp)


register_enricher(SECTION, _add_reciprocity)


# -- DataFrame API ------------------------------------------------------------------------------------
# Each table reads the section `analyze` stored; `pair=(leader, leader)` keeps the rows of one pair of
# parties (either order) and raises ValueError for a pair that is not two of the readout's parties.


def reciprocity_report(result: ReadoutAnalysis) -> dict[str, Any]:
    """The reciprocity section `analyze` added to `result` (`result.to_dict()["reciprocity"]`).

    Raises:
        ValueError: if the analysis has no reciprocity section (it was made without `analysis.reciprocity`).
    """
    section = result.extras.get(SECTION) if isinstance(result, ReadoutAnalysis) else None
    if not isinstance(section, dict):
        raise ValueError("This analysis has no reciprocity section; analyse the readout again with analyze().")
    return section


Pair = tuple[str, str]


def _pair_filter(result: ReadoutAnalysis, df: pd.DataFrame, pair: Pair | None, ends: tuple[str, str]) -> pd.DataFrame:
    """Rows of `df` between the two leaders of `pair` (either order); all rows when `pair` is None."""
    if pair is None:
        return df
    leaders = [p.leader for p in result.parties]
    if len(pair) != 2 or pair[0] == pair[1] or not set(pair) <= set(leaders):
        raise ValueError(f"The pair {tuple(pair)!r} is not two of this readout's parties ({', '.join(leaders)}).")
    first, second = ends
    keep = ((df[first] == pair[0]) & (df[second] == pair[1])) | ((df[first] == pair[1]) & (df[second] == pair[0]))
    return df[keep].reset_index(drop=True)


def _texts(result: ReadoutAnalysis) -> dict[int, str]:
    return {s.index: s.text for s in result.statements}


def airtime_table(result: ReadoutAnalysis) -> pd.DataFrame:
    """Words and statements per speaker: columns `speaker, statements, words, share` (share of all words)."""
    return pd.DataFrame(reciprocity_report(result)["airtime"]["speakers"],
                        columns=["speaker", "statements", "words", "share"])


def acts_table(result: ReadoutAnalysis, *, pair: Pair | None = None) -> pd.DataFrame:
    """One row per directed act: `source, target, type, weight, theme, statement, evidence, explicit, joint,
    text` (`text` is the statement's sentence)."""
    columns = ["source", "target", "type", "weight", "theme", "statement", "evidence", "explicit", "joint", "text"]
    texts = _texts(result)
    rows = [{**act, "text": texts.get(act["statement"], "")} for act in reciprocity_report(result)["acts"]]
    df = pd.DataFrame(rows, columns=columns)
    return _pair_filter(result, df, pair, ("source", "target"))


def act_counts(result: ReadoutAnalysis, *, pair: Pair | None = None) -> pd.DataFrame:
    """Acts counted per direction and type: `source, target, type, count, weight` (weight summed), every
    ordered pair of parties and every act type (zero counts included)."""
    acts = reciprocity_report(result)["acts"]
    leaders = [p.leader for p in result.parties]
    rows = []
    for source in leaders:
        for target in leaders:
            if source == target:
                continue
            for act_type in ACT_TYPES:
                flow = [x for x in acts if x["source"] == source and x["target"] == target and x["type"] == act_type]
                rows.append({"source": source, "target": target, "type": act_type, "count": len(flow),
                             "weight": round(sum(x["weight"] for x in flow), 2)})
    df = pd.DataFrame(rows, columns=["source", "target", "type", "count", "weight"])
    return _pair_filter(result, df, pair, ("source", "target"))


def mirrored_table(result: ReadoutAnalysis, *, pair: Pair | None = None) -> pd.DataFrame:
    """Mirrored acts, one row per matched pair: `a, b, type, a_statement, a_evidence, a_text, b_statement,
    b_evidence, b_text`."""
    texts = _texts(result)
    rows = [{"a": m["a"], "b": m["b"], "type": m["type"], "a_statement": p["a_statement"],
             "a_evidence": p["a_evidence"], "a_text": texts.get(p["a_statement"], ""),
             "b_statement": p["b_statement"], "b_evidence": p["b_evidence"], "b_text": texts.get(p["b_statement"], "")}
            for m in reciprocity_report(result)["mirrored"] for p in m["pairs"]]
    df = pd.DataFrame(rows, columns=["a", "b", "type", "a_statement", "a_evidence", "a_text",
                                       "b_statement", "b_evidence", "b_text"])
    return _pair_filter(result, df, pair, ("a", "b"))


def one_sided_table(result: ReadoutAnalysis, *, pair: Pair | None = None) -> pd.DataFrame:
    """Act types that flow one way only, one row per act: `source, target, type, statement, evidence, text`."""
    texts = _texts(result)
    rows = [{"source": x["source"], "target": x["target"], "type": x["type"], "statement": st,
             "evidence": ev, "text": texts.get(st, "")}
            for x in reciprocity_report(result)["one_sided"] for st, ev in zip(x["statements"], x["evidence"])]
    df = pd.DataFrame(rows, columns=["source", "target", "type", "statement", "evidence", "text"])
    return _pair_filter(result, df, pair, ("source", "target"))


def theme_mirror_table(result: ReadoutAnalysis, *, pair: Pair | None = None) -> pd.DataFrame:
    """Themes per pair and who raised them: `a, b, theme, label, raised_by` (`"both"`, the one leader's
    name, or `"joint"` for themes of joint statements; `label` is the theme's name in the active taxonomy)."""
    try:
        labels = active_taxonomy().labels()
    except ValueError:  # a broken user taxonomy: show the ids
        labels = {}
    rows = []
    for row in reciprocity_report(result)["themes"]:
        for key, label in (("a_only", row["a"]), ("both", "both"), ("b_only", row["b"]), ("joint", "joint")):
            rows += [{"a": row["a"], "b": row["b"], "theme": theme, "label": labels.get(theme, theme),
                      "raised_by": label} for theme in row[key]]
    df = pd.DataFrame(rows, columns=["a", "b", "theme", "label", "raised_by"])
    return _pair_filter(result, df, pair, ("a", "b"))


def echo_table(result: ReadoutAnalysis, *, pair: Pair | None = None) -> pd.DataFrame:
    """Content phrases both sides of a pair use: `a, b, phrase, words, a_count, b_count`."""
    rows = [{"a": e["a"], "b": e["b"], **p} for e in reciprocity_report(result)["echo"] for p in e["phrases"]]
    df = pd.DataFrame(rows, columns=["a", "b", "phrase", "words", "a_count", "b_count"])
    return _pair_filter(result, df, pair, ("a", "b"))


def pairs_table(result: ReadoutAnalysis) -> pd.DataFrame:
    """One row per pair of parties: `a, b, index, airtime_balance, act_balance, theme_overlap, echo, notes`
    (a component with nothing to measure is empty; `notes` joins the plain-language reasons)."""
    rows = [{"a": p["a"], "b": p["b"], "index": p["index"], **p["components"], "notes": " ".join(p["notes"])}
            for p in reciprocity_report(result)["pairs"]]
    return pd.DataFrame(rows, columns=["a", "b", "index", *COMPONENTS, "notes"])


def index_components(result: ReadoutAnalysis, *, pair: Pair | None = None) -> pd.DataFrame:
    """The index and its components in long form: `a, b, component, label, value` (component `"index"` too;
    value is empty where a component is left out)."""
    rows = []
    for p in reciprocity_report(result)["pairs"]:
        rows.append({"a": p["a"], "b": p["b"], "component": "index", "label": "Reciprocity index", "value": p["index"]})
        rows += [{"a": p["a"], "b": p["b"], "component": c, "label": COMPONENT_LABELS[c], "value": p["components"][c]}
                 for c in COMPONENTS]
    df = pd.DataFrame(rows, columns=["a", "b", "component", "label", "value"])
    return _pair_filter(result, df, pair, ("a", "b"))


def index_matrix(result: ReadoutAnalysis) -> pd.DataFrame:
    """The index for every pair as a square table (rows and columns are the leaders; the diagonal is empty)."""
    leaders = [p.leader for p in result.parties]
    matrix = pd.DataFrame(float("nan"), index=leaders, columns=leaders)
    for p in reciprocity_report(result)["pairs"]:
        matrix.loc[p["a"], p["b"]] = p["index"]
        matrix.loc[p["b"], p["a"]] = p["index"]
    return matrix
