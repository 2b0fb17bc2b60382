"""`python -m analysis import PATH...`: add readouts from .txt/.md/.csv/.jsonl files or folders to the corpus."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from analysis.importing import SUFFIXES, import_paths
from analysis.seed import seed_if_empty
from analysis.store import Store

#: Exit statuses: every record good; some records bad (the good ones kept); nothing imported.
EXIT_OK, EXIT_SOME_BAD, EXIT_NOTHING = 0, 1, 2

DB_HELP = "the corpus database file (default: $READOUT_DB, else readouts.sqlite3 in the user's data folder)"


def progress_bar(label: str, *, stream=None, width: int = 30) -> Callable[[int, int], None]:
    """A progress callback drawing `label [#####.....] done/total` on one line of standard error."""
    out = stream or sys.stderr
    last = [0.0]

    def draw(done: int, total: int) -> None:
        now = time.monotonic()
        if total <= 0 or (done not in (0, total) and now - last[0] < 0.1):
            return
        last[0] = now
        filled = width * done // total
        out.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done == total:
            out.write("\n")
        out.flush()

    return draw


def open_store(db: str | None) -> Store:
    """The store at `db` (or the default path), seeded with the shipped readouts when it is new and empty."""
    store = Store(db)
    seed_if_empty(store)
    return store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import", help="add readouts from files or folders to the corpus",
        description=(
            f"Import readouts from {', '.join(SUFFIXES)} files (a folder imports every such file in it). "
            "Text files may start with front matter (title, date, publisher, published_by, source, parties); "
            "CSV and JSONL need a 'text' column or key. Bad records are reported with file and line and "
            "skipped. Exit status: 0 all good, 1 some records bad (the good ones were added), 2 nothing imported."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to import")
    parser.add_argument("--db", help=DB_HELP)
    parser.add_argument("--synthetic", action="store_true", help="mark records that do not say otherwise as synthetic")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        report = import_paths(store, args.paths, progress=None if args.quiet else progress_bar("importing"),
                              defaults={"synthetic": True} if args.synthetic else None)
        total = store.count()
    for error in report.errors:
        print(f"skipped: {error}", file=sys.stderr)
    for duplicate in report.duplicates:
        print(f"duplicate: {duplicate.file}, line {duplicate.line} is already stored as readout {duplicate.id}",
              file=sys.stderr)
    print(f"{report.summary()}; the corpus now holds {total} readouts.")
    if report.records == 0:
        print("error: no records found in the given paths", file=sys.stderr)
        return EXIT_NOTHING
    if report.errors:
        return EXIT_NOTHING if not report.added and not report.duplicates else EXIT_SOME_BAD
    return EXIT_OK
