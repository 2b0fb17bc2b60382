"""Export the corpus, or a selection of it, as JSONL or CSV, with the analysis results if asked."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any, Literal, TextIO

import pandas as pd
from spacy.language import Language

from analysis.store import Progress, Readout, Store

ExportFormat = Literal["jsonl", "csv"]

#: Columns of `corpus_table` (one row per readout, for listing).
TABLE_COLUMNS = ("id", "date", "title", "publisher", "published_by", "countries", "parties", "synthetic",
                 "words", "analysed")

#: Columns of the CSV export, in order; `--with-analysis` adds `ANALYSIS_COLUMNS`.
CSV_COLUMNS = ("id", "date", "title", "publisher", "published_by", "source", "parties", "synthetic", "meta",
               "content_hash", "created_at", "updated_at", "text")
ANALYSIS_COLUMNS = ("analysis_parties", "countries", "statements", "warnings", "analysis")


def corpus_table(readouts: Iterable[Readout]) -> pd.DataFrame:
    """One row per readout with the columns of `TABLE_COLUMNS`.

    `countries` and `parties` are "; "-joined text (countries from the cached analysis, empty until
    analysed), `words` a whitespace word count, `analysed` whether the current analyzer's result is cached.
    """
    rows = [{
        "id": r.id, "date": r.date, "title": r.title, "publisher": r.publisher, "published_by": r.published_by,
        "countries": "; ".join(r.countries), "parties": "; ".join(r.parties), "synthetic": r.synthetic,
        "words": r.words, "analysed": r.analysed,
    } for r in readouts]
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def export_records(
    store: Store,
    ids: Iterable[int] | None = None,
    *,
    with_analysis: bool = False,
    nlp: Language | None = None,
    progress: Progress | None = None,
) -> Iterator[dict[str, Any]]:
    """The JSONL records: each readout's `Readout.to_dict()`, plus `"analysis"` (its `to_dict()`) if asked.

    Args:
        store: the corpus.
        ids: only these readouts (in id order); by default all.
        with_analysis: add each readout's analysis, analysing (and caching) those not analysed yet.
        nlp: the spaCy pipeline for readouts not analysed yet.
        progress: called with (done, total) as readouts are exported.

    Raises:
        ValueError: if an id is not in the store.
    """
    readouts = store.search(ids=ids, sort="id") if ids is not None else store.search(sort="id")
    if ids is not None:
        missing = sorted(set(map(int, ids)) - {r.id for r in readouts})
        if missing:
            raise ValueError(f"There is no readout with id {missing[0]}.")
    if with_analysis:
        store.analyze_all([r.id for r in readouts if not r.analysed], nlp=nlp)
    total = len(readouts)
    if progress:
        progress(0, total)
    for done, readout in enumerate(readouts, start=1):
        record = readout.to_dict()
        if with_analysis:
            try:
                record["analysis"] = store.analysis(readout.id, nlp=nlp).to_dict()
            except ValueError as exc:  # e.g. a text over the size limit: say so rather than drop the row
                record["analysis"] = {"error": str(exc)}
        if progress:
            progress(done, total)
        yield record


def write_jsonl(store: Store, out: TextIO, ids: Iterable[int] | None = None, *, with_analysis: bool = False,
                nlp: Language | None = None, progress: Progress | None = None) -> int:
    """Write one JSON object per line (see `export_records`); returns how many readouts were written."""
    count = 0
    for record in export_records(store, ids, with_analysis=with_analysis, nlp=nlp, progress=progress):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(store: Store, out: TextIO, ids: Iterable[int] | None = None, *, with_analysis: bool = False,
              nlp: Language | None = None, progress: Progress | None = None) -> int:
    """Write a CSV with a header row and one row per readout; returns how many readouts were written.

    Columns are `CSV_COLUMNS`: `parties` is "; "-joined, `meta` is JSON, `synthetic` is true/false. With
    the analysis, `ANALYSIS_COLUMNS` follow: `analysis_parties` ("leader (country)", "; "-joined),
    `countries`, `statements` (how many), `warnings` ("; "-joined) and `analysis` (the full `to_dict()` JSON).
    """
    columns = list(CSV_COLUMNS) + (list(ANALYSIS_COLUMNS) if with_analysis else [])
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in export_records(store, ids, with_analysis=with_analysis, nlp=nlp, progress=progress):
        row = {name: record.get(name) for name in CSV_COLUMNS}
        row["parties"] = "; ".join(record["parties"])
        row["synthetic"] = "true" if record["synthetic"] else "false"
        row["meta"] = json.dumps(record["meta"], ensure_ascii=False)
        if with_analysis:
            result = record["analysis"]
            parties = result.get("parties", [])
            row["analysis_parties"] = "; ".join(
                p["leader"] + (f" ({p['country']})" if p.get("country") else "") for p in parties)
            row["countries"] = "; ".join(p["country"] for p in parties if p.get("country"))
            row["statements"] = len(result.get("statements", []))
            row["warnings"] = "; ".join(result.get("warnings", [])) or result.get("error", "")
            row["analysis"] = json.dumps(result, ensure_ascii=False)
        writer.writerow(row)
        count += 1
    return count


def export_bytes(store: Store, fmt: ExportFormat, ids: Iterable[int] | None = None, *,
                 with_analysis: bool = False, nlp: Language | None = None,
                 progress: Progress | None = None) -> bytes:
    """The whole export as UTF-8 bytes (for a download button).

    Raises:
        ValueError: if the format is not "jsonl" or "csv", or an id is not in the store.
    """
    writers = {"jsonl": write_jsonl, "csv": write_csv}
    if fmt not in writers:
        raise ValueError(f"Unknown export format {fmt!r}: use jsonl or csv.")
    buffer = io.StringIO()
    writers[fmt](store, buffer, ids, with_analysis=with_analysis, nlp=nlp, progress=progress)
    return buffer.getvalue().encode("utf-8")
