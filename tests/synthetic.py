"""Loads the synthetic annotated readouts in tests/data and scores attribution on them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"


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
        text, sentences = "", []
        for p, paragraph in enumerate(record["paragraphs"]):
            if p:
                text += "\n\n"
            for k, sentence in enumerate(paragraph):
                if k:
                    text += " "
                sentences.append((len(text), len(text) + len(sentence["text"]), sentence["speaker"]))
                text += sentence["text"]
        out.append(AnnotatedReadout(record["id"], record["style"], text, record["parties"], sentences))
    return out


def speaker_at(statements: list[dict], start: int, end: int) -> str | None | bool:
    """The speaker of the statement covering the sentence's midpoint (False when none covers it)."""
    mid = (start + end) // 2
    for s in statements:
        if s["start"] <= mid < s["end"]:
            return s["speaker"]
    return False


def same_leader(predicted: str | None | bool, expected: str | None) -> bool:
    if expected is None or expected == "joint" or predicted in (None, False, "joint"):
        return predicted == expected
    tokens = {w.lower().strip(".,") for w in str(predicted).split()}
    return bool(tokens & {w.lower().strip(".,") for w in expected.split()})


def score(readouts: list[AnnotatedReadout], *, verbose: bool = False, hints: bool = False) -> tuple[int, int]:
    from analysis import analyze

    ok = n = 0
    for r in readouts:
        kwargs = {"parties": [p["leader"] for p in r.parties]} if hints else {}
        statements = analyze(r.text, **kwargs).to_dict()["statements"]
        for start, end, expected in r.sentences:
            got = speaker_at(statements, start, end)
            hit = same_leader(got, expected)
            ok += hit
            n += 1
            if verbose and not hit:
                print(f"  {r.id} [{expected} <- {got}] {r.text[start:end][:110]}")
    return ok, n


if __name__ == "__main__":
    import sys

    good, total = score(load_annotated(), verbose=True, hints="--hints" in sys.argv)
    print(f"synthetic accuracy {good}/{total} = {good / total:.3f}")
