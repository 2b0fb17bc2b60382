"""Directed acts between parties (who supports, thanks, urges or opposes whom), found through the parse."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from analysis.gazetteer import gazetteer
from analysis.model import JOINT, ReadoutAnalysis, Statement
from analysis.parties import LEADER_HEADS, SIDE_HEADS, TITLE_WORDS
from analysis.themes import ThemeMatcher, theme_matcher

ActType = Literal[
    "support", "praise", "thank", "congratulate", "commit", "invite", "propose", "agree",
    "urge", "concern", "warn", "oppose", "criticize",
]

#: Cooperation weight of each act type on Goldstein's scale (-10 most conflictual, +10 most cooperative):
#: the Goldstein value of the nearest CAMEO event code, as used in political event data.
#:
#: | type         | CAMEO code                                   | weight |
#: |--------------|----------------------------------------------|--------|
#: | support      | 052 Defend verbally                          |  +3.5  |
#: | praise       | 051 Praise or endorse                        |  +3.4  |
#: | thank        | 051 Praise or endorse                        |  +3.4  |
#: | congratulate | 051 Praise or endorse                        |  +3.4  |
#: | commit       | 03  Express intent to cooperate              |  +4.0  |
#: | agree        | 03  Express intent to cooperate (accord)     |  +4.0  |
#: | invite       | 026 Appeal to others to meet or negotiate    |  +3.0  |
#: | propose      | 02  Make an appeal or request                |  +3.0  |
#: | concern      | 11  Disapprove                               |  -2.0  |
#: | criticize    | 111 Criticize or denounce                    |  -2.0  |
#: | oppose       | 12  Reject                                   |  -4.0  |
#: | urge         | 10  Demand                                   |  -5.0  |
#: | warn         | 13  Threaten                                 |  -6.0  |
ACT_WEIGHTS: dict[str, float] = {
    "support": 3.5, "praise": 3.4, "thank": 3.4, "congratulate": 3.4, "commit": 4.0, "agree": 4.0,
    "invite": 3.0, "propose": 3.0, "concern": -2.0, "criticize": -2.0, "oppose": -4.0, "urge": -5.0,
    "warn": -6.0,
}
#: CAMEO code behind each weight (for the table in the README and the page).
ACT_CAMEO: dict[str, str] = {
    "support": "052", "praise": "051", "thank": "051", "congratulate": "051", "commit": "03", "agree": "03",
    "invite": "026", "propose": "02", "concern": "11", "criticize": "111", "oppose": "12", "urge": "10",
    "warn": "13",
}
ACT_TYPES: tuple[str, ...] = tuple(ACT_WEIGHTS)
NEGATIVE_TYPES = frozenset(t for t, w in ACT_WEIGHTS.items() if w < 0)

# Verb lemmas that are acts by themselves.
_VERBS: dict[str, str] = {
    "support": "support", "back": "support", "endorse": "support",
    "praise": "praise", "appreciate": "praise", "commend": "praise", "applaud": "praise", "hail": "praise",
    "laud": "praise", "welcome": "praise",
    "thank": "thank", "congratulate": "congratulate",
    "commit": "commit", "pledge": "commit", "promise": "commit", "vow": "commit",
    "invite": "invite", "propose": "propose", "suggest": "propose", "recommend": "propose",
    "agree": "agree", "concur": "agree",
    "urge": "urge", "press": "urge", "demand": "urge",
    "worry": "concern",
    "warn": "warn", "caution": "warn",
    "oppose": "oppose", "reject": "oppose",
    "criticize": "criticize", "criticise": "criticize", "condemn": "criticize", "denounce": "criticize",
    "deplore": "criticize",
}
# Nouns that are acts when a verb such as "express" or "extend" takes them as object.
_NOUNS: dict[str, str] = {
    "congratulation": "congratulate", "congratulations": "congratulate", "thanks": "thank", "thank": "thank",
    "gratitude": "thank", "appreciation": "praise", "support": "support", "concern": "concern",
    "invitation": "invite", "proposal": "propose", "opposition": "oppose", "readiness": "commit",
    "willingness": "commit", "commitment": "commit", "condemnation": "criticize", "criticism": "criticize",
    "warning": "warn",
}
_NOUN_VERBS = {"express", "extend", "convey", "offer", "voice", "reiterate", "reaffirm", "raise", "share", "send",
               "put", "pledge", "give", "register", "lodge", "issue"}
# Adjectives that are acts as the complement of "be" or "stand" ("stands ready to", "is willing to").
_ADJECTIVES: dict[str, str] = {
    "ready": "commit", "willing": "commit", "prepared": "commit", "committed": "commit",
    "grateful": "thank", "concerned": "concern",
}
# Verbs that make "will"/"shall" a commitment ("China will deepen cooperation with Iran").
_COOPERATIVE_VERBS = {
    "work", "cooperate", "develop", "deepen", "strengthen", "enhance", "expand", "promote", "help", "continue",
    "provide", "advance", "push", "build", "maintain", "consolidate", "boost", "intensify", "join",
    "participate", "facilitate", "increase", "step", "coordinate", "stand", "assist", "contribute",
}
# What one opposes on the other side's behalf: opposing these is solidarity with the other side.
_SOLIDARITY_WORDS = {
    "interference", "interfere", "intervention", "hegemonism", "hegemony", "unilateralism", "unilateral",
    "sanction", "containment", "contain", "suppress", "suppression", "bullying", "bully", "pressure",
    "smear", "politicization", "politicize", "separatism", "separatist", "coercion", "blockade",
    "pretext", "meddle", "meddling", "protectionism", "splittism", "stigmatization", "stigmatize",
}
_PRONOUN_SUBJECTS = {"he", "she", "i", "we"}
_SELF_HEADS = (LEADER_HEADS | SIDE_HEADS | TITLE_WORDS) - {"counterpart"}
_JOINT_SUBJECT_WORDS = {"both", "two", "three", "all", "each", "they", "sides", "leaders", "countries", "parties"}
_OBJECT_DEPS = {"dobj", "dative", "npadvmod", "iobj", "attr", "oprd", "obj"}
_TARGET_PREPS = {"with", "to", "for", "on", "toward", "towards", "of"}


@dataclass(frozen=True)
class Act:
    """One directed act: `source` does `type` to `target` in statement `statement`.

    Attributes:
        source: the acting party's leader name (the statement's speaker).
        target: the party the act is aimed at (leader name).
        type: one of `ACT_TYPES`.
        weight: the type's cooperation weight from `ACT_WEIGHTS`.
        theme: the theme of the statement the act touches (a theme id), if the themes analysis ran.
        statement: index of the statement.
        evidence: the words that triggered the act ("firmly supports Iran").
        explicit: True when the text names the target, False when it is implied (the other party).
        joint: True for an act read from a joint statement (it is recorded in every direction).
    """

    source: str
    target: str
    type: str
    weight: float
    theme: str | None
    statement: int
    evidence: str
    explicit: bool = True
    joint: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source, "target": self.target, "type": self.type, "weight": self.weight,
            "theme": self.theme, "statement": self.statement, "evidence": self.evidence,
            "explicit": self.explicit, "joint": self.joint,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Act:
        return cls(
            source=data["source"], target=data["target"], type=data["type"], weight=float(data["weight"]),
            theme=data.get("theme"), statement=int(data["statement"]), evidence=data.get("evidence", ""),
            explicit=bool(data.get("explicit", True)), joint=bool(data.get("joint", False)),
        )


class PartyResolver:
    """Tells which party a noun phrase names: leader name words, country names, adjectives and capitals."""

    def __init__(self, result: ReadoutAnalysis) -> None:
        self.leaders = [p.leader for p in result.parties]
        self._gaz = gazetteer()
        by_word: dict[str, set[int]] = {}
        for i, party in enumerate(result.parties):
            for word in party.leader.replace("-", " ").split():
                key = word.lower().strip(".,")
                if len(key) > 2:
                    by_word.setdefault(key, set()).add(i)
        self._by_word = {w: next(iter(ps)) for w, ps in by_word.items() if len(ps) == 1}
        by_country: dict[str, list[int]] = {}
        for i, party in enumerate(result.parties):
            if party.country:
                by_country.setdefault(party.country, []).append(i)
        self._by_country = {c: ps[0] for c, ps in by_country.items() if len(ps) == 1}
        by_alias: dict[str, set[int]] = {}
        for i, party in enumerate(result.parties):
            for alias in party.aliases:
                by_alias.setdefault(_alias_key(alias), set()).add(i)
        self._by_alias = {a: next(iter(ps)) for a, ps in by_alias.items() if len(ps) == 1 and a}

    def word_party(self, words: list[str], i: int) -> tuple[int | None, int]:
        """The party named by the words starting at `words[i]`, and how many words name it."""
        key = words[i].lower().strip(".,")
        if words[i][:1].isupper() and key in self._by_word:
            return self._by_word[key], 1
        hit = self._gaz.match(words, i)
        if hit is not None:
            return self._by_country.get(hit.country), hit.length
        return None, 1

    def phrase_party(self, head: Token) -> int | None:
        """The party named in the noun phrase headed by `head` (its modifiers and possessor included)."""
        tokens = [t for t in head.lefts if t.dep_ in ("amod", "compound", "poss", "nmod", "det")]
        span_start = min([head.i] + [t.left_edge.i for t in tokens])
        span_end = head.i + 1
        for child in head.rights:
            if child.dep_ in ("flat", "compound") and child.i == span_end:
                span_end = child.i + 1
        words = [t.text for t in head.doc[span_start:span_end]]
        alias = self._by_alias.get(_alias_key(" ".join(words)))
        if alias is not None:
            return alias
        i = 0
        while i < len(words):
            party, length = self.word_party(words, i)
            if party is not None:
                return party
            i += length
        return None

    def names_other_state(self, tokens: list[Token]) -> bool:
        """True when `tokens` name a country, its people or its capital that no party speaks for."""
        words = [t.text for t in tokens]
        i = 0
        while i < len(words):
            hit = self._gaz.match(words, i)
            if hit is not None and hit.country not in self._by_country and words[i][:1].isupper():
                return True
            i += hit.length if hit is not None else 1
        return False

    def mentions(self, tokens: list[Token]) -> list[int]:
        """Parties named anywhere in `tokens` (in order, each once)."""
        words = [t.text for t in tokens]
        found: list[int] = []
        i = 0
        while i < len(words):
            party, length = self.word_party(words, i)
            if party is not None and party not in found:
                found.append(party)
            i += length
        return found


def _alias_key(text: str) -> str:
    words = text.lower().split()
    if words and words[0] in ("the", "his", "her"):
        words = words[1:]
    return " ".join(words)


def _subject(token: Token) -> Token | None:
    """The grammatical subject of the clause `token` belongs to (conjuncts and complements inherit it)."""
    current = token
    for _ in range(6):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass", "csubj", "expl"):
                return child
        if current.dep_ in ("conj", "xcomp", "acomp", "dobj", "advcl", "pcomp", "prep", "pobj") and \
                current.head is not current:
            current = current.head
        else:
            return None
    return None


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children) or any(
        c.dep_ == "neg" for c in token.head.children if token.dep_ in ("acomp", "dobj", "xcomp")
    )


def _trigger_type(token: Token) -> str | None:
    """The act type `token` triggers, or None."""
    lemma = token.lemma_.lower()
    if lemma == "thank":
        if any(c.dep_ == "prep" and c.lower_ == "to" for c in token.children) and not token.tag_.startswith("VB"):
            return None  # "thanks to China's help" is not thanking
        return "thank"
    if token.pos_ in ("VERB", "AUX") or (token.tag_.startswith("VB") and token.pos_ != "NOUN"):
        if lemma == "call" and any(c.dep_ == "prt" and c.lower_ == "on" for c in token.children):
            return "urge"
        if lemma == "call" and any(c.dep_ == "prep" and c.lower_ == "on" for c in token.children):
            return "urge"
        if lemma == "look" and any(c.lower_ == "forward" for c in token.children):
            return "commit"
        if lemma in _VERBS:
            return _VERBS[lemma]
        if lemma in _COOPERATIVE_VERBS and any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll")
                                                 for c in token.children):
            return "commit"
        return None
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("dobj", "conj"):
        noun = _NOUNS.get(lemma) or _NOUNS.get(token.lower_)
        head = token.head
        while head.dep_ == "conj" and head.head is not head and head.pos_ == "NOUN":
            head = head.head
        if noun and head.lemma_.lower() in _NOUN_VERBS:
            return noun
        return None
    if token.pos_ == "ADJ" and token.dep_ in ("acomp", "oprd", "amod") and lemma in _ADJECTIVES:
        if token.dep_ == "amod" and token.head.lemma_.lower() != "stand":
            return None
        return _ADJECTIVES[lemma]
    return None


def _clause_head(token: Token) -> Token:
    """The verb whose subject decides who acts: the verb itself, or the verb governing a noun/adjective."""
    if token.pos_ in ("NOUN", "ADJ", "PROPN") and token.head is not token:
        head = token.head
        while head.dep_ == "conj" and head.pos_ == "NOUN" and head.head is not head:
            head = head.head
        return head
    return token


def _object_heads(trigger: Token) -> list[Token]:
    """Direct objects of the trigger and objects of its target prepositions, with their possessors."""
    out: list[Token] = []
    for child in trigger.children:
        if child.dep_ in _OBJECT_DEPS:
            out.append(child)
            out += [c for c in child.conjuncts]
        elif child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
            out += [c for c in child.children if c.dep_ == "pobj"]
    with_possessors: list[Token] = []
    for token in out:
        with_possessors.append(token)
        with_possessors += [c for c in token.children if c.dep_ == "poss"]
    return with_possessors


@dataclass
class _Found:
    type: str
    target: int | None  # party index named in the text, None when implied
    evidence: str
    third_party: bool = False  # the act names someone who is not a party as its target
    solidarity: bool = False  # a negative act that defends the other side (opposing interference)


class _ActFinder:
    def __init__(self, result: ReadoutAnalysis, doc: Doc) -> None:
        self.result = result
        self.doc = doc
        self.resolver = PartyResolver(result)
        self.index = {p.leader: i for i, p in enumerate(result.parties)}

    def subject_side(self, token: Token, source: int | None) -> Literal["source", "joint", "other", "none"]:
        """Whose act this is by its subject: the speaker's side, both sides, another party, or unknown."""
        subject = _subject(_clause_head(token))
        if subject is None or subject.dep_ == "expl":
            return "source"
        lower = subject.lower_
        if lower in _PRONOUN_SUBJECTS:
            return "source"
        if lower in _JOINT_SUBJECT_WORDS or lower == "it" or any(
            c.lower_ in _JOINT_SUBJECT_WORDS for c in subject.children
        ) or any(c.dep_ == "conj" for c in subject.children):
            return "joint" if lower != "it" else "source"
        party = self.resolver.phrase_party(subject)
        if party is None:
            # "The President", "the Prime Minister", "the government": the speaker's own title or side.
            return "source" if subject.lemma_.lower() in _SELF_HEADS else "none"
        if source is not None and party != source:
            return "other"
        return "source"

    def evidence(self, trigger: Token, target: Token | None) -> str:
        start = trigger.i
        if trigger.pos_ in ("NOUN", "ADJ") and trigger.head.i < trigger.i and trigger.i - trigger.head.i <= 3:
            start = trigger.head.i  # "expressed warm congratulations", "stands ready"
        for child in trigger.lefts:
            if child.dep_ in ("advmod", "amod") and child.i >= start - 2:
                start = min(start, child.i)
        end = trigger.i + 1
        for child in trigger.rights:
            if child.dep_ == "prt":
                end = max(end, child.i + 1)
        if target is not None and 0 < target.i - trigger.i <= 8:
            end = max(end, target.i + 1)
        else:  # no party named close by: show what the act is about ("opposes external interference")
            objects = [c for c in trigger.children if c.dep_ in _OBJECT_DEPS and c.i > trigger.i]
            if objects:
                obj = objects[0]
                right = obj.right_edge.i if obj.right_edge.i - trigger.i <= 8 else obj.i
                end = max(end, right + 1)
        return self.doc[start:end].text.strip()

    def find(self, trigger: Token, act_type: str, source: int | None) -> _Found | None:
        objects = _object_heads(trigger)
        named: Token | None = None
        target: int | None = None
        for obj in objects:
            party = self.resolver.phrase_party(obj)
            if party is not None and party != source:
                named, target = obj, party
                break
        if target is None and act_type in ("commit", "congratulate", "thank", "invite", "propose", "agree",
                                             "support", "praise", "urge", "concern", "oppose", "criticize"):
            subtree = [t for t in trigger.subtree if not (t.dep_ in ("nsubj", "nsubjpass") and t.head is trigger)]
            for token in subtree:
                if token.i <= trigger.i and act_type not in ("commit",):
                    continue
                if token.pos_ in ("PROPN", "NOUN", "ADJ"):
                    party = self.resolver.phrase_party(token) if token.dep_ not in ("amod",) else None
                    if party is None:
                        party, _ = self.resolver.word_party([token.text], 0)
                    if party is not None and party != source:
                        named, target = token, party
                        break
        found = _Found(act_type, target, self.evidence(trigger, named))
        if target is None:
            proper = [o for o in objects if o.pos_ == "PROPN" and o.dep_ != "poss" and self.resolver.phrase_party(o) is None
                      and o.lower_ not in ("taiwan", "xinjiang", "hong", "kong", "tibet")]
            # "concerns about missile launches by the DPRK", "supports Ukraine": aimed at a state that is no party.
            after = [t for t in _clause_head(trigger).subtree if t.i > trigger.i]
            found.third_party = (bool(proper) and act_type not in NEGATIVE_TYPES) or self.resolver.names_other_state(after)
        if act_type in NEGATIVE_TYPES:
            found.solidarity = self._solidarity(trigger, objects, target, source)
            if found.solidarity and named is not None and self._modifies(named, objects):
                found.solidarity = False  # "US interference", "Beijing's coercion": aimed at that party
        return found

    def _modifies(self, named: Token, objects: list[Token]) -> bool:
        return named in objects and (named.dep_ in ("poss", "compound", "amod", "nmod") or named.dep_ in _OBJECT_DEPS)

    def _solidarity(self, trigger: Token, objects: list[Token], target: int | None, source: int | None) -> bool:
        """Opposing interference, hegemonism or sanctions (on the other side's behalf) is support."""
        if any(c.lower_ in ("jointly", "together") for c in trigger.children):
            return True
        words = {t.lemma_.lower() for o in objects for t in o.subtree} | {
            t.lower_ for o in objects for t in o.subtree
        }
        return bool(words & _SOLIDARITY_WORDS)


def _theme(statement: Statement, trigger: Token, span: Span, matcher: ThemeMatcher) -> str | None:
    """The theme the act is about: the nearest theme term after the act's verb in its own clause ("supports
    Iran in safeguarding its sovereignty"), else anywhere in that clause, else after the verb, else any."""
    if not statement.themes:
        return None
    words = [t for t in span if not t.is_space and not t.is_punct]
    if len(words) != len(statement.lemmas):  # the statement's lemmas come from these tokens
        return next(iter(statement.themes))
    mentions = [(words[first].i, theme) for first, _last, theme, _term in matcher.match(statement.lemmas)]
    if not mentions:
        return next(iter(statement.themes))
    other_clauses = {t.i for c in trigger.children if c.dep_ == "conj" for t in c.subtree}
    clause = {t.i for t in trigger.subtree} - other_clauses
    after = [m for m in mentions if m[0] > trigger.i]
    pool = [m for m in after if m[0] in clause] or [m for m in mentions if m[0] in clause] or after or mentions
    return min(pool, key=lambda m: abs(m[0] - trigger.i))[1]


def _statement_span(doc: Doc, statement: Statement) -> Span | None:
    return doc.char_span(statement.start, statement.end, alignment_mode="expand")


def find_acts(result: ReadoutAnalysis, doc: Doc, nlp: Language | None = None) -> list[Act]:
    """The directed acts of a readout, in statement order.

    The source of an act is the statement's speaker. Its target is the party the parse names as the
    act's object or in its phrase ("supports Iran", "thanks China for", "the Iranian side", "Tehran",
    "his Iranian counterpart"); when none is named, in a two-party readout it is the other party, and with
    more parties the act is left out. Acts whose grammatical subject is another party ("Iran supports ...",
    reported by Xi) are not the speaker's acts and are left out; so are negated acts and acts aimed at a
    named third party. Opposing interference, hegemonism, sanctions and the like, or opposing "jointly",
    counts as `support` of the other side, not as an act against it. A joint statement's acts are
    recorded in every direction between the parties (`joint=True`); its negative acts with no party as
    target are left out (they are aimed at a third party). Narration has no acts.

    Args:
        result: the analysis (parties and attributed statements).
        doc: the same text parsed by the pipeline `analyze` used (it is not parsed again).
        nlp: that pipeline (for the theme terms); by default the one `load_pipeline()` gives.

    Returns:
        The acts, at most one per statement, source, target and type (evidence joined with "; ").

    Raises:
        ValueError: if `doc` is not the parse of `result.text`.
    """
    if doc.text != result.text:
        raise ValueError("The parsed Doc does not match the analysed text; pass the Doc analyze() parsed.")
    finder = _ActFinder(result, doc)
    matcher = theme_matcher(None, nlp)
    leaders = [p.leader for p in result.parties]
    acts: dict[tuple[int, str, str, str], Act] = {}
    for statement in result.statements:
        if statement.speaker is None or not leaders:
            continue
        span = _statement_span(doc, statement)
        if span is None:
            continue
        joint = statement.speaker == JOINT
        source = None if joint else finder.index.get(statement.speaker)
        if not joint and source is None:
            continue
        for token in span:
            act_type = _trigger_type(token)
            if act_type is None or _negated(token):
                continue
            side = finder.subject_side(token, source)
            if side in ("other", "none") or (side == "joint" and not joint and act_type != "agree"):
                continue
            found = finder.find(token, act_type, source)
            if found is None or found.third_party:
                continue
            if act_type in NEGATIVE_TYPES and found.solidarity:
                found.type = "support"
            theme = _theme(statement, token, span, matcher)
            for src, tgt, explicit in _directions(found, source, len(leaders), joint):
                act = Act(leaders[src], leaders[tgt], found.type, ACT_WEIGHTS[found.type], theme,
                          statement.index, found.evidence, explicit, joint)
                key = (statement.index, act.source, act.target, act.type)
                if key in acts:
                    old = acts[key]
                    if found.evidence and found.evidence not in old.evidence:
                        acts[key] = Act(**{**old.to_dict(), "evidence": f"{old.evidence}; {found.evidence}",
                                           "explicit": old.explicit or explicit})
                else:
                    acts[key] = act
    return sorted(acts.values(), key=lambda a: (a.statement, leaders.index(a.source), a.type))


def _directions(found: _Found, source: int | None, n: int, joint: bool) -> list[tuple[int, int, bool]]:
    """(source, target, explicit) for every direction the act goes."""
    if joint:
        if found.type in NEGATIVE_TYPES:
            return []
        if found.target is not None:
            return [(s, found.target, True) for s in range(n) if s != found.target]
        return [(s, t, False) for s in range(n) for t in range(n) if s != t]
    assert source is not None
    if found.target is not None:
        return [(source, found.target, True)]
    if n == 2:
        return [(source, 1 - source, False)]
    return []
