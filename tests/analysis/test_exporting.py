"""Tests for analysis.exporting: JSONL and CSV exports, selections, analysis columns, round trips."""

from __future__ import annotations

import csv
import io
import json

import pytest

from analysis.exporting import (
    ANALYSIS_COLUMNS,
    CSV_COLUMNS,
    TABLE_COLUMNS,
    corpus_table,
    export_bytes,
    write_csv,
    write_jsonl,
)
from analysis.importing import import_files
from analysis.store import Store

# Synthetic readouts (invented for these tests).
TEXT_A = ("President Anselm Kravik of Veloria spoke with President Dong Weiming of Tarsania.\n"
          "Kravik said Veloria supports the Corridor Initiative, \"in every way\".")
TEXT_B = ("Prime Minister Ilse Vantorp of Meridia spoke with President Dong Weiming of Tarsania.\n"
          "Dong said Tarsania values green energy cooperation; Vantorp agreed.")


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "corpus.sqlite3") as opened:
        opened.add(TEXT_A, title="A, with a comma", date="2020-01-02", publisher="VNA", published_by="Veloria",
                   parties=["Anselm Kravik", "Dong Weiming"], meta={"region": "north", "n": 1}, synthetic=True)
        opened.add(TEXT_B, title="B", date="2023-04-05", source="a note")
        yield opened


class TestJsonl:
    def test_every_readout_with_its_metadata(self, store):
        out = io.StringIO()
        assert write_jsonl(store, out) == 2
        records = [json.loads(line) for line in out.getvalue().splitlines()]
        assert [r["title"] for r in records] == ["A, with a comma", "B"]
        assert records[0]["text"] == TEXT_A and records[0]["meta"] == {"region": "north", "n": 1}
        assert records[0]["parties"] == ["Anselm Kravik", "Dong Weiming"] and records[0]["synthetic"] is True
        assert "analysis" not in records[0]

    def test_selection_and_analysis(self, store, nlp):
        out = io.StringIO()
        seen = []
        write_jsonl(store, out, [2], with_analysis=True, nlp=nlp, progress=lambda d, t: seen.append((d, t)))
        [record] = [json.loads(line) for line in out.getvalue().splitlines()]
        assert record["id"] == 2
        assert {p["country"] for p in record["analysis"]["parties"]} == {"Meridia", "Tarsania"}
        assert record["analysis"]["statements"][1]["speaker"] == "Dong Weiming"
        assert seen == [(0, 1), (1, 1)]
        assert store.get(2).analysed and not store.get(1).analysed  # only the selection was analysed

    def test_unknown_id(self, store):
        with pytest.raises(ValueError, match="no readout with id 9"):
            export_bytes(store, "jsonl", [1, 9])


class TestCsv:
    def test_columns_and_quoting(self, store):
        out = io.StringIO()
        assert write_csv(store, out) == 2
        rows = list(csv.DictReader(io.StringIO(out.getvalue())))
        assert tuple(rows[0]) == CSV_COLUMNS
        assert rows[0]["title"] == "A, with a comma" and rows[0]["text"] == TEXT_A
        assert rows[0]["parties"] == "Anselm Kravik; Dong Weiming" and rows[0]["synthetic"] == "true"
        assert json.loads(rows[0]["meta"]) == {"region": "north", "n": 1}
        assert rows[1]["source"] == "a note" and rows[1]["synthetic"] == "false"

    def test_with_analysis(self, store, nlp):
        rows = list(csv.DictReader(io.StringIO(export_bytes(store, "csv", with_analysis=True, nlp=nlp).decode())))
        assert tuple(rows[0]) == CSV_COLUMNS + ANALYSIS_COLUMNS
        assert rows[0]["analysis_parties"] == "Anselm Kravik (Veloria); Dong Weiming (Tarsania)"
        assert rows[0]["countries"] == "Veloria; Tarsania"
        full = json.loads(rows[0]["analysis"])
        assert int(rows[0]["statements"]) == len(full["statements"]) == 2

    def test_bad_format(self, store):
        with pytest.raises(ValueError, match="Unknown export format"):
            export_bytes(store, "xlsx")


class TestRoundTrip:
    @pytest.mark.parametrize("fmt", ["jsonl", "csv"])
    def test_export_imports_back_as_the_same_readouts(self, store, tmp_path, nlp, fmt):
        data = export_bytes(store, fmt, with_analysis=True, nlp=nlp)
        with Store(tmp_path / "copy.sqlite3") as copy:
            report = import_files(copy, [(f"export.{fmt}", data)])
            assert report.errors == [] and len(report.added) == 2
            fields = ("text", "title", "date", "publisher", "published_by", "source", "parties", "meta", "synthetic",
                      "content_hash")
            for original, imported in zip(store.list(sort="id"), copy.list(sort="id")):
                assert {f: getattr(imported, f) for f in fields} == {f: getattr(original, f) for f in fields}


def test_corpus_table(store, nlp):
    store.analysis(1, nlp=nlp)
    table = corpus_table(store.list(sort="id"))
    assert tuple(table.columns) == TABLE_COLUMNS
    assert table["countries"].tolist() == ["Tarsania; Veloria", ""]
    assert table["analysed"].tolist() == [True, False]
    assert table["words"].tolist() == [len(TEXT_A.split()), len(TEXT_B.split())]
    assert corpus_table([]).columns.tolist() == list(TABLE_COLUMNS)
