"""Loads the synthetic annotated readouts in tests/data and scores attribution on them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"


# SYNTHETIC three-party readout, invented for the reciprocity tests.
THREE_PARTIES = (
    "Japanese Prime Minister Haruto Mori hosted a video call on Friday with Indian Prime Minister Ravi Mehta "
    "and Australian Prime Minister Olivia Grant. Mori said Japan stands ready to work with India on clean energy "
    "and thanked Grant for Australia's support on maritime security.\n"
    "Mehta congratulated Mori on the success of the Osaka summit and said India is willing to work with "
    "Australia on critical minerals. Grant thanked Mehta for India's help during the floods and said Australia "
    "supports Japan's initiative on regional health security.\n"
    "The three leaders agreed to meet in person next year."
)


def join_paragraphs(paragraphs: list[list[dict]]) -> tuple[str, list[tuple[dict, int, int]]]:
    """A readout's text from its paragraphs of sentences (a space between sentences, a blank line
    between paragraphs), with each sentence's (record, start, end) offsets."""
    text, spans = "", []
    for p, paragraph in enumerate(paragraphs):
        if p:
            text += "\n\n"
        for k, sentence in enumerate(paragraph):
            if k:
                text += " "
            spans.append((sentence, len(text), len(text) + len(sentence["text"])))
            text += sentence["text"]
    return text, spans


@dataclass
class AnnotatedReadout:
    id: str
    style: str
    text: str
    parties: list[dict]
    sentences: list[tuple[int, int, str | None]]  # start, end, expected speaker


def load_annotated(path: Path = DATA / "synthetic_readouts.jsonl") -> list[AnnotatedReadout]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        text, spans = join_paragraphs(record["paragraphs"])
        sentences = [(start, end, sentence["speaker"]) for sentence, start, end in spans]
        out.append(AnnotatedReadout(record["id"], record["style"], text, record["parties"], sentences))
    return out


def speaker_at(statements: list[dict], start: int, end: int) -> str | None | bool:
    """The speaker of the statement covering the sentence's midpoint (False when none covers it)."""
    mid = (start + end) // 2
    for s in statements:
        if s["start"] <= mid < s["end"]:
            return s["speaker"]
    return False


def party_map(predicted: list, expected: list[dict]) -> dict[str, str]:
    """Map predicted parties to expected leaders one to one: by a shared name word, then (for a leader
    the text never names, such as "The Prime Minister") by country, then by title."""
    mapping: dict[str, str] = {}
    left = [p["leader"] for p in expected]

    def words(name: str | None) -> set[str]:
        return {w.lower().strip(".,") for w in (name or "").split() if w.lower() not in {"the", "prime", "minister", "president"}}

    by_leader = {p["leader"]: p for p in expected}
    for rule in ("name", "country", "title"):
        for party in predicted:
            if party.leader in mapping:
                continue
            for leader in left:
                gold = by_leader[leader]
                if rule == "name":
                    hit = bool(words(party.leader) & words(leader))
                elif rule == "country":
                    hit = bool(party.country and gold.get("country") and
                               (party.country in gold["country"] or gold["country"] in party.country))
                else:
                    hit = bool(party.title and gold.get("title") and party.title.lower() in gold["title"].lower())
                if hit:
                    mapping[party.leader] = leader
                    left.remove(leader)
                    break
    return mapping


def score(readouts: list[AnnotatedReadout], *, verbose: bool = False, hints: bool = False) -> tuple[int, int]:
    from analysis import analyze

    ok = n = 0
    for r in readouts:
        kwargs = {"parties": [p["leader"] for p in r.parties]} if hints else {}
        result = analyze(r.text, **kwargs)
        statements = result.to_dict()["statements"]
        mapping = party_map(result.parties, r.parties)
        for start, end, expected in r.sentences:
            got = speaker_at(statements, start, end)
            hit = mapping.get(got, got) == expected
            ok += hit
            n += 1
            if verbose and not hit:
                print(f"  {r.id} [{expected} <- {got}] {r.text[start:end][:110]}")
    return ok, n


if __name__ == "__main__":
    import sys

    good, total = score(load_annotated(), verbose=True, hints="--hints" in sys.argv)
    print(f"synthetic accuracy {good}/{total} = {good / total:.3f}")
