"""The analyzer's results: parties, statements and the analysis of one readout, with their JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

JOINT = "joint"

PartyKind = Literal["person", "collective"]


@dataclass(frozen=True)
class Party:
    """One side of the conversation.

    Attributes:
        leader: canonical full name ("Xi Jinping"), or the body's name for a collective party.
        title: the leader's title as the text gives it ("President"), if found.
        country: the state or body the leader speaks for ("China"), if found.
        aliases: every mention in the text resolved to this party, in order of first appearance.
        kind: "person" for a leader, "collective" for a body such as "the European Council".
    """

    leader: str
    title: str | None = None
    country: str | None = None
    aliases: tuple[str, ...] = ()
    kind: PartyKind = "person"

    def to_dict(self) -> dict[str, Any]:
        return {
            "leader": self.leader,
            "title": self.title,
            "country": self.country,
            "aliases": list(self.aliases),
            "kind": self.kind,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Party:
        return cls(leader=data["leader"], title=data.get("title"), country=data.get("country"),
                   aliases=tuple(data.get("aliases") or ()), kind=data.get("kind", "person"))


@dataclass
class Statement:
    """The smallest unit that carries a speaker: normally one sentence.

    Attributes:
        index: position in the readout, from 0.
        start: offset of the first character in the input text.
        end: offset just past the last character, so `text == input[start:end]`.
        text: the statement's text.
        speaker: a party's `leader`, `"joint"`, or None for narration.
        cue: why the speaker was chosen ("said", "continues previous speaker", "For his part", ...).
        lemmas: lower-case lemmas of the statement's words (punctuation left out), for keyword matching.
        paragraph: which paragraph (from 0) the statement opens in.
        themes: filled by the theme analysis: {theme id: [matched terms]}.
    """

    index: int
    start: int
    end: int
    text: str
    speaker: str | None
    cue: str
    lemmas: tuple[str, ...] = ()
    paragraph: int = 0
    themes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def words(self) -> int:
        """Number of words (tokens that are not punctuation or space)."""
        return len(self.lemmas)

    def to_dict(self, *, lemmas: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "index": self.index,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "speaker": self.speaker,
            "cue": self.cue,
            "paragraph": self.paragraph,
            "words": self.words,
            "themes": {theme: list(terms) for theme, terms in self.themes.items()},
        }
        if lemmas:
            out["lemmas"] = list(self.lemmas)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Statement:
        """Rebuild a statement from `to_dict(lemmas=True)` output."""
        return cls(
            index=data["index"], start=data["start"], end=data["end"], text=data["text"],
            speaker=data["speaker"], cue=data["cue"], lemmas=tuple(data.get("lemmas") or ()),
            paragraph=data.get("paragraph", 0), themes={k: list(v) for k, v in (data.get("themes") or {}).items()},
        )


@dataclass
class ReadoutAnalysis:
    """Everything the analyzer found in one readout.

    Attributes:
        text: the exact input text; statement offsets point into it.
        parties: the parties, the publisher's own leader (the host) first when it can be told.
        statements: the statements in text order.
        warnings: plain-language notes on what the analyzer was unsure of.
        date: the date of the call, ISO format, if given.
        title: the readout's title, if given.
        extras: further result sections keyed by name ("themes", "reciprocity"), already JSON-ready.
    """

    text: str
    parties: list[Party]
    statements: list[Statement]
    warnings: list[str] = field(default_factory=list)
    date: str | None = None
    title: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def party(self, leader: str) -> Party:
        """The party whose canonical leader name is `leader`.

        Raises:
            KeyError: if no party has that name.
        """
        for party in self.parties:
            if party.leader == leader:
                return party
        raise KeyError(leader)

    def speakers(self) -> list[str]:
        """Speaker labels in display order: each party's leader, then "joint"."""
        return [p.leader for p in self.parties] + [JOINT]

    def to_dict(self, *, lemmas: bool = False) -> dict[str, Any]:
        """The JSON-ready form documented in the README ("parties", "statements", "warnings", ...).

        Args:
            lemmas: also give each statement's lemmas (for caching; `from_dict` needs them to match keywords).
        """
        out: dict[str, Any] = {
            "title": self.title,
            "date": self.date,
            "parties": [p.to_dict() for p in self.parties],
            "statements": [s.to_dict(lemmas=lemmas) for s in self.statements],
            "warnings": list(self.warnings),
        }
        out.update(self.extras)
        if lemmas:
            out["text"] = self.text
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any], text: str | None = None) -> ReadoutAnalysis:
        """Rebuild an analysis from `to_dict(lemmas=True)` (the text is taken from `text` or the dict)."""
        known = {"title", "date", "parties", "statements", "warnings", "text"}
        return cls(
            text=text if text is not None else data.get("text", ""),
            parties=[Party.from_dict(p) for p in data.get("parties", [])],
            statements=[Statement.from_dict(s) for s in data.get("statements", [])],
            warnings=list(data.get("warnings", [])), date=data.get("date"), title=data.get("title"),
            extras={k: v for k, v in data.items() if k not in known},
        )
