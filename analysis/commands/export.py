"""`python -m analysis export --format jsonl|csv`: write the corpus, or a selection, to a file or standard output."""

from __future__ import annotations

import argparse
import sys

from analysis.commands.import_ import DB_HELP, open_store, progress_bar
from analysis.exporting import write_csv, write_jsonl


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export", help="write the corpus as JSONL or CSV",
        description="Write every stored readout (or those selected) as JSONL or CSV, with the analysis if asked.",
    )
    parser.add_argument("--format", "-f", choices=("jsonl", "csv"), default="jsonl", help="output format")
    parser.add_argument("--with-analysis", action="store_true",
                        help="add each readout's analysis (readouts not analysed yet are analysed first)")
    parser.add_argument("--id", type=int, action="append", dest="ids", metavar="ID", help="only this readout (repeatable)")
    parser.add_argument("--query", help="only readouts containing these words")
    parser.add_argument("--country", help="only readouts with a party of this country, or published by it")
    parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="only calls on or after this day")
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="only calls on or before this day")
    parser.add_argument("--output", "-o", default="-", metavar="FILE", help="where to write (default: standard output)")
    parser.add_argument("--db", help=DB_HELP)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    writer = write_jsonl if args.format == "jsonl" else write_csv
    with open_store(args.db) as store:
        ids = args.ids
        if args.query or args.country or args.date_from or args.date_to:
            ids = [r.id for r in store.search(args.query, country=args.country, date_from=args.date_from,
                                              date_to=args.date_to, ids=args.ids, sort="id")]
        if args.with_analysis:
            store.analyze_all(ids, progress=progress_bar("analysing"))
        if args.output == "-":
            count = writer(store, sys.stdout, ids, with_analysis=args.with_analysis)
        else:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                count = writer(store, out, ids, with_analysis=args.with_analysis)
    print(f"exported {count} readouts" + (f" to {args.output}" if args.output != "-" else ""), file=sys.stderr)
    return 0
