"""`python -m analysis corpus list|show|edit|delete|analyze|seed`: look after the stored readouts."""

from __future__ import annotations

import argparse
import json
import sys

from analysis.commands.import_ import DB_HELP, open_store, progress_bar
from analysis.exporting import corpus_table
from analysis.seed import seed
from analysis.store import Store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("corpus", help="list, edit, delete or analyse the stored readouts")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    listing = actions.add_parser("list", help="list readouts (filter, sort)")
    listing.add_argument("--query", "-q", help="only readouts containing these words")
    listing.add_argument("--country", help="only readouts with a party of this country, or published by it")
    listing.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="only calls on or after this day")
    listing.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="only calls on or before this day")
    listing.add_argument("--sort", default="-date", choices=("date", "-date", "title", "-title", "added", "-added", "id"))
    listing.add_argument("--json", action="store_true", help="one JSON object per line instead of a table")
    listing.set_defaults(run=run_list)

    show = actions.add_parser("show", help="print one readout's metadata and text")
    show.add_argument("id", type=int)
    show.set_defaults(run=run_show)

    edit = actions.add_parser("edit", help="change a readout's metadata")
    edit.add_argument("id", type=int)
    for name in ("title", "date", "publisher", "published-by", "source"):
        edit.add_argument(f"--{name}", help=f"the new {name.replace('-', ' ')} (empty to clear)")
    edit.add_argument("--party", action="append", dest="parties", metavar="NAME", help="a leader's name (repeatable)")
    edit.add_argument("--synthetic", choices=("true", "false"), help="mark as synthetic or real")
    edit.set_defaults(run=run_edit)

    delete = actions.add_parser("delete", help="delete readouts (asks first unless --yes)")
    delete.add_argument("ids", type=int, nargs="*", metavar="ID")
    delete.add_argument("--synthetic", action="store_true", help="delete every synthetic readout")
    delete.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    delete.set_defaults(run=run_delete)

    analyze = actions.add_parser("analyze", help="analyse and cache every readout not analysed yet")
    analyze.add_argument("ids", type=int, nargs="*", metavar="ID", help="only these readouts")
    analyze.add_argument("--processes", "-n", type=int, help="spaCy worker processes (default: 2 for 64+ readouts)")
    analyze.set_defaults(run=run_analyze)

    seeding = actions.add_parser("seed", help="add the shipped sample and synthetic readouts (again)")
    seeding.set_defaults(run=run_seed)

    for sub in (listing, show, edit, delete, analyze, seeding):
        sub.add_argument("--db", help=DB_HELP)


def run_list(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        readouts = store.search(args.query, country=args.country, date_from=args.date_from, date_to=args.date_to,
                                sort=args.sort)
    if args.json:
        for readout in readouts:
            record = readout.to_dict()
            record.pop("text")
            print(json.dumps({**record, "countries": list(readout.countries), "words": readout.words},
                             ensure_ascii=False))
        return 0
    if not readouts:
        print("No readouts match.")
        return 0
    table = corpus_table(readouts).fillna("")
    table["title"] = table["title"].str.slice(0, 60)
    table["synthetic"] = table["synthetic"].map({True: "synthetic", False: ""})
    print(table[["id", "date", "title", "publisher", "countries", "synthetic"]].to_string(index=False))
    print(f"{len(readouts)} readouts", file=sys.stderr)
    return 0


def run_show(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        readout = store.get(args.id)
    record = readout.to_dict()
    text = record.pop("text")
    for key, value in record.items():
        print(f"{key}: {json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value}")
    print()
    print(text)
    return 0


def run_edit(args: argparse.Namespace) -> int:
    fields: dict[str, object] = {}
    for name in ("title", "date", "publisher", "published_by", "source"):
        value = getattr(args, name)
        if value is not None:
            fields[name] = value or None
    if args.parties is not None:
        fields["parties"] = args.parties
    if args.synthetic is not None:
        fields["synthetic"] = args.synthetic == "true"
    if not fields:
        raise ValueError("Nothing to change: give --title, --date, --publisher, --published-by, --source, "
                         "--party or --synthetic.")
    with open_store(args.db) as store:
        readout = store.update_metadata(args.id, **fields)
    print(f"updated readout {readout.id}: {', '.join(sorted(fields))}")
    return 0


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        raise ValueError("Refusing to delete without confirmation: add --yes.")
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


def run_delete(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        ids = list(dict.fromkeys(args.ids + ([r.id for r in store.search(synthetic=True)] if args.synthetic else [])))
        if not ids:
            raise ValueError("Nothing to delete: give readout ids or --synthetic.")
        readouts = [store.get(i) for i in ids]  # every id must exist before anything is deleted
        for readout in readouts:
            print(f"  {readout.id}  {readout.date or '(no date)'}  {readout.title or '(no title)'}", file=sys.stderr)
        if not args.yes and not _confirm(f"Delete these {len(readouts)} readouts?"):
            print("Nothing deleted.")
            return 1
        for readout in readouts:
            store.delete(readout.id)
    print(f"deleted {len(readouts)} readouts")
    return 0


def run_analyze(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        report = store.analyze_all(args.ids or None, progress=progress_bar("analysing"), n_process=args.processes)
    for readout_id, message in report.failed:
        print(f"readout {readout_id}: {message}", file=sys.stderr)
    print(f"{report.analysed} analysed, {report.cached} already cached, {len(report.failed)} failed")
    return 1 if report.failed else 0


def run_seed(args: argparse.Namespace) -> int:
    with Store(args.db) as store:
        report = seed(store)
    print(report.summary())
    return 0
