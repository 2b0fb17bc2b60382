"""`python -m analysis analyze FILE`: attribute the statements of one readout."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap

from analysis.importing import parse_front_matter
from analysis.readout import analyze


def read_input(path: str) -> str:
    """Read a readout from a file path, or from standard input when path is "-".

    Raises:
        ValueError: if the file is missing or is not UTF-8 text.
    """
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                data = handle.read()
    except FileNotFoundError as exc:
        raise ValueError(f"no such file: {path}") from exc
    except IsADirectoryError as exc:
        raise ValueError(f"{path} is a folder, not a file") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not UTF-8 text (byte {exc.start} cannot be decoded)") from exc


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("analyze", help="who said what in one readout")
    parser.add_argument("file", help="the readout as a text file, or - for standard input")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.add_argument("--party", action="append", default=[], metavar="NAME",
                        help="a leader's name, when you know the parties (repeatable)")
    parser.add_argument("--date", help="date of the call, YYYY-MM-DD")
    parser.add_argument("--title", help="title of the readout")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    text = read_input(args.file)
    # A readout saved with front matter (title, date, parties) is analysed without it.
    meta, text, _ = parse_front_matter(text)
    parties = args.party or [str(p) for p in meta.get("parties") or []] or None
    date = args.date or (str(meta["date"]) if meta.get("date") else None)
    title = args.title or (str(meta["title"]) if meta.get("title") else None)
    result = analyze(text, parties=parties, date=date, title=title)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print("Parties:")
    for party in result.parties:
        detail = ", ".join(x for x in (party.title, party.country) if x)
        print(f"  {party.leader}" + (f" ({detail})" if detail else ""))
    if not result.parties:
        print("  (none found)")
    print()
    width = max([len("narration")] + [len(p.leader) for p in result.parties]) + 2
    for s in result.statements:
        speaker = s.speaker or "narration"
        lines = textwrap.wrap(s.text, 100 - width - 6) or [""]
        print(f"{s.index:>3}  {speaker:<{width}}{lines[0]}")
        for line in lines[1:]:
            print(" " * (5 + width) + line)
        print(" " * (5 + width) + f"[{s.cue}]")
    for warning in result.warnings:
        print(f"warning: {warning}")
    return 0
