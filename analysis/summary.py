"""A plain-language summary of one readout, written from its figures (airtime, themes, reciprocity), no language model."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.model import JOINT, Party, ReadoutAnalysis, Statement

#: Themes an analyst reads first when naming what an act was about: core interests before courtesies.
THEME_PRIORITY: tuple[str, ...] = (
    "sovereignty", "territorial_issues", "nuclear_arms_control", "security", "war_crises", "human_rights",
    "multilateralism", "economy_trade", "energy", "belt_and_road", "climate_environment", "health_pandemic",
    "development_governance", "people_to_people", "milestones", "partnership",
)
#: Order in which exchanged act types are told, the weightiest first.
ACT_ORDER: tuple[str, ...] = ("support", "commit", "agree", "praise", "invite", "propose", "thank", "congratulate",
                              "oppose", "criticize", "concern", "urge", "warn")
_NOUN = {"support": "support", "commit": "commitment", "agree": "agreement", "praise": "praise",
         "invite": "invitation", "propose": "proposal", "thank": "thanks", "congratulate": "congratulations",
         "oppose": "opposition", "criticize": "criticism", "concern": "concern", "urge": "urging", "warn": "warning"}
_BOTH = {"support": "voiced support for each other", "commit": "said they stand ready to work with each other",
         "agree": "agreed with each other", "praise": "praised each other", "invite": "invited each other",
         "propose": "made proposals to each other", "thank": "thanked each other",
         "congratulate": "congratulated each other", "oppose": "opposed each other's positions",
         "criticize": "criticized each other", "concern": "raised concerns with each other",
         "urge": "urged each other", "warn": "warned each other"}
_PAST = {"support": "supported", "commit": "pledged to work with", "agree": "agreed with", "praise": "praised",
         "invite": "invited", "propose": "made proposals to", "thank": "thanked", "congratulate": "congratulated",
         "oppose": "opposed", "criticize": "criticized", "concern": "raised concerns with", "urge": "urged",
         "warn": "warned"}


@dataclass
class ReadoutSummary:
    """The summary as short paragraphs, each a few sentences about one aspect.

    Attributes:
        headline: one sentence: who talked with whom, when, and how long the readout is.
        paragraphs: airtime, themes, exchange and one-sided acts, the reciprocity index, doubts, in that order;
            a paragraph is left out when its figures are missing.
        sections: the same paragraphs keyed by what they cover ("airtime", "themes", "exchange", ...).
    """

    headline: str
    paragraphs: list[str] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The whole summary as plain text, paragraphs separated by blank lines."""
        return "\n\n".join([self.headline, *self.paragraphs])

    def to_dict(self) -> dict[str, Any]:
        return {"headline": self.headline, "paragraphs": list(self.paragraphs), "sections": dict(self.sections)}


def short_name(party: Party) -> str:
    """The name the text uses for a leader afterwards ("Xi" for Xi Jinping, "Raisi" for Ebrahim Raisi).

    Learnt from how the text refers back: the first word of the leader's name that an alias uses on its
    own or after a title ("Raisi", "President Moon"); when no alias tells, the full name.
    """
    words = party.leader.split()
    if party.kind == "collective" or len(words) < 2:
        return party.leader
    for alias in party.aliases:
        used = [word for word in alias.split() if word in words]
        if len(used) == 1:  # "Raisi", "President Moon"; not "Chinese President Xi Jinping"
            return used[0]
    return party.leader


def join_words(items: list[str], conjunction: str = "and") -> str:
    """"a", "a and b", "a, b and c"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {conjunction} {items[1]}"
    if any("," in i for i in items):  # items that hold commas themselves are set apart by semicolons
        return "; ".join(items[:-1]) + f"; {conjunction} " + items[-1]
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def theme_phrase(label: str) -> str:
    """A theme label shortened to read inside a sentence: "Partnership and friendship" -> "partnership".

    A label with a proper noun keeps its case and loses only a common tail ("Belt and Road and connectivity"
    -> "Belt and Road"; "Taiwan, Xinjiang, Hong Kong and territorial questions" -> "Taiwan, Xinjiang, Hong Kong").
    """
    words = label.split()
    if len(words) > 1 and any(w[:1].isupper() for w in words[1:]):
        head, _, tail = label.rpartition(" and ")
        return head if head and tail[:1].islower() else label
    head = label.split(" and ")[0].strip()
    return head[:1].lower() + head[1:]


def _percent(x: float) -> str:
    return f"{round(100 * x)}%"


def _airtime(result: ReadoutAnalysis, names: dict[str, str]) -> str | None:
    words: dict[str, int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    for s in result.statements:
        label = s.speaker or "narration"
        words[label] += s.words
        count[label] += 1
    total = sum(words.values())
    if not total:
        return None
    ranked = sorted((p.leader for p in result.parties), key=lambda leader: -words[leader])
    spoken = [leader for leader in ranked if count[leader]]
    sentences: list[str] = []
    if spoken:
        first = spoken[0]
        lead = (f"{names[first]} spoke most: {words[first]:,} words in {count[first]} statement"
                f"{'s' if count[first] != 1 else ''} ({_percent(words[first] / total)} of the readout)")
        others = [f"{names[x]}'s {words[x]:,} in {count[x]} ({_percent(words[x] / total)})" for x in spoken[1:]]
        if len(spoken) == 1:
            lead = (f"Only {names[first]} is reported speaking: {words[first]:,} words in {count[first]} statement"
                    f"{'s' if count[first] != 1 else ''} ({_percent(words[first] / total)} of the readout)")
        sentences.append(lead + (", against " + join_words(others) if others else "") + ".")
        silent = [names[leader] for leader in ranked if not count[leader]]
        if silent:
            sentences.append(f"No statement is attributed to {join_words(silent, 'or')}.")
    else:
        sentences.append("No statement could be attributed to a party.")
    if count[JOINT]:
        sentences.append(f"{count[JOINT]} statement{'s are' if count[JOINT] != 1 else ' is'} joint "
                         f"({_percent(words[JOINT] / total)}).")
    if count["narration"]:
        sentences.append(f"{count['narration']} statement{'s are' if count['narration'] != 1 else ' is'} "
                         "narration framing the call.")
    return " ".join(sentences)


def _theme_rows(result: ReadoutAnalysis) -> list[dict[str, Any]]:
    rows = result.extras.get("themes")
    if isinstance(rows, list) and rows:
        return [r for r in rows if isinstance(r, dict)]
    # Statements may carry themes even when the section is missing (an older cached result): count them
    # the same way the themes section does, so every figure is a real rate.
    if not any(s.themes for s in result.statements):
        return []
    from analysis.themes import theme_frequencies

    frame = theme_frequencies(result)
    return frame[frame["statements"] > 0].to_dict("records")


def _themes(result: ReadoutAnalysis, names: dict[str, str]) -> str | None:
    rows = _theme_rows(result)
    if not rows:
        if result.extras.get("themes") is None and not any(s.themes for s in result.statements):
            return None
        return "None of the taxonomy's themes was found in the statements."
    labels = {r["theme"]: theme_phrase(str(r.get("label") or r["theme"])) for r in rows}
    raised: dict[str, set[str]] = defaultdict(set)
    sentences: list[str] = []
    for party in result.parties:
        mine = [r for r in rows if r.get("speaker") == party.leader and (r.get("statements") or 0) > 0]
        mine.sort(key=lambda r: (-(r.get("per_1k_words") or 0.0), -(r.get("statements") or 0)))
        raised[party.leader] = {r["theme"] for r in mine}
        if mine:
            top = [labels[r["theme"]] for r in mine[:3]]
            sentences.append(f"{names[party.leader]} stressed {join_words(top)}.")
    joint = [r for r in rows if r.get("speaker") == JOINT and (r.get("statements") or 0) > 0]
    if joint:
        joint.sort(key=lambda r: -(r.get("statements") or 0))
        sentences.append(f"Joint statements touched on {join_words([labels[r['theme']] for r in joint[:3]])}.")
    if len(result.parties) == 2:
        a, b = (p.leader for p in result.parties)
        both = [labels[t] for t in sorted(raised[a] & raised[b], key=_priority)]
        if both:
            sentences.append(f"Both raised {join_words(both[:4])}" + (" among others." if len(both) > 4 else "."))
        for one, other in ((a, b), (b, a)):
            alone = [labels[t] for t in sorted(raised[one] - raised[other], key=_priority)]
            if alone and raised[other]:
                sentences.append(f"Only {names[one]} raised {join_words(alone[:4])}.")
    return " ".join(sentences) or None


def _priority(theme: str | None) -> int:
    return THEME_PRIORITY.index(theme) if theme in THEME_PRIORITY else len(THEME_PRIORITY)


#: How far after an act's words a theme's term may start and still be what the act was about (characters).
ISSUE_REACH = 45


def _evidence_end(statement: Statement, evidence: str) -> int | None:
    lowered = statement.text.lower()
    for chunk in evidence.split(";"):
        chunk = chunk.strip().lower()
        found = lowered.find(chunk) if chunk else -1
        if found >= 0:
            return found + len(chunk)
    return None


def act_issue(statement: Statement, evidence: str) -> tuple[str | None, str | None]:
    """What an act in `statement` was about: the theme whose words follow the act's own words most closely.

    Only a term starting within `ISSUE_REACH` characters after the act's words counts, so that "supports
    Nordmark's position on the northern islands and is willing to work on renewable energy" is not read as
    support on renewable energy.

    Returns:
        (theme id, words): the words are the proper names the theme matched ("Taiwan, Xinjiang and Hong
        Kong") or else its nearest term ("sovereignty"); (None, None) when no theme follows the act.
    """
    end = _evidence_end(statement, evidence)
    if not statement.themes or end is None:
        return None, None
    lowered = statement.text.lower()
    best: tuple[int, int, str, str] | None = None
    for theme, terms in statement.themes.items():
        for term in dict.fromkeys(terms):
            where = lowered.find(term.lower(), end)
            if where < 0 or where - end > ISSUE_REACH:
                continue
            candidate = (where - end, _priority(theme), theme, term)
            if best is None or candidate < best:
                best = candidate
    if best is None:
        return None, None
    _, _, theme, term = best
    names = [t for t in dict.fromkeys(statement.themes[theme]) if t[:1].isupper() and t.lower() in lowered[end:]]
    if len(names) >= 2 and term in names:
        names.sort(key=lambda t: lowered.find(t.lower(), end))
        return theme, join_words(names[:4])
    return theme, term


def _best_act(acts: list[dict[str, Any]], statements: dict[int, Statement]) -> tuple[dict[str, Any], str | None, str | None]:
    scored = []
    for act in acts:
        statement = statements.get(act.get("statement", -1))
        theme, words = act_issue(statement, str(act.get("evidence") or "")) if statement else (None, None)
        scored.append(((not act.get("explicit", False), words is None, _priority(theme), act.get("statement", 0)),
                       act, theme, words))
    scored.sort(key=lambda item: item[0])
    _, act, theme, words = scored[0]
    return act, theme, words


def _exchange(result: ReadoutAnalysis, names: dict[str, str], recip: dict[str, Any]) -> str | None:
    acts = [a for a in recip.get("acts") or [] if isinstance(a, dict) and not a.get("joint")]
    statements = {s.index: s for s in result.statements}
    sentences: list[str] = []
    for mirror in sorted(recip.get("mirrored") or [], key=lambda m: _act_rank(m.get("type"))):
        kind, a, b = mirror.get("type"), mirror.get("a"), mirror.get("b")
        if kind not in _NOUN or a not in names or b not in names:
            continue
        a_acts = [x for x in acts if x.get("source") == a and x.get("target") == b and x.get("type") == kind]
        b_acts = [x for x in acts if x.get("source") == b and x.get("target") == a and x.get("type") == kind]
        if a_acts and b_acts and kind in ("support", "commit", "praise", "agree"):
            a_act, _, a_words = _best_act(a_acts, statements)
            b_act, _, b_words = _best_act(b_acts, statements)
            if a_words and b_words and a_words.lower() != b_words.lower():
                first, second = (a, b) if a_act.get("statement", 0) <= b_act.get("statement", 0) else (b, a)
                first_words, second_words = (a_words, b_words) if first == a else (b_words, a_words)
                noun = _NOUN[kind]
                sentences.append(f"{names[second]} answered {names[first]}'s {noun} on {first_words} "
                                 f"with {noun} on {second_words}.")
                continue
        counts = _times(names[a], int(mirror.get("a_to_b", len(a_acts))), names[b],
                        int(mirror.get("b_to_a", len(b_acts))))
        sentences.append(f"{names[a]} and {names[b]} {_BOTH[kind]} ({counts}).")
    one_sided: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item in recip.get("one_sided") or []:
        source, target, kind = item.get("source"), item.get("target"), item.get("type")
        if source in names and target in names and kind in _PAST:
            one_sided[(source, target)].append(kind)
    gestures = []
    for (source, target), kinds in one_sided.items():
        kinds.sort(key=_act_rank)
        gestures.append(f"{names[source]} {join_words([_PAST[k] for k in kinds])} {names[target]}")
    if gestures:
        sentences.append("Not returned in kind: " + "; ".join(gestures) + ".")
    if not sentences and not acts:
        return "No directed act (support, thanks, proposals, criticism ...) between the parties was found."
    return " ".join(sentences) or None


def _times(a: str, a_count: int, b: str, b_count: int) -> str:
    def times(n: int) -> str:
        return {1: "once", 2: "twice"}.get(n, f"{n} times")

    if a_count == b_count:
        return f"{times(a_count)} each"
    return f"{a} {times(a_count)}, {b} {times(b_count)}"


def _act_rank(kind: str | None) -> int:
    return ACT_ORDER.index(kind) if kind in ACT_ORDER else len(ACT_ORDER)


def _index(names: dict[str, str], recip: dict[str, Any]) -> str | None:
    sentences = []
    labels = {"airtime_balance": "airtime balance", "act_balance": "act balance", "theme_overlap": "theme overlap",
              "echo": "lexical echo"}
    for pair in recip.get("pairs") or []:
        a, b, index = pair.get("a"), pair.get("b"), pair.get("index")
        if a not in names or b not in names or index is None:
            continue
        parts = [f"{labels.get(k, k.replace('_', ' '))} {v:.2f}" for k, v in (pair.get("components") or {}).items()
                 if v is not None]
        reading = "high" if index >= 0.67 else "moderate" if index >= 0.34 else "low"
        sentences.append(f"The reciprocity index between {names[a]} and {names[b]} is {index:.2f} on a scale from 0 "
                         f"to 1 ({reading})" + (f": {', '.join(parts)}." if parts else "."))
    echo = [e for e in recip.get("echo") or [] if e.get("phrases")]
    for item in echo[:1]:
        phrases = [f"\u201c{p['phrase']}\u201d" for p in item["phrases"] if p.get("words", 0) >= 3][:3]
        if phrases and item.get("a") in names and item.get("b") in names:
            sentences.append(f"Both sides used the phrases {join_words(phrases)}.")
    return " ".join(sentences) or None


def readout_summary(result: ReadoutAnalysis) -> ReadoutSummary:
    """Describe a readout in plain sentences from its figures.

    Uses the statements' speakers and words; `extras["themes"]` for the themes each side stressed, and
    `extras["reciprocity"]` for what was exchanged, what was one-sided and the index. Each is left out,
    with no error, when its section is absent.

    Args:
        result: an analysis from `analyze`.

    Returns:
        The summary; `.text` gives it as plain text.
    """
    names = {p.leader: short_name(p) for p in result.parties}
    if len(set(names.values())) < len(names):  # two leaders with one surname: use full names
        names = {p.leader: p.leader for p in result.parties}
    described = [f"{p.leader} ({p.country})" if p.country and p.country not in p.leader else p.leader
                 for p in result.parties]
    when = f" on {result.date}" if result.date else ""
    size = f"{len(result.statements)} statement{'s' if len(result.statements) != 1 else ''}"
    if len(described) >= 2:
        headline = f"This readout reports a conversation{when} between {join_words(described)}, in {size}."
    elif described:
        headline = f"This readout{when} names one party, {described[0]}, in {size}."
    else:
        headline = f"This readout{when} has {size}; no party could be named."
    summary = ReadoutSummary(headline=headline)

    def add(key: str, paragraph: str | None) -> None:
        if paragraph:
            summary.sections[key] = paragraph
            summary.paragraphs.append(paragraph)

    add("airtime", _airtime(result, names))
    add("themes", _themes(result, names))
    recip = result.extras.get("reciprocity")
    if isinstance(recip, dict) and len(result.parties) >= 2:
        add("exchange", _exchange(result, names, recip))
        add("index", _index(names, recip))
    unsure = [w for w in result.warnings if w]
    if unsure:
        add("doubts", f"The analyzer was unsure in {len(unsure)} place{'s' if len(unsure) != 1 else ''}: "
                      + " ".join(_sentence(w) for w in unsure[:3]) + (" ..." if len(unsure) > 3 else ""))
    return summary


def _sentence(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if text.endswith((".", "!", "?")) else text + "."


#: Columns of `airtime_frame`.
AIRTIME_COLUMNS = ["speaker", "statements", "words", "share"]
#: Columns of `top_themes_frame`.
TOP_THEME_COLUMNS = ["speaker", "theme", "label", "statements", "mentions", "per_1k_words"]


def airtime_frame(result: ReadoutAnalysis) -> pd.DataFrame:
    """Words and statements per speaker: each party, then "joint" and "narration" (rows with no statement left out).

    Returns:
        Columns `AIRTIME_COLUMNS`; `share` is the speaker's share of all words (0 to 1).
    """
    order = [p.leader for p in result.parties] + [JOINT, "narration"]
    words: dict[str, int] = dict.fromkeys(order, 0)
    count: dict[str, int] = dict.fromkeys(order, 0)
    for s in result.statements:
        label = s.speaker or "narration"
        words[label] = words.get(label, 0) + s.words
        count[label] = count.get(label, 0) + 1
    total = sum(words.values()) or 1
    rows = [(k, count[k], words[k], round(words[k] / total, 3)) for k in words if count[k]]
    return pd.DataFrame(rows, columns=AIRTIME_COLUMNS)


def top_themes_frame(result: ReadoutAnalysis, *, top: int = 5) -> pd.DataFrame:
    """The themes each party stressed most (by rate per 1,000 of its words), from `extras["themes"]`.

    Args:
        result: an analysis; empty table when it has no theme section.
        top: how many themes to keep per party.

    Returns:
        Columns `TOP_THEME_COLUMNS`, parties in the analysis's order, each party's themes strongest first.
    """
    rows = []
    for party in result.parties:
        mine = [r for r in _theme_rows(result) if r.get("speaker") == party.leader and (r.get("statements") or 0) > 0]
        mine.sort(key=lambda r: (-(r.get("per_1k_words") or 0.0), -(r.get("statements") or 0)))
        rows += [(party.leader, r["theme"], str(r.get("label") or r["theme"]), int(r.get("statements") or 0),
                  int(r.get("mentions") or r.get("statements") or 0), round(float(r.get("per_1k_words") or 0.0), 1))
                 for r in mine[:top]]
    return pd.DataFrame(rows, columns=TOP_THEME_COLUMNS)
