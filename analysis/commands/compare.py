"""`python -m analysis compare A B`: align two readouts of one call and show what each side alone reported."""

from __future__ import annotations

import argparse
import json
import textwrap

from analysis.commands.analyze import read_input
from analysis.compare import THRESHOLD, Comparison, compare_readouts
from analysis.nlp import load_pipeline
from analysis.readout import analyze


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("compare", help="compare two readouts of the same call")
    parser.add_argument("a", help="the first readout as a text file, or - for standard input")
    parser.add_argument("b", help="the second readout as a text file, or - for standard input")
    parser.add_argument("--json", action="store_true", help="print the full comparison as JSON")
    parser.add_argument("--threshold", type=float, default=THRESHOLD,
                        help=f"lowest score of an aligned pair, 0 to 1 (default {THRESHOLD})")
    parser.add_argument("--party", action="append", default=[], metavar="NAME",
                        help="a leader's name, when you know the parties (repeatable; used for both)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.a == "-" and args.b == "-":
        raise ValueError("only one of the two readouts can come from standard input")
    texts = [read_input(args.a), read_input(args.b)]
    nlp = load_pipeline()
    a, b = (analyze(text, parties=args.party or None, nlp=nlp) for text in texts)
    comparison = compare_readouts(a, b, threshold=args.threshold,
                                  labels=(_name(args.a, "A"), _name(args.b, "B")))
    if args.json:
        print(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_comparison(comparison)
    return 0


def _name(path: str, fallback: str) -> str:
    return "standard input" if path == "-" else path or fallback


def print_comparison(comparison: Comparison) -> None:
    """Print the comparison as plain text: links, coverage, pairs, then each side's own statements."""
    a, b = comparison.a, comparison.b
    print(f"A: {comparison.labels[0]}")
    print(f"B: {comparison.labels[1]}")
    links = ", ".join(f"{link.a} = {link.b} ({link.basis})" for link in comparison.links) or "none found"
    print(f"Parties in both: {links}")
    for row in comparison.coverage_frame().itertuples():
        other = "B" if row.readout == "a" else "A"
        print(f"{row.readout.upper()}: {row.matched_statements} of {row.statements} statements "
              f"({row.statement_share:.0%}, {row.word_share:.0%} of words) also reported by {other}")
    print()
    print(f"Aligned statements (score >= {comparison.threshold}):")
    for pair in comparison.pairs:
        print(f"  A{pair.a} ~ B{pair.b}  score {pair.score:.2f}"
              + ("" if pair.same_speaker else f"  speaker {pair.speaker_a} / {pair.speaker_b}"))
        _wrapped("A", a.statements[pair.a].text)
        _wrapped("B", b.statements[pair.b].text)
    if not comparison.pairs:
        print("  (none)")
    for side, result, indices in (("A", a, comparison.only_a), ("B", b, comparison.only_b)):
        print()
        print(f"Only in {side}:")
        for i in indices:
            s = result.statements[i]
            _wrapped(f"{side}{i}", f"[{s.speaker or 'narration'}] {s.text}")
        if not indices:
            print("  (none)")


def _wrapped(tag: str, text: str) -> None:
    lines = textwrap.wrap(text, 92) or [""]
    print(f"    {tag:<4} {lines[0]}")
    for line in lines[1:]:
        print(f"         {line}")
