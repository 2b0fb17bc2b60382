"""Finding the parties of a readout (leaders, titles, countries) and resolving mentions of them."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Doc, Span, Token

from analysis.gazetteer import gazetteer
from analysis.model import Party

# Titles, longest first so that "Prime Minister" wins over "Minister". Lower-case word tuples.
_TITLE_PHRASES = [
    "president-elect", "prime minister-elect", "vice president", "prime minister", "crown prince",
    "supreme leader", "foreign minister", "defence minister", "defense minister", "secretary of state",
    "secretary-general", "secretary general", "general secretary", "state councilor", "state councillor",
    "federal chancellor", "federal president", "minister of foreign affairs", "external affairs minister",
    "national security adviser", "national security advisor", "high representative", "chief executive",
    "president", "premier", "chancellor", "king", "queen", "emir", "amir", "sultan", "pope", "taoiseach",
    "chairman", "chairwoman", "minister", "secretary", "prince", "emperor", "governor", "commissioner",
    "ambassador", "envoy", "sheikh", "sheikha",
]
TITLES: list[tuple[str, ...]] = sorted(
    # spaCy splits "president-elect" into three tokens, so titles are matched as such.
    (tuple(re.findall(r"[a-z]+|-", t)) for t in _TITLE_PHRASES), key=len, reverse=True
)
TITLE_WORDS = {w for t in TITLES for w in t} - {"of", "state", "general", "foreign", "affairs", "national"}
# Abbreviated titles as Indian and British readouts write them ("EAM welcomed ...", "PM Modi").
TITLE_ABBREVIATIONS = {"eam": "external affairs minister", "pm": "prime minister", "fm": "foreign minister"}
# "The President of the Republic" is the home president in French and other European readouts.
HOME_TITLE_OF = {"republic", "government", "confederation"}
# Words that head a title-like noun phrase referring to one leader ("the Chinese President").
LEADER_HEADS = {
    "president", "minister", "premier", "chancellor", "king", "queen", "emir", "amir", "sultan", "leader",
    "counterpart", "taoiseach", "chairman", "secretary", "prince", "emperor", "president-elect", "pm",
    "head", "eam", "fm", "colleague",
}
# Bodies in the gazetteer that are not states: never a leader's country by inference.
ORGANISATIONS = {"European Union", "NATO", "United Nations", "African Union", "ASEAN"}
# Words that head a noun phrase speaking for one party ("the Iranian side", "the French government").
SIDE_HEADS = {"side", "government", "delegation", "administration", "leadership", "authorities"}
HONORIFICS = {
    "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "dr.", "dr", "h.e.", "h.e", "he.", "shri", "smt.", "smt", "sri",
    "sir", "dame", "hrh", "h.m.", "h.h.", "excellency", "majesty", "highness", "his", "her", "mister",
}
NAME_PARTICLES = {"bin", "bint", "al", "el", "de", "da", "di", "del", "van", "von", "der", "ibn", "le", "la", "du"}
NAME_SUFFIXES = {"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"}
# Capitalised words that are never part of a person's name.
NOT_NAMES = {
    "the", "a", "an", "on", "in", "at", "for", "and", "but", "he", "she", "they", "it", "we", "this", "that",
    "his", "her", "their", "both", "two", "during", "while", "after", "before", "with", "as", "also",
    "today", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "readout",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan.", "feb.", "mar.", "apr.", "aug.", "sept.", "sep.", "oct.", "nov.", "dec.",
    "republic", "kingdom", "federation", "union", "states", "council", "commission", "house", "white",
    "ministry", "office", "party", "communist", "people", "national", "state", "central", "committee",
    "xinhua", "kremlin", "downing", "street", "covid-19", "covid", "belt", "road", "initiative", "un",
    "nato", "g7", "g20", "quad", "asean", "brics", "eu", "united", "nations", "prc", "lunar", "year", "new",
    "government", "administration", "side", "leaders", "president", "minister", "prime", "excellency", "majesty", "following", "overview", "mr", "mr.", "h.e.", "shri", "dr.", "i", "ii",
    "head", "heads", "ministers", "presidents", "parties", "sides", "eam", "pm", "fm", "senator",
}
PRONOUNS_SINGULAR = {"he", "she"}
PRONOUNS_PLURAL = {"they"}
JOINT_WORDS = {"both", "two", "three", "four", "five", "six", "all", "each"}
JOINT_HEADS = {"side", "leader", "president", "party", "minister", "country", "nation", "government",
               "delegation", "counterpart", "chancellor", "premier", "head", "participant", "state"}
COLLECTIVE_HEADS = {"council", "commission", "parliament", "cabinet", "union", "summit", "group"}

RefKind = Literal["party", "joint", "pronoun", "plural_pronoun", "country"]


@dataclass(frozen=True)
class Ref:
    """What a noun phrase refers to.

    kind "party" is a named leader, a leader's title or "the X side" (strong); "country" is a country
    name or capital that stands for its party (weak: often the content subject, not the speaker).
    """

    kind: RefKind
    party: int | None = None
    text: str = ""


@dataclass
class _Candidate:
    names: list[list[str]] = field(default_factory=list)  # name token lists seen for this person
    title: str | None = None
    country: str | None = None
    first: int = 0
    score: int = 0
    kind: Literal["person", "collective"] = "person"

    def tokens(self) -> set[str]:
        if not any(self.names):
            return set()
        if self.kind == "collective":  # "European Council": the head word names it, not "European"
            return {_norm(name[-1]) for name in self.names if name}
        return {_norm(w) for name in self.names for w in name if w[:1].isupper() and len(_norm(w)) > 1}

    def display(self) -> str:
        if not any(self.names):
            return f"The {self.title}" if self.title else "Unnamed leader"
        best = max((n for n in self.names if n), key=lambda n: (len([w for w in n if w[:1].isupper()]), len(" ".join(n))))
        return _join_name(best)


def _norm(word: str) -> str:
    return word.lower().replace("\u2019", "'").strip(".,")


def _join_name(words: list[str]) -> str:
    out = ""
    for w in words:
        if w in ("-",) or out.endswith("-"):
            out += w
        elif w.lower().strip(".") in {"jr", "sr"}:
            out += " " + w
        else:
            out += (" " if out else "") + w
    return out.strip()


_TITLE_FIRST_WORDS = {t[0] for t in TITLES}


_LONG_TITLE_FIRST_WORDS = [w for w in _TITLE_FIRST_WORDS if len(w) >= 6]


@functools.lru_cache(maxsize=4096)
def _may_start_title(word: str) -> bool:
    """A cheap test before matching titles: the word is a title's first word, or one typo away from one."""
    if word in _TITLE_FIRST_WORDS:
        return True
    return len(word) >= 6 and any(_near(word, first) for first in _LONG_TITLE_FIRST_WORDS)


def _title_at(words: list[str], i: int) -> tuple[str, int] | None:
    """The title phrase starting at word i, as (title as written, length)."""
    if i >= len(words):
        return None
    first = words[i].lower()
    if not _may_start_title(first) and not re.fullmatch(r"[A-Z][a-z]+[A-Z][a-z]+", words[i]):
        return None
    lowered = [w.lower() for w in _expand(words[i : i + 5])]
    for title in TITLES:
        n = len(title)
        if tuple(lowered[:n]) == title or (
            len(lowered) >= n and n > 1 and all(a == b or (len(b) >= 6 and _near(a, b)) for a, b in zip(lowered, title))
        ):  # "Prime Minster": tolerate one typo in a long title word
            expanded = _expand(words[i : i + 5])
            used = len(expanded[:n]) - (len(expanded) - len(words[i : i + 5]))
            return " ".join(expanded[:n]).replace(" - ", "-"), max(1, min(n, used))
        # "PresidentBiden" and other run-together titles are handled by _split_run_together.
    return None


def _split_run_together(word: str) -> tuple[str, str] | None:
    """Split "PresidentBiden" into ("President", "Biden")."""
    match = re.fullmatch(r"(President|Minister|Premier|Chancellor|PrimeMinister)([A-Z][a-z]+)", word)
    if match and _norm(match.group(2)) not in TITLE_WORDS:
        return (match.group(1).replace("PrimeMinister", "Prime Minister"), match.group(2))
    return None


def _expand(words: list[str]) -> list[str]:
    """Split run-together title words ("PrimeMinister" -> "Prime", "Minister")."""
    out: list[str] = []
    for word in words:
        parts = re.findall(r"[A-Z][a-z]+", word)
        if len(parts) > 1 and "".join(parts) == word and all(p.lower() in TITLE_WORDS for p in parts):
            out += parts
        else:
            out.append(word)
    return out


def _is_name_word(token: Token) -> bool:
    text = token.text
    if not text[:1].isupper() or _norm(text) in NOT_NAMES or _norm(text) in TITLE_WORDS:
        return False
    return token.tag_ in ("NNP", "NNPS", "NN", "FW", "JJ", "VB", "VBD", "VBN", "VBZ", "NNS", "RB")


class PartyFinder:
    """Detects the parties of one parsed readout and resolves noun phrases to them."""

    def __init__(self, doc: Doc, hints: list[str] | None = None, *, max_parties: int = 6) -> None:
        self.doc = doc
        self._sents = list(doc.sents)
        self.gaz = gazetteer()
        self.words = [t.text for t in doc]
        self._candidates: list[_Candidate] = []
        self.warnings: list[str] = []
        # Countries the gazetteer does not know, learnt from "President X of Veloria", "Velorian President".
        self._extra_countries: dict[str, str] = {}
        self._learn_paired_adjectives()
        self._find_titled()
        self._find_subjects()
        self._find_collectives()
        if hints:
            self._apply_hints(hints)
        self._merge()
        self._rank(max_parties, bool(hints))
        self._find_host()
        self._infer_countries()
        self.aliases: list[list[str]] = [[] for _ in self._candidates]

    # -- countries -------------------------------------------------------------------------------

    def match_country(self, words: list[str], i: int) -> tuple[str, int] | None:
        """The country named at words[i] (gazetteer or learnt from this text): (country, length)."""
        hit = self.gaz.match(words, i)
        if hit:
            return hit.country, hit.length
        word = words[i].replace("\u2019", "'")
        if word[:1].isupper() and word.lower() in self._extra_countries:
            return self._extra_countries[word.lower()], 1
        return None

    def _learn_paired_adjectives(self) -> None:
        """A capitalised "Severnian" beside a capitalised "Severnia" in one text names a state."""
        capitalised = {t.text for t in self.doc if t.text[:1].isupper() and t.text[1:].islower()}
        for word in capitalised:
            if len(word) >= 6 and word.endswith("n") and word[:-1] in capitalised and self.gaz.match([word], 0) is None:
                self._learn_country(word, adjective=True)

    def _learn_country(self, name: str, *, adjective: bool = False) -> str:
        """Register a country the gazetteer does not know, with its adjective ("Veloria", "Velorian")."""
        country = name[:-1] if adjective and name.endswith("n") else name
        self._extra_countries[country.lower()] = country
        self._extra_countries[(country + "n").lower()] = country
        return country

    # -- detection -------------------------------------------------------------------------------

    def _country_before(self, i: int) -> str | None:
        """Country adjective or name just before word i ("Chinese President", "U.S. President")."""
        for back in range(1, 5):
            j = i - back
            if j < 0:
                return None
            hit = self.match_country(self.words, j)
            if hit and j + hit[1] == i:
                return hit[0]
            if self.words[j] in (",", ".", ";", "--", "\n"):
                break
        j = i - 1
        # "Tarsanian President": an unknown capitalised adjective right before a title.
        if j >= 0 and re.fullmatch(r"[A-Z][a-z]{3,}(?:ian|an)", self.words[j]) and self.doc[j].tag_ in ("JJ", "NNP"):
            return self._learn_country(self.words[j], adjective=True)
        return None

    def _country_after(self, i: int) -> tuple[str, int] | None:
        """'of France' / 'of the Republic of Korea' starting at word i: (country, words used)."""
        if i < len(self.words) and self.words[i].lower() == "of":
            j = i + 1
            if j < len(self.words) and self.words[j].lower() == "the":
                j += 1
            hit = self.gaz.match(self.words, j)
            if hit and hit.kind == "name":
                return hit.country, j + hit.length - i
            known = self.match_country(self.words, j)
            if known:
                return known[0], j + known[1] - i
            # "of the Republic of Veloria", "of Tarsania": a state the gazetteer does not know.
            k = j
            if k + 2 < len(self.words) and self.words[k] in ("Republic", "Kingdom", "Federation", "State", "Commonwealth", "Principality", "Sultanate", "Emirate") and self.words[k + 1] == "of":
                k += 2
            if k < len(self.doc) and re.fullmatch(r"[A-Z][a-z]{3,}", self.words[k]) and self.doc[k].tag_ == "NNP" \
                    and _norm(self.words[k]) not in NOT_NAMES and _norm(self.words[k]) not in HOME_TITLE_OF:
                next_word = self.words[k + 1] if k + 1 < len(self.words) else ""
                # "President of Kaldora Yuri Belankov": the state, then a name of two words or more.
                name_follows = next_word[:1].isupper() and len(self._read_name(k + 1)[0]) >= 2
                if not next_word[:1].isupper() or name_follows:
                    return self._learn_country(self.words[k]), k + 1 - i
        return None

    def _not_a_state(self, i: int) -> bool:
        """False when word i names a state or its people; a capital ("Sofia", "Victoria") can be a name."""
        hit = self.gaz.match(self.words, i)
        if hit is not None:
            return hit.kind == "capital"
        return self.match_country(self.words, i) is None

    def _read_name(self, i: int) -> tuple[list[str], int]:
        """A person's name starting at word i (honorifics skipped): (name words, index after it)."""
        doc, words = self.doc, self.words
        while i < len(doc) and _norm(words[i]) in HONORIFICS and words[i][:1].isupper():
            i += 1
        name: list[str] = []
        while i < len(doc):
            token = doc[i]
            text = token.text
            if (_is_name_word(token) and self._not_a_state(i)) or (
                name and re.fullmatch(r"[A-Z]\.", text)
            ):
                name.append(text)
                i += 1
            elif name and text == "-" and not doc[i - 1].whitespace_ and i + 1 < len(doc):
                name += ["-", doc[i + 1].text]  # "Jae-in", "Moon Jae-in"
                i += 2
            elif name and text.lower() in NAME_PARTICLES and i + 1 < len(doc) and doc[i + 1].text[:1].isupper():
                name.append(text)
                i += 1
            elif name and text == "," and i + 1 < len(doc) and _norm(words[i + 1]) in NAME_SUFFIXES:
                name.append(words[i + 1])
                i += 2
            elif name and _norm(text) in NAME_SUFFIXES:
                name.append(text)
                i += 1
            else:
                break
        return name, i

    def _add(self, name: list[str], title: str | None, country: str | None, at: int, score: int) -> None:
        if not name or all(w.isupper() or not w[:1].isalpha() for w in name):
            return  # "TARSAN CITY" in a dateline is not a person
        cand = _Candidate(names=[name], title=title, country=country, first=at, score=score)
        self._candidates.append(cand)

    def _find_titled(self) -> None:
        doc, words = self.doc, self.words
        i = 0
        while i < len(doc):
            split = _split_run_together(words[i])
            if split:
                self._add([split[1]], split[0], None, i, 2)
                i += 1
                continue
            found = _title_at(words, i)
            if not found or not words[i][:1].isupper():
                i += 1
                continue
            title, n = found
            country = self._country_before(i)
            j = i + n
            if self.words[j : j + 2] == ["of", "the"] and j + 2 < len(self.words) and _norm(self.words[j + 2]) in HOME_TITLE_OF:
                j += 3  # "The President of the Republic, Anselm Kravik"
            after = self._country_after(j)  # "President of France Emmanuel Macron"
            if after:
                country = country or after[0]
                j += after[1]
            name, end = self._read_name(j)
            if not name and j + 1 < len(self.words) and self.words[j] == ",":
                name, end = self._read_name(j + 1)  # "The President of the Republic, Anselm Kravik,"
            if name:
                after = self._country_after(end)  # "President Xi Jinping of China"
                if after:
                    country = country or after[0]
                self._add(name, title, country, i, 3)
                i = end
                continue
            i = j
        # "Moon Jae-in, President of the Republic of Korea": a name followed by an appositive title.
        for token in doc:
            if token.dep_ == "appos" and token.text[:1].isupper() and _norm(token.text) in TITLE_WORDS:
                head = token.head
                start = head.left_edge.i
                name, _ = self._read_name(start)
                if not name:
                    continue
                found = _title_at(words, token.i)
                after = self._country_after(token.i + (found[1] if found else 1))
                self._add(name, found[0] if found else token.text, after[0] if after else None, start, 3)

    def _find_subjects(self) -> None:
        """Proper-name subjects of verbs ("Putin said") are candidates even without a title."""
        from analysis.attribution import NARRATION_VERBS, SPEECH_VERBS

        for token in self.doc:
            if token.dep_ != "nsubj" or token.tag_ != "NNP" or token.head.lemma_.lower() not in SPEECH_VERBS | NARRATION_VERBS:
                continue
            if self.match_country(self.words, token.i) is not None or _norm(token.text) in NOT_NAMES:
                continue
            if _expand([token.text]) != [token.text]:
                continue  # "PrimeMinister" is a title run together
            if token.text.isupper() and not any(t.text[:1].isupper() and not t.text.isupper() for t in token.children):
                continue  # "AUKUS", "NATO": acronyms are bodies, not people
            start = token.i
            while start > 0 and self.doc[start - 1].dep_ in ("compound", "flat") and \
                    self.doc[start - 1].head.i in range(start, token.i + 1):
                start -= 1
            name, end = self._read_name(start)
            if name and end > token.i and not any(_norm(w) in COLLECTIVE_HEADS for w in name):
                self._add(name, None, self._country_before(start), start, 1)

    def _find_collectives(self) -> None:
        """Bodies that speak as one party: "the European Council", "the Gulf Cooperation Council"."""
        from analysis.attribution import SPEECH_VERBS

        opening_end = self._opening_end()
        for token in self.doc:
            if _norm(token.text) not in COLLECTIVE_HEADS or not token.text[:1].isupper():
                continue
            speaks = token.dep_ == "nsubj" and token.head.lemma_.lower() in SPEECH_VERBS
            partner = token.dep_ == "pobj" and token.head.lower_ in ("with", "to") and token.i < opening_end
            if not (speaks or partner):
                continue
            start = token.i
            while start > 0 and self.doc[start - 1].dep_ in ("compound", "amod") and self.words[start - 1][:1].isupper():
                start -= 1
            name = self.words[start : token.i + 1]
            country = next((hit[0] for k in range(len(name)) if (hit := self.match_country(name, k))), None)
            cand = _Candidate(names=[name], country=country, first=start, score=3, kind="collective")
            self._candidates.append(cand)

    def _apply_hints(self, hints: list[str]) -> None:
        for hint in hints:
            words = [w for w in re.findall(r"[\w.'\u2019-]+", hint) if _norm(w) not in HONORIFICS]
            if not words:
                continue
            tokens = {_norm(w) for w in words}
            mentioned = any(_norm(t.text) in tokens for t in self.doc)
            if not mentioned:
                self.warnings.append(f"The party '{hint}' you gave is never mentioned in the text.")
            self._candidates.append(_Candidate(names=[words], first=-1, score=100))

    def _merge(self) -> None:
        merged: list[_Candidate] = []
        for cand in sorted(self._candidates, key=lambda c: c.first):
            for other in merged:
                if cand.kind == other.kind and cand.tokens() & other.tokens():
                    other.names += cand.names
                    other.title = other.title or cand.title
                    other.country = other.country or cand.country
                    other.score += cand.score
                    break
            else:
                merged.append(cand)
        self._candidates = merged

    def _rank(self, max_parties: int, hinted: bool) -> None:
        cands = self._candidates
        # Count every later mention of a name word as evidence that the person matters.
        for cand in cands:
            toks = cand.tokens()
            cand.score += sum(1 for w in self.words if _norm(w) in toks)
        if hinted:
            cands = [c for c in cands if c.score >= 100] or cands
        cands = [c for c in cands if c.score >= 2 or c.title]
        # A leader named once, in passing, after the opening ("... the Queen's birthday") is not a party.
        opening_end = self._opening_end()
        if len(cands) > 2:
            cands = [c for c in cands if c.score >= 100 or c.first < opening_end or self._mentions(c) > 1] or cands
        # A one-word subject never introduced with a title ("Veloria remains ...") is rarely a person.
        cands = [c for c in cands if c.title or c.score >= 100 or any(len([w for w in n if w[:1].isupper()]) > 1 for n in c.names)]
        if len(cands) > max_parties:
            dropped = sorted(cands, key=lambda c: -c.score)[max_parties:]
            self.warnings.append(
                f"More than {max_parties} leaders were found; kept the {max_parties} mentioned most, left out: "
                + ", ".join(c.display() for c in dropped) + "."
            )
            cands = [c for c in cands if c not in dropped]
        # The host (the publisher's leader) comes first: readouts open with their own leader.
        self._candidates = sorted(cands, key=lambda c: c.first if c.first >= 0 else 10**9)
        if hinted:
            self._candidates = sorted(cands, key=lambda c: self._first_mention(c))

    def _bare_title(self, head: Token) -> str | None:
        """The title of a noun phrase that is a bare title ("The Prime Minister", "the President of the
        Republic"): no name, no country. None otherwise."""
        span = self._phrase(head)
        words = [t.text for t in span if t.dep_ != "det"]
        if not words or any(self.match_country(words, k) for k in range(len(words))):
            return None
        if any(t.text[:1].isupper() and _norm(t.text) not in TITLE_WORDS and t.dep_ != "det" and t.i != head.i
               for t in span) or head.tag_ in ("NNS", "NNPS"):
            return None
        found = _title_at(words, 0)
        if not found or found[1] != len(words):
            return None
        of = self._of_object(head)
        if of is not None and _norm(of.text) not in HOME_TITLE_OF:
            return None
        return found[0]

    def _of_object(self, head: Token) -> Token | None:
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        return None

    def _find_host(self) -> None:
        """Put the publisher's own leader first; create that party when the text never names it.

        Readouts open with their own leader as subject: "President Biden spoke with ...", "The Prime
        Minister spoke to President X ...". A bare title there, when the other side is named, is the host.
        """
        for sent in self._sents[:2]:
            subject = next((t for t in sent.root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None:
                continue
            party = self._name_party(subject)
            if party is not None:
                self._move_first(party)
                return
            title = self._bare_title(subject)
            if title is None:
                continue
            named_here = {self.party_by_name_word(t.text) for t in sent if t.text[:1].isupper()} - {None}
            others = [i for i in range(len(self._candidates)) if i not in named_here]
            if len(others) == 1 and len(self._candidates) >= 2:
                host = self._candidates[others[0]]
                host.title = host.title or title
                self._move_first(others[0])
            elif not others:
                self._candidates.insert(0, _Candidate(names=[[]], title=title, first=subject.i, score=5))
            return

    def _name_party(self, head: Token) -> int | None:
        """The party named by the phrase's head, its compounds or an apposition ("the President, X")."""
        appositions = [t for t in head.rights if t.dep_ == "appos"]
        for token in [head] + [t for t in head.lefts if t.dep_ in ("compound", "flat")] + appositions:
            if token.text[:1].isupper():
                party = self.party_by_name_word(token.text)
                if party is not None:
                    return party
        return None

    def _move_first(self, index: int) -> None:
        if index:
            self._candidates.insert(0, self._candidates.pop(index))

    def _opening_end(self) -> int:
        """Token index where the readout's opening (its first two sentences) ends."""
        sents = self._sents
        return sents[min(1, len(sents) - 1)].end if sents else 0

    def _mentions(self, cand: _Candidate) -> int:
        toks = cand.tokens()
        return sum(1 for w in self.words if _norm(w) in toks)

    def _first_mention(self, cand: _Candidate) -> int:
        toks = cand.tokens()
        return next((i for i, w in enumerate(self.words) if _norm(w) in toks), 10**9)

    def _infer_countries(self) -> None:
        """A party with no country takes the one country the text names that no other party has."""
        known = {c.country for c in self._candidates if c.country}
        counts: dict[str, int] = {}
        i = 0
        while i < len(self.words):
            hit = self.match_country(self.words, i)
            if hit:
                counts[hit[0]] = counts.get(hit[0], 0) + 1
                i += hit[1]
            else:
                i += 1
        missing = [c for c in self._candidates if not c.country and c.kind == "person"]
        # "The French side", "the Severnian President": a country that speaks through a leader's phrase.
        speaking = {
            hit[0] for t in self.doc
            if t.lemma_.lower() in SIDE_HEADS | LEADER_HEADS and t.i > 0
            and (hit := self.match_country(self.words, t.i - 1)) is not None and hit[0] not in known
        }
        if len(missing) == 1 and len(speaking) == 1:
            missing[0].country = speaking.pop()
            return
        free = [c for c in counts if c not in known and c not in ORGANISATIONS]
        # Only when it cannot be another state: one leader without a country, one unclaimed country
        # named at least twice. A wrong country is worse than none (acts would aim at the wrong side).
        if len(missing) == 1 and len(free) == 1 and counts[free[0]] >= 2:
            missing[0].country = free[0]

    # -- results ---------------------------------------------------------------------------------

    @property
    def count(self) -> int:
        return len(self._candidates)

    def parties(self) -> list[Party]:
        out = []
        for cand, aliases in zip(self._candidates, self.aliases):
            out.append(Party(leader=cand.display(), title=cand.title, country=cand.country,
                             aliases=tuple(aliases), kind=cand.kind))
        return out

    def leader(self, index: int) -> str:
        return self._candidates[index].display()

    def note_alias(self, index: int, text: str) -> None:
        text = " ".join(text.split())
        if text and text not in self.aliases[index]:
            self.aliases[index].append(text)

    # -- resolution ------------------------------------------------------------------------------

    def party_by_country(self, country: str | None) -> int | None:
        if not country:
            return None
        hits = [i for i, c in enumerate(self._candidates) if c.country == country]
        return hits[0] if len(hits) == 1 else None

    def party_by_name_word(self, word: str) -> int | None:
        key = _norm(word)
        split = _split_run_together(word)
        if split:
            key = _norm(split[1])
        hits = [i for i, c in enumerate(self._candidates) if key in c.tokens()]
        if len(hits) == 1:
            return hits[0]
        if not hits and len(key) >= 5:  # tolerate one typo in a long name ("Rasi", "Jinpng")
            close = [i for i, c in enumerate(self._candidates) if any(_near(key, t) for t in c.tokens())]
            if len(close) == 1:
                return close[0]
        return None

    def party_by_title(self, title: str) -> int | None:
        """The party a bare title means: the one holding it; when two share it, the host (listed first)."""
        title = TITLE_ABBREVIATIONS.get(title.lower(), title.lower())
        words = title.split()
        hits = [i for i, c in enumerate(self._candidates)
                if c.title and (c.title.lower() == title or (len(words) == 1 and words[0] in c.title.lower().split())
                                or c.title.lower().endswith(title))]
        if hits:
            return hits[0]
        return None

    def resolve(self, head: Token) -> Ref | None:
        """What the noun phrase headed by `head` refers to, or None."""
        lower = head.text.lower()
        if lower in PRONOUNS_SINGULAR:
            return Ref("pronoun", None, head.text)
        if lower in PRONOUNS_PLURAL:
            return Ref("plural_pronoun", None, head.text)
        span = self._phrase(head)
        # "Xi and Raisi", "President Biden and Prime Minister Kishida"
        conjuncts = [head] + [t for t in head.conjuncts if t.i > head.i]
        for appos in (t for t in head.rights if t.dep_ == "appos"):  # "Johnson, President Biden and ..."
            if appos.conjuncts:
                conjuncts += [appos] + [t for t in appos.conjuncts if t.i > appos.i]
        if len(conjuncts) > 1:
            refs = {r.party for r in (self._resolve_one(t, self._phrase(t)) for t in conjuncts) if r and r.party is not None}
            if len(refs) >= 2 or (head.lemma_.lower() in JOINT_HEADS):
                return Ref("joint", None, self._full(head).text)
        return self._resolve_one(head, span)

    def _phrase(self, head: Token) -> Span:
        """The head with its left modifiers (det, amod, compound, nummod), without clauses."""
        start = head.i
        for child in head.lefts:
            if child.dep_ in ("det", "amod", "compound", "nummod", "nmod", "predet", "quantmod", "punct", "flat"):
                start = min(start, child.left_edge.i)
        end = head.i + 1
        for child in head.rights:
            if child.dep_ in ("flat", "compound", "appos") and child.i == end:
                end = child.i + 1
        return self.doc[start:end]

    def _full(self, head: Token) -> Span:
        return self.doc[head.left_edge.i : head.right_edge.i + 1]

    def _resolve_one(self, head: Token, span: Span) -> Ref | None:
        words = [t.text for t in span]
        lowers = [w.lower() for w in words]
        lemma = head.lemma_.lower()
        expanded = _expand([head.text])
        if len(expanded) > 1:  # "The PrimeMinister"
            lemma = expanded[-1].lower()
            words = words[: head.i - span.start] + expanded + words[head.i - span.start + 1 :]
        if head.tag_ == "NNPS" and lemma.endswith("s"):
            lemma = lemma[:-1]  # "Heads", "Ministers" tagged as proper plurals
        plural = head.tag_ in ("NNS", "NNPS") or lemma == "both"
        if lemma == "both" or (plural and lemma in JOINT_HEADS and (set(lowers) & JOINT_WORDS or lemma in ("leader", "side", "president", "party"))):
            return Ref("joint", None, span.text)
        if head.text.lower() in ("leaders", "sides") or (plural and lemma in JOINT_HEADS - {"country", "nation", "state", "government"}):
            return Ref("joint", None, span.text)
        # A name word in the phrase head, its compounds or an apposition.
        party = self._name_party(head)
        if party is not None:
            return Ref("party", party, span.text)
        country = None
        for i in range(len(words)):
            hit = self.match_country(words, i)
            if hit:
                country = hit[0]
                break
        of = self._of_object(head)
        if of is not None and country is None:  # "the President of Russia", "the head of Kazakhstan"
            of_words = [t.text for t in self._phrase(of) if t.dep_ != "det"]
            hit = self.match_country(of_words, 0) if of_words else None
            if hit:
                country = hit[0]
            elif _norm(of.text) in HOME_TITLE_OF and lemma in LEADER_HEADS and self._candidates:
                return Ref("party", 0, span.text + " of the " + of.text)
        if lemma == "counterpart" and len(self._candidates) == 2:
            owner = next((c for c in head.children if c.dep_ == "poss"), None)
            owner_ref = self.resolve(owner) if owner is not None and owner.lower_ not in ("his", "her", "their") else None
            if owner_ref is not None and owner_ref.kind == "party" and owner_ref.party is not None:
                return Ref("party", 1 - owner_ref.party, span.text)  # "the Chancellor's counterpart"
        bare = self._bare_title(head)
        if bare is not None and "-" in bare:  # "the president-elect" parses with "elect" as its head
            party = self.party_by_title(bare)
            if party is not None:
                return Ref("party", party, span.text)
        if head.text.lower() in TITLE_ABBREVIATIONS:
            party = self.party_by_title(head.text)
            if party is not None:
                return Ref("party", party, span.text)
        if lemma in SIDE_HEADS or lemma in LEADER_HEADS or lower_in(lowers, TITLE_WORDS):
            if country:
                party = self.party_by_country(country)
                if party is not None:
                    return Ref("party", party, span.text)
            title = _title_at([w for w, t in zip(words, span) if t.dep_ != "det"], 0)
            if lemma in LEADER_HEADS and not plural and lemma not in ("counterpart", "head", "leader"):
                party = self.party_by_title(title[0] if title else lemma)
                if party is not None:
                    return Ref("party", party, span.text)
            return None
        if country and head.tag_ in ("NNP", "NNPS") and len(span) <= 4:
            party = self.party_by_country(country)
            if party is not None:
                return Ref("country", party, span.text)
        return None


def lower_in(words: list[str], vocabulary: set[str]) -> bool:
    return any(w in vocabulary for w in words)


@functools.lru_cache(maxsize=65536)
def _near(a: str, b: str) -> bool:
    """True when a and b differ by at most one edit and are both long enough for that to be safe."""
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 4:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:k] + long_[k + 1 :] == short for k in range(len(long_)))


def party_words(parties: Iterable[Party]) -> frozenset[str]:
    """Lower-case words that only say who is speaking: the leaders' names, their countries with every
    name, adjective and capital of those ("iran", "iranian", "tehran"), and the mentions resolved to them.

    Distinctive terms, topics and keyword suggestions leave these out: they say who talks, not what about.
    """
    gaz = gazetteer()
    words: set[str] = set()
    for party in parties:
        phrases = [party.leader, *party.aliases]
        if party.country:
            phrases += [party.country, party.country + "n"]  # "Veloria" -> "Velorian" for learnt states
            words |= gaz.forms(party.country)
        for phrase in phrases:
            words |= {w for w in re.findall(r"[a-z][a-z'-]+", phrase.lower()) if w not in ("the", "side")}
    return frozenset(words)
