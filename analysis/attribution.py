"""Who said what: one speaker for every statement of a parsed readout."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from analysis.model import JOINT, Statement
from analysis.parties import PartyFinder, Ref

# Verbs whose subject is the speaker: reporting verbs and speech acts (lemmas).
SPEECH_VERBS = {
    "say", "note", "stress", "point", "add", "express", "underscore", "underline", "reiterate", "emphasize",
    "emphasise", "outline", "describe", "thank", "congratulate", "welcome", "propose", "suggest", "urge",
    "raise", "recall", "vow", "agree", "affirm", "reaffirm", "highlight", "state", "tell", "declare",
    "convey", "extend", "voice", "share", "pledge", "commit", "promise", "call", "invite", "hope", "believe",
    "praise", "appreciate", "condemn", "criticize", "criticise", "warn", "caution", "confirm", "explain",
    "mention", "observe", "remark", "argue", "insist", "assure", "offer", "request", "ask", "appeal",
    "encourage", "discuss", "exchange", "review", "acknowledge", "recognize", "recognise", "inform", "brief",
    "update", "detail", "elaborate", "regret", "applaud", "commend", "support", "oppose", "reject", "deplore",
    "denounce", "look", "wish", "greet", "hail", "indicate", "conclude", "respond", "reply", "answer", "echo",
    "assert", "maintain", "accept", "announce", "characterize", "characterise", "identify", "consult", "talk",
    "speak", "reflect", "assess", "present", "lay", "set", "resolve", "decide", "consider", "expect",
}
# Verbs that report (say-type): preferred when a sentence has several candidate subjects.
SAY_VERBS = {
    "say", "note", "stress", "point", "add", "underscore", "underline", "reiterate", "emphasize", "emphasise",
    "suggest", "state", "tell", "declare", "remark", "observe", "argue", "insist", "explain", "recall",
    "mention", "indicate", "conclude", "respond", "reply", "answer", "assert", "affirm",
    "reaffirm", "highlight", "propose", "urge", "warn", "believe", "hope", "express",
}
# Frame nouns: a sentence about the call itself ("The call follows ...") is narration.
FRAME_NOUNS = {
    "call", "conversation", "meeting", "talk", "discussion", "readout", "overview", "exchange", "summit",
    "visit", "session", "phone", "videoconference", "engagement", "dialogue", "contact", "telephone",
    "ceremony", "banquet", "reception",
}
EVENT_NOUNS = {"call", "conversation", "meeting", "talk", "summit", "videoconference", "session", "phone"}
MEETING_VERBS = {"meet", "speak", "talk", "convene", "gather", "confer"}
NARRATION_VERBS = {"speak", "talk", "hold", "have", "meet", "call", "receive", "host", "phone", "telephone",
                   "converse", "join", "participate", "make", "conduct", "attend", "co-chair", "chair", "visit"}
DATELINE = re.compile(r"^[A-Z][A-Z .'-]{2,}(?:,[^.!?]*)?\s*(?:--|\u2014|\u2013)$")
OPENERS_FOR_PART = ("for his part", "for her part", "for their part", "in response", "in reply", "in turn")
QUOTE_OPEN = ('"', "\u201c")
QUOTE_CLOSE = ('"', "\u201d")


@dataclass
class _Decision:
    speaker: str | None  # leader, JOINT, None
    cue: str
    party: int | None = None  # for a single-party speaker
    explicit: bool = True


def _verb_phrase(verb: Token) -> str:
    particles = [c.text for c in verb.children if c.dep_ == "prt"]
    return " ".join([verb.text] + particles)


def _subject(verb: Token) -> Token | None:
    """The verb's subject; conjoined and participle verbs inherit their head's ("Xi said, stressing")."""
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if current.dep_ in ("conj", "advcl", "xcomp") and current.head is not current:
            if current.dep_ == "advcl" and current.tag_ not in ("VBG", "VBN"):
                return None
            current = current.head
        else:
            return None
    return None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children) and not any(c.dep_ == "agent" for c in verb.children)


def _depth(token: Token) -> int:
    depth = 0
    while token.head is not token and depth < 50:
        token = token.head
        depth += 1
    return depth


class Attributor:
    """Walks the sentences of a readout in order, carrying the current speaker forward."""

    def __init__(self, doc: Doc, finder: PartyFinder) -> None:
        self.doc = doc
        self.finder = finder
        self.current: _Decision | None = None
        self.last_named: int | None = None  # most recent single party named as a subject
        self.warnings: list[str] = []
        self._orphan_pronouns = 0

    # -- references ------------------------------------------------------------------------------

    def _ref(self, subject: Token) -> Ref | None:
        ref = self.finder.resolve(subject)
        if ref and ref.party is not None and ref.kind in ("party", "country"):
            self.finder.note_alias(ref.party, ref.text)
        return ref

    def _pronoun_party(self, for_part: bool) -> int | None:
        if for_part and self.finder.count == 2:
            previous = self.current.party if self.current and self.current.party is not None else self.last_named
            if previous is not None:
                return 1 - previous
        if self.last_named is not None:
            return self.last_named
        if self.finder.count >= 1:
            return 0  # a readout opening on "He said" is about its own leader
        return None

    def _decide(self, ref: Ref, cue: str, for_part: bool) -> _Decision | None:
        if ref.kind == "joint" or ref.kind == "plural_pronoun":
            if ref.kind == "plural_pronoun" and self.finder.count < 2:
                return None
            return _Decision(JOINT, "joint subject" if ref.kind == "joint" else cue)
        if ref.kind == "pronoun":
            party = self._pronoun_party(for_part)
            if party is None:
                self._orphan_pronouns += 1
                return None
        else:
            party = ref.party
        if party is None:
            return None
        return _Decision(self.finder.leader(party), "For his part" if for_part else cue, party)

    # -- one sentence ----------------------------------------------------------------------------

    def _is_narration(self, sent: Span) -> bool:
        root = sent.root
        subject = _subject(root)
        subject_ref = self.finder.resolve(subject) if subject is not None else None
        if subject_ref is not None and subject_ref.kind == "joint" and root.lemma_.lower() in ("hold", "have") and any(
            c.dep_ == "dobj" and c.lemma_.lower() in EVENT_NOUNS for c in root.children
        ):
            return True  # "The leaders held a trilateral video call on Wednesday."
        if root.lemma_.lower() in MEETING_VERBS and subject_ref is not None and subject_ref.kind in ("joint", "plural_pronoun"):
            # "X, Y and Z met in the margins of the summit" frames; "The leaders met to discuss ..." does not.
            return not any(c.dep_ in ("xcomp", "ccomp", "advcl", "dobj") or c.lower_ == "about" for c in root.children)
        if subject_ref is not None and subject_ref.kind == "joint":
            return False  # "The two leaders held a candid discussion ..." is joint content
        if subject is not None and subject.lemma_.lower() in FRAME_NOUNS and subject.dep_ == "nsubj":
            return True
        if subject is not None and subject.lower_ == "it" and any(
            t.lemma_.lower() in FRAME_NOUNS and t.dep_ in ("attr", "acomp") for t in root.children
        ):
            return True
        if root.lemma_.lower() in NARRATION_VERBS:
            for token in root.subtree:
                if token.lemma_.lower() in ("with", "to") and token.head.i in (root.i,) or (
                    token.dep_ == "prep" and token.lower_ in ("with", "to") and token.head.lemma_.lower() in FRAME_NOUNS | {"remark", "talk"}
                ):
                    objects = [c for c in token.children if c.dep_ == "pobj"]
                    if any(self.finder.resolve(o) for o in objects):
                        return True
            if any(c.dep_ == "dobj" and c.lemma_.lower() in FRAME_NOUNS | {"remark", "talk", "call"} for c in root.children):
                return True
            objects = [c for c in root.children if c.dep_ == "dobj"]
            if root.lemma_.lower() in ("meet", "receive", "call", "phone", "telephone", "host", "visit") and any(
                (ref := self.finder.resolve(o)) is not None and ref.kind == "party" for o in objects
            ):
                return True  # "Prime Minister X met Prime Minister Y in Rome today."
        if root.pos_ not in ("VERB", "AUX") and len([t for t in sent if t.is_alpha]) <= 3:
            return True  # headings such as "Overview" or "1."
        return False

    def _speech_beside_frame(self, sent: Span) -> bool:
        """True when a speech verb hangs on the framing verb as a participle or second clause."""
        root = sent.root
        return any(
            c.dep_ in ("advcl", "conj") and c.tag_ in ("VBG", "VBD", "VBZ") and c.lemma_.lower() in SPEECH_VERBS - NARRATION_VERBS
            for c in root.children
        )

    def _candidates(self, sent: Span, for_part: bool) -> list[tuple[int, _Decision]]:
        """Speech verbs with a resolvable subject, ranked (lower rank is better)."""
        found: list[tuple[int, _Decision]] = []
        root = sent.root
        for verb in sent:
            if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in SPEECH_VERBS:
                continue
            lemma = verb.lemma_.lower()
            subject = _subject(verb)
            if subject is None:
                continue
            if _is_passive(verb) and lemma in SPEECH_VERBS and subject.dep_ == "nsubjpass":
                if self.finder.resolve(subject) is None:
                    found.append((_depth(verb) * 10 + 5, _Decision(JOINT, f"passive: {verb.text}")))
                continue
            ref = self._ref(subject)
            if verb.dep_ == "parataxis" and (ref is None or ref.kind == "joint"):
                # "The two Heads of State, the President of the Republic proposed, ...": the parser may
                # hang the parenthetical speaker on the joint subject as an apposition.
                appos = next((c for c in subject.children if c.dep_ == "appos"), None)
                appos_ref = self._ref(appos) if appos is not None else None
                if appos_ref is not None and appos_ref.kind in ("party", "pronoun"):
                    ref = appos_ref
            if ref is None:
                continue
            decision = self._decide(ref, _verb_phrase(verb), for_part)
            if decision is None:
                continue
            rank = _depth(verb) * 10
            if verb.dep_ == "parataxis" or (verb.head.dep_ == "ROOT" and verb.dep_ == "parataxis"):
                rank -= 15  # "The two sides, he suggested, should ...": the parenthesis decides
            if verb is root:
                rank -= 5
            if lemma not in SAY_VERBS:
                rank += 3
            if ref.kind == "country":
                rank += 20  # "China supports ...": often the content subject
            if decision.speaker == JOINT:
                rank += 2
            found.append((rank, decision))
        return sorted(found, key=lambda item: item[0])

    def _mixed(self, sent: Span) -> bool:
        """True when the main clause and a conjoined one have different speakers: "Macron wished ..., and
        Xi expressed the same wishes", "A thanked B, and she in turn thanked ...", "X said ..., and the two
        ministers agreed ..."."""
        root = sent.root
        parties: set[int] = set()
        pronoun = joint = False
        objects: set[int] = set()
        clauses = [c for c in root.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
        # "X requested ..., to which President Y expressed his support": a relative clause with its own speaker.
        clauses += [t for t in root.subtree if t.dep_ == "relcl" and t.lemma_.lower() in SPEECH_VERBS
                    and not any(a.dep_ in ("ccomp", "xcomp") for a in t.ancestors)]
        for verb in [root] + clauses:
            subject = next((c for c in verb.children if c.dep_ in ("nsubj",)), None)
            if subject is None:
                continue
            ref = self.finder.resolve(subject)
            if ref and ref.kind == "party" and ref.party is not None:
                parties.add(ref.party)
            elif ref and ref.kind == "pronoun" and verb is not root:
                pronoun = True
            elif ref and ref.kind == "joint" and verb is not root:
                joint = True
        for child in root.children:
            if child.dep_ == "dobj":
                ref = self.finder.resolve(child)
                if ref and ref.kind == "party" and ref.party is not None:
                    objects.add(ref.party)
        if len(parties) >= 2:
            return True
        if len(parties) == 1 and joint:
            return True
        return len(parties) == 1 and pronoun and bool(objects - parties)

    def attribute(self, sent: Span) -> _Decision:
        """Decide the speaker of one sentence, in order: mixed clauses, framing, speech verbs, the
        subject of the main verb, and otherwise the current speaker carried on."""
        lowered = sent.text.lower().lstrip(" \"\u201c'(")
        for_part = lowered.startswith(OPENERS_FOR_PART)
        candidates = self._candidates(sent, for_part)
        if candidates and self._mixed(sent):
            return _Decision(JOINT, "mixed: both sides")
        if self._is_narration(sent):
            single = [d for _, d in candidates if d.speaker not in (None, JOINT)]
            if single and self._speech_beside_frame(sent):
                # "X spoke today with Y, committing that ...": the frame carries the host's own words.
                return self._settle(single[0])
            if not (candidates and candidates[0][0] < 0 and candidates[0][1].speaker == JOINT):
                self._note_frame_subject(sent)
                return _Decision(None, "narration")
        if candidates:
            return self._settle(candidates[0][1])
        # No speech verb: a leader or joint subject of the main verb still names the speaker.
        subject = _subject(sent.root)
        ref = self._ref(subject) if subject is not None else None
        if ref is not None and ref.kind in ("party", "joint"):
            decision = self._decide(ref, f"subject of '{sent.root.text}'", for_part)
            if decision is not None:
                return self._settle(decision)
        return self._continue(for_part)

    def _note_frame_subject(self, sent: Span) -> None:
        """In "He made the remarks in a call with ...", remember who "he" is for the next pronoun."""
        subject = _subject(sent.root)
        ref = self.finder.resolve(subject) if subject is not None else None
        if ref is not None and ref.kind == "party" and ref.party is not None:
            self.finder.note_alias(ref.party, ref.text)
            self.last_named = ref.party

    def _settle(self, decision: _Decision) -> _Decision:
        if decision.party is not None:
            self.last_named = decision.party
        return decision

    def _continue(self, for_part: bool) -> _Decision:
        if for_part and self.finder.count == 2 and self.current and self.current.party is not None:
            party = 1 - self.current.party
            return _Decision(self.finder.leader(party), "For his part", party)
        if self.current is None:
            return _Decision(None, "no speaker found", explicit=False)
        return _Decision(self.current.speaker, "continues previous speaker", self.current.party, explicit=False)

    # -- the whole readout -----------------------------------------------------------------------

    def run(self) -> list[tuple[Span, _Decision]]:
        """Attribute every sentence; returns (statement span, decision) pairs in order."""
        results: list[tuple[Span, _Decision]] = []
        dateline_start: int | None = None
        for sent in self.doc.sents:
            if not sent.text.strip():
                continue
            if DATELINE.match(sent.text.strip()):
                # "VALDORA CITY, June 18 (VNA) --" split off by the parser belongs to what follows.
                dateline_start = sent.start if dateline_start is None else dateline_start
                continue
            decision = self.attribute(sent)
            if decision.speaker is not None:
                self.current = decision
            span = self.doc[dateline_start : sent.end] if dateline_start is not None else sent
            dateline_start = None
            results.append((span, decision))
        if dateline_start is not None:  # a text that is only a dateline
            results.append((self.doc[dateline_start:], _Decision(None, "no speaker found", explicit=False)))
        self._fix_quotations(results)
        if self._orphan_pronouns:
            self.warnings.append(
                f"{self._orphan_pronouns} sentence(s) attribute words to 'he' or 'she' with no named leader before them."
            )
        return results

    def _fix_quotations(self, results: list[tuple[Span, _Decision]]) -> None:
        """A quotation spanning sentences takes the attribution that closes it."""
        open_from: int | None = None
        for k, (sent, decision) in enumerate(results):
            text = sent.text.strip()
            quotes = sum(text.count(q) for q in ('"', "\u201c", "\u201d"))
            if open_from is None and text.startswith(QUOTE_OPEN) and quotes % 2 == 1:
                open_from = k
            elif open_from is not None and quotes % 2 == 1:
                if decision.explicit and decision.speaker is not None:
                    for m in range(open_from, k):
                        if not results[m][1].explicit or results[m][1].speaker is None:
                            results[m] = (results[m][0], _Decision(decision.speaker, "quotation", decision.party))
                open_from = None


def attribute_statements(doc: Doc, finder: PartyFinder) -> tuple[list[Statement], list[str]]:
    """Give every sentence of `doc` one speaker.

    Args:
        doc: the parsed readout.
        finder: the parties detected in it.

    Returns:
        The statements in order, and warnings about what was uncertain.
    """
    attributor = Attributor(doc, finder)
    text = doc.text  # built from the tokens on every access: read it once
    statements: list[Statement] = []
    paragraph = 0
    previous_end = 0
    for sent, decision in attributor.run():
        tokens = [t for t in sent if not t.is_space]
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        if statements and "\n" in text[previous_end:start]:
            paragraph += 1
        previous_end = end
        lemmas = tuple(t.lemma_.lower() for t in tokens if not t.is_punct)
        statements.append(
            Statement(
                index=len(statements), start=start, end=end, text=text[start:end],
                speaker=decision.speaker, cue=decision.cue, lemmas=lemmas, paragraph=paragraph,
            )
        )
    return statements, attributor.warnings
