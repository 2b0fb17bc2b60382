"""The corpus commands of `python -m analysis`: import, export and corpus list|show|edit|delete|analyze|seed."""

from __future__ import annotations

import csv
import io
import json

import pytest

from analysis.cli import main
from analysis.seed import corpus_files
from analysis.store import Store

SEEDED = len(corpus_files()) + 1  # the synthetic corpus and the real sample

# Synthetic readouts (invented for these tests).
GOOD = {"text": "President Anselm Kravik of Veloria called Prime Minister Ilse Vantorp of Meridia. Kravik said hello.",
        "date": "2026-01-05", "title": "Synthetic call"}


@pytest.fixture()
def db(tmp_path):
    return str(tmp_path / "corpus.sqlite3")


def _jsonl(path, *lines):
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines), encoding="utf-8")
    return str(path)


class TestImportCommand:
    def test_all_good(self, db, tmp_path, capsys):
        assert main(["import", _jsonl(tmp_path / "a.jsonl", GOOD), "--db", db]) == 0
        out = capsys.readouterr()
        assert "1 added" in out.out and f"holds {SEEDED + 1} readouts" in out.out
        assert "importing [" in out.err and "1/1" in out.err

    def test_some_bad_exits_1_and_reports_file_and_line(self, db, tmp_path, capsys):
        path = _jsonl(tmp_path / "a.jsonl", GOOD, "{broken", {"text": ""})
        assert main(["import", path, "--db", db, "-q"]) == 1
        err = capsys.readouterr().err
        assert f"skipped: {path}, line 2: malformed JSON" in err and f"{path}, line 3: no text" in err
        assert "importing [" not in err
        with Store(db) as store:
            assert store.count() == SEEDED + 1

    def test_nothing_imported_exits_2(self, db, tmp_path, capsys):
        assert main(["import", _jsonl(tmp_path / "a.jsonl", "{broken"), "--db", db]) == 2
        assert main(["import", str(tmp_path / "missing.txt"), "--db", db]) == 2
        assert "No such file" in capsys.readouterr().err

    def test_duplicates_are_reported(self, db, tmp_path, capsys):
        path = _jsonl(tmp_path / "a.jsonl", GOOD)
        main(["import", path, "--db", db, "--synthetic"])
        assert main(["import", path, "--db", db]) == 0
        out = capsys.readouterr()
        assert "1 duplicate" in out.out and "already stored as readout" in out.err
        with Store(db) as store:
            assert store.search("Synthetic call")[0].synthetic


class TestExportCommand:
    def test_jsonl_to_stdout(self, db, capsys):
        assert main(["export", "--db", db]) == 0
        records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert len(records) == SEEDED and all("text" in r for r in records)

    def test_csv_selection_with_analysis_to_file(self, db, tmp_path, capsys):
        out = tmp_path / "out.csv"
        assert main(["export", "-f", "csv", "--with-analysis", "--from", "2025-01-01", "-o", str(out), "--db", db]) == 0
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
        assert [r["date"] for r in rows] == ["2025-06-18"]
        assert rows[0]["countries"] == "Tarsania; Veloria"
        assert "exported 1 readouts" in capsys.readouterr().err


class TestCorpusCommand:
    def test_list_filters_and_json(self, db, capsys):
        assert main(["corpus", "list", "--db", db, "--query", "Kaldora", "--json"]) == 0
        rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert [r["date"] for r in rows] == ["2023-03-21", "2020-06-11"]
        assert main(["corpus", "list", "--db", db, "--from", "2025-01-01"]) == 0
        assert "2025-06-18" in capsys.readouterr().out

    def test_show_edit_delete(self, db, capsys, monkeypatch):
        assert main(["corpus", "edit", "1", "--title", "Renamed", "--date", "2019-03-15", "--db", db]) == 0
        assert main(["corpus", "show", "1", "--db", db]) == 0
        shown = capsys.readouterr().out
        assert "title: Renamed" in shown and "date: 2019-03-15" in shown
        assert main(["corpus", "edit", "1", "--date", "soon", "--db", db]) == 2
        monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: refuses without --yes
        assert main(["corpus", "delete", "1", "--db", db]) == 2
        assert main(["corpus", "delete", "1", "999", "--yes", "--db", db]) == 2  # unknown id: nothing deleted
        with Store(db) as store:
            assert store.count() == SEEDED
        assert main(["corpus", "delete", "--synthetic", "--yes", "--db", db]) == 0
        with Store(db) as store:
            assert [r.synthetic for r in store.list()] == [False]

    def test_analyze(self, db, capsys):
        assert main(["corpus", "analyze", "--db", db, "-n", "1"]) == 0
        assert f"{SEEDED} analysed, 0 already cached, 0 failed" in capsys.readouterr().out
        assert main(["corpus", "analyze", "1", "--db", db]) == 0
        assert "0 analysed, 1 already cached" in capsys.readouterr().out
