"""Tests for analysis.importing: formats, front matter, bad records with file and line, interruptions."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.importing import (
    ImportRecord,
    RecordError,
    import_files,
    import_paths,
    parse_date,
    parse_front_matter,
    read_records,
)
from analysis.store import Store

# Synthetic readouts (invented for these tests).
TEXT_A = "President Anselm Kravik of Veloria spoke with President Dong Weiming of Tarsania. Kravik said trade grew."
TEXT_B = "Prime Minister Ilse Vantorp of Meridia met President Dong Weiming of Tarsania. Dong said ties are warm."
TEXT_C = "President Dong Weiming of Tarsania called Prime Minister Ilse Vantorp of Meridia. Vantorp thanked him."


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "corpus.sqlite3") as opened:
        yield opened


class TestParseDate:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [("2021-08-04", "2021-08-04"), ("4 August 2021", "2021-08-04"), ("Aug. 4, 2021", "2021-08-04"),
         ("August 4th, 2021", "2021-08-04"), ("2021/08/04", "2021-08-04"), ("2021-08-04T09:30:00Z", "2021-08-04"),
         ("", None), (None, None)],
    )
    def test_known_forms(self, value, expected):
        assert parse_date(value) == expected

    @pytest.mark.parametrize("value", ["last Tuesday", "2021-02-30", "08/04/21"])
    def test_unparseable(self, value):
        with pytest.raises(ValueError, match="unparseable date"):
            parse_date(value)

    def test_wrong_type(self):
        with pytest.raises(ValueError, match="must be text"):
            parse_date(20210804)


class TestFrontMatter:
    def test_scalars_lists_and_body(self):
        fields, body, line = parse_front_matter(
            "---\ntitle: \"Talks: a synthetic call\"\ndate: 2020-01-02\nparties: [Anselm Kravik, Dong Weiming]\n"
            "tags:\n  - trade\n  - energy\nsynthetic: true\n# a comment\n---\nThe body.\n"
        )
        assert fields == {"title": "Talks: a synthetic call", "date": "2020-01-02",
                          "parties": ["Anselm Kravik", "Dong Weiming"], "tags": ["trade", "energy"], "synthetic": True}
        assert body == "The body.\n"
        assert line == 11

    def test_no_front_matter(self):
        assert parse_front_matter("Just text.\n") == ({}, "Just text.\n", 1)

    def test_unclosed(self):
        with pytest.raises(ValueError, match="never closed"):
            parse_front_matter("---\ntitle: x\nbody")

    def test_bad_line_reports_its_number(self):
        with pytest.raises(ValueError, match="line 3"):
            parse_front_matter("---\ntitle: x\nthis is not a field\n---\nbody")


class TestReadRecords:
    def test_markdown_heading_becomes_title(self):
        [record] = read_records("call.md", f"# A synthetic call\n\n{TEXT_A}\n".encode())
        assert isinstance(record, ImportRecord)
        assert record.fields["title"] == "A synthetic call"
        assert record.text.strip() == TEXT_A

    def test_txt_keeps_text_as_is(self):
        [record] = read_records("call.txt", f"# not a heading in txt\n{TEXT_A}".encode())
        assert record.text.startswith("# not a heading") and record.fields["title"] is None

    def test_csv_columns_and_metadata(self):
        data = f"Text,Date,Title,Parties,Region\n\"{TEXT_A}\",2021-05-06,T,\"Anselm Kravik; Dong Weiming\",north\n"
        [record] = read_records("c.csv", data.encode())
        assert record.line == 2
        assert record.fields["date"] == "2021-05-06" and record.fields["title"] == "T"
        assert record.fields["parties"] == ["Anselm Kravik", "Dong Weiming"]
        assert record.fields["meta"] == {"region": "north"}

    def test_jsonl_meta_keeps_unknown_keys(self):
        line = json.dumps({"text": TEXT_A, "url_id": 7, "meta": {"lang": "en"}, "synthetic": True})
        [record] = read_records("r.jsonl", line.encode())
        assert record.fields["meta"] == {"lang": "en", "url_id": 7}
        assert record.fields["synthetic"] is True

    @pytest.mark.parametrize(
        ("name", "data", "line", "message"),
        [
            ("r.jsonl", b'{"text": "ok"}\n\n{"text": 5}\n', 3, "'text' must be text"),
            ("r.jsonl", b'{"title": "no text"}\n', 1, "no text"),
            ("r.jsonl", b'{"text": "a", "parties": {"x": 1}}\n', 1, "'parties' must be a list"),
            ("r.jsonl", b'{"text": "a", "synthetic": "perhaps"}\n', 1, "'synthetic' must be true or false"),
            ("r.jsonl", b'{"text": "a"}\n{"text": \n', 2, "malformed JSON"),
            ("r.csv", b"title,date\nx,2020-01-01\n", 1, "no 'text' column"),
            ("r.csv", b"text,date\na,2020-01-01\nb,someday\n", 3, "unparseable date"),
            ("r.md", b"---\ntitle: x\n---\n\n   \n", 4, "no text"),
            ("r.txt", b"\x89PNG\r\n\x1a\n\x00\x00", 1, "not a text file"),
            ("r.txt", b"caf\xe9 au lait", 1, "not a text file"),
            ("r.docx", b"PK", 1, "unsupported file type"),
        ],
    )
    def test_bad_records_have_file_line_and_reason(self, name, data, line, message):
        errors = [r for r in read_records(name, data) if isinstance(r, RecordError)]
        assert len(errors) == 1
        assert (errors[0].file, errors[0].line) == (name, line)
        assert message in errors[0].message


class TestImportFiles:
    def test_mixed_good_and_bad_records(self, store):
        jsonl = "\n".join([
            json.dumps({"text": TEXT_A, "date": "2020-03-04", "title": "A"}),
            "{not json",
            json.dumps({"text": TEXT_B, "date": "the day after", "title": "bad date"}),
            json.dumps({"text": TEXT_B, "date": "2021-01-02", "title": "B", "source": "synthetic"}),
            json.dumps({"title": "no text"}),
        ]).encode()
        csv_data = (f"text,date,title,publisher\n\"{TEXT_C}\",2022-02-03,C,VNA\n"
                    f"\"{TEXT_A}\",2020-03-04,A again,\n,2022-01-01,empty,\n").encode()
        md = b"---\ntitle: D\ndate: 5 May 2019\nsynthetic: true\n---\nPresident Anselm Kravik of Veloria said D.\n"
        seen = []
        report = import_files(
            store,
            [("r.jsonl", jsonl), ("r.csv", csv_data), ("d.md", md), ("scan.pdf", b"%PDF-1.4"), ("e.md", b"---\n---\n")],
            progress=lambda done, total: seen.append((done, total)),
        )
        assert [store.get(i).title for i in report.added] == ["A", "B", "C", "D"]
        assert [(d.file, d.line) for d in report.duplicates] == [("r.csv", 3)]
        assert report.duplicates[0].id == report.added[0]
        assert [(e.file, e.line) for e in report.errors] == [
            ("e.md", 3), ("r.csv", 4), ("r.jsonl", 2), ("r.jsonl", 3), ("r.jsonl", 5), ("scan.pdf", 1)]
        assert store.count() == 4
        assert store.get(report.added[1]).source == "synthetic"
        assert store.get(report.added[2]).publisher == "VNA"
        assert store.get(report.added[3]).date == "2019-05-05" and store.get(report.added[3]).synthetic
        assert seen[0] == (0, 5) and seen[-1] == (5, 5)
        assert report.summary() == "4 added, 1 duplicate (already stored), 6 bad records skipped"

    def test_store_rejections_are_reported(self, store, monkeypatch):
        from analysis import config

        monkeypatch.setattr(config, "MAX_CHARS", 50)
        report = import_files(store, [("r.jsonl", json.dumps({"text": TEXT_A}).encode())])
        assert report.added == []
        assert report.errors[0].line == 1 and "limit" in report.errors[0].message

    def test_interrupted_import_leaves_no_half_written_record(self, store, monkeypatch):
        records = "\n".join(json.dumps({"text": t, "title": f"r{i}", "meta": {"n": i}})
                            for i, t in enumerate([TEXT_A, TEXT_B, TEXT_C])).encode()
        real_execute_calls = []
        original_add = Store.add

        def crash_midway(self, text, **fields):
            if len(real_execute_calls) == 2:
                # Fail inside the write transaction, after the row is inserted but before it is committed.
                with self.transaction() as conn:
                    conn.execute(
                        "INSERT INTO readouts (text, content_hash, title, created_at, updated_at)"
                        " VALUES (?, 'half', 'half-written', 'now', 'now')", (text,))
                    raise KeyboardInterrupt
            real_execute_calls.append(text)
            return original_add(self, text, **fields)

        monkeypatch.setattr(Store, "add", crash_midway)
        with pytest.raises(KeyboardInterrupt):
            import_files(store, [("r.jsonl", records)])
        monkeypatch.undo()
        assert [r.title for r in store.list(sort="id")] == ["r0", "r1"]
        assert [r.meta for r in store.list(sort="id")] == [{"n": 0}, {"n": 1}]
        again = import_files(store, [("r.jsonl", records)])  # running it again finishes the job
        assert len(again.added) == 1 and len(again.duplicates) == 2
        assert store.count() == 3

    def test_defaults_fill_missing_fields(self, store):
        report = import_files(store, [("a.txt", TEXT_A.encode())], defaults={"synthetic": True, "publisher": "X"})
        readout = store.get(report.added[0])
        assert readout.synthetic and readout.publisher == "X"


class TestImportPaths:
    def test_folder_and_files(self, store, tmp_path):
        folder = tmp_path / "in"
        (folder / "sub").mkdir(parents=True)
        (folder / "a.txt").write_text(TEXT_A, encoding="utf-8")
        (folder / "sub" / "b.md").write_text(TEXT_B, encoding="utf-8")
        (folder / "notes.pdf").write_bytes(b"%PDF")  # not a supported ending: left out of a folder
        single = tmp_path / "c.jsonl"
        single.write_text(json.dumps({"text": TEXT_C}), encoding="utf-8")
        report = import_paths(store, [folder, single])
        assert len(report.added) == 3 and report.errors == []

    def test_missing_path(self, store, tmp_path):
        with pytest.raises(ValueError, match="No such file"):
            import_paths(store, [tmp_path / "nowhere.txt"])


class TestNeverCrashes:
    @given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".md", ".csv", ".jsonl", ".pdf"]))
    @settings(max_examples=150, deadline=None)
    def test_any_bytes_give_records_or_errors(self, data, suffix):
        for item in read_records("f" + suffix, data):
            assert isinstance(item, (ImportRecord, RecordError))
            if isinstance(item, RecordError):
                assert item.file == "f" + suffix and item.line >= 1 and item.message

    @given(text=st.text(max_size=300))
    @settings(max_examples=150, deadline=None)
    def test_any_text_with_front_matter_fences(self, text):
        for item in read_records("f.md", ("---\n" + text).encode("utf-8", "surrogatepass")):
            assert isinstance(item, (ImportRecord, RecordError))


class TestMalformedInputIsReportedNotSwallowed:
    def test_unterminated_quote_in_csv_is_an_error_not_a_giant_record(self):
        from analysis.importing import RecordError, read_records

        data = b'text,date,title\n"unterminated,2021-01-02,T2\nPresident C said hi.,2021-01-03,T3\n'
        out = list(read_records("calls.csv", data))
        assert len(out) == 1 and isinstance(out[0], RecordError)
        assert out[0].line == 2 and "malformed CSV" in out[0].message

    def test_a_column_named_twice_is_reported(self):
        from analysis.importing import RecordError, read_records

        out = list(read_records("calls.csv", b"Text,text\nfirst,second\n"))
        assert len(out) == 1 and isinstance(out[0], RecordError) and "twice" in out[0].message

    def test_a_jsonl_key_given_twice_in_two_cases_is_reported(self):
        from analysis.importing import RecordError, read_records

        out = list(read_records("calls.jsonl", b'{"text": "A said hi.", "Date": "2021-01-01", "date": "2021-01-02"}\n'))
        assert len(out) == 1 and isinstance(out[0], RecordError) and "twice" in out[0].message

    def test_an_empty_front_matter_value_is_empty_not_a_list(self):
        from analysis.importing import ImportRecord, read_records

        out = list(read_records("call.md", b"---\ntitle:\ndate: 2021-01-01\n---\nPresident X said hi.\n"))
        assert len(out) == 1 and isinstance(out[0], ImportRecord)
        assert out[0].fields["title"] is None and out[0].fields["date"] == "2021-01-01"
