"""`python -m analysis timeline --keyword K ...`: keyword mentions across the corpus, by period, as a table or CSV."""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from analysis.commands.import_ import open_store, progress_bar
from analysis.timeline import BY_OPTIONS, keyword_timeline, select_readouts


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "timeline", help="how often keywords appear across the corpus, by readout, month, quarter or year",
        description="Count keywords and phrases (matched on lemmas, case-insensitively) in the stored readouts.",
    )
    parser.add_argument("--keyword", "-k", action="append", required=True, metavar="K",
                        help="a word or phrase to count (repeatable)")
    parser.add_argument("--by", choices=BY_OPTIONS, default="readout", help="one row per readout (default) or period")
    parser.add_argument("--per", choices=("speaker", "country"), help="count each speaker or country apart")
    parser.add_argument("--pair", nargs=2, metavar=("COUNTRY", "COUNTRY"),
                        help="only readouts between these two countries")
    parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="only calls on or after this day")
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="only calls on or before this day")
    parser.add_argument("--db", help="the corpus database file (default: READOUT_DB or the user's data folder)")
    parser.add_argument("--csv", metavar="FILE", help="write the full table as CSV to FILE (- for standard output)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        readouts = store.readouts_with_analyses(progress=progress_bar("analysing readouts"))
    readouts = select_readouts(readouts, pair=tuple(args.pair) if args.pair else None,
                               date_from=args.date_from, date_to=args.date_to)
    df = keyword_timeline(readouts, args.keyword, by=args.by, per=args.per)
    undated = df.attrs.get("undated", 0)
    if undated:
        print(f"note: {undated} readout(s) without a date are left out.", file=sys.stderr)
    if args.csv:
        if args.csv == "-":
            df.to_csv(sys.stdout, index=False)
        else:
            df.to_csv(args.csv, index=False)
            print(f"wrote {len(df)} rows to {args.csv}", file=sys.stderr)
        return 0
    if df.empty:
        print("No dated readouts match: import some with `python -m analysis import`, or widen the filters.")
        return 0
    columns = ["period", "keyword", "group", "count", "words", "per_1k_words", "readouts"]
    if args.by == "readout":
        columns = ["period", "readout_id", "keyword", "group", "count", "words", "per_1k_words", "title"]
    table = df[columns].copy()
    if args.per is None:
        table = table.drop(columns="group")
    if "title" in table:
        table["title"] = table["title"].str.slice(0, 50)
    with pd.option_context("display.max_rows", None, "display.width", 160, "display.max_colwidth", 50,
                           "display.float_format", "{:.2f}".format):
        print(table.to_string(index=False))
    return 0
