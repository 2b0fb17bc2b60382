"""Tests for analysis.store: round trips, duplicates, filters, migrations and the analysis cache."""

from __future__ import annotations

import json
import sqlite3

import pytest

from analysis import config
from analysis import store as store_module
from analysis.store import SCHEMA_V1, SCHEMA_VERSION, Store, content_hash, default_db_path

# Synthetic readouts (invented for these tests) between fictional leaders.
VELORIA = (
    "President Anselm Kravik of Veloria held a phone call on Tuesday with President Dong Weiming of Tarsania.\n"
    "Kravik said Veloria stands ready to deepen green energy cooperation with Tarsania.\n"
    "For his part, Dong said Tarsania supports the Corridor Initiative and welcomes Velorian investment."
)
MERIDIA = (
    "Prime Minister Ilse Vantorp of Meridia spoke today with President Anselm Kravik of Veloria.\n"
    "Vantorp said Meridia values the friendship between the two countries.\n"
    "Kravik said the pandemic had shown the need for closer health cooperation."
)


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "corpus.sqlite3") as opened:
        yield opened


class TestAdd:
    def test_round_trip_keeps_every_field(self, store):
        readout_id, created = store.add(
            VELORIA, title="Kravik and Dong", date="2021-03-02", publisher="Velorian News Agency",
            published_by="Veloria", source="synthetic", parties=["Anselm Kravik", "Dong Weiming"],
            meta={"language": "en", "pages": 1}, synthetic=True,
        )
        assert created is True
        got = store.get(readout_id)
        assert (got.id, got.text, got.title, got.date) == (readout_id, VELORIA, "Kravik and Dong", "2021-03-02")
        assert (got.publisher, got.published_by, got.source) == ("Velorian News Agency", "Veloria", "synthetic")
        assert got.parties == ("Anselm Kravik", "Dong Weiming")
        assert got.meta == {"language": "en", "pages": 1}
        assert got.synthetic is True
        assert got.content_hash == content_hash(VELORIA)
        assert got.created_at and got.updated_at
        assert got.analysed is False and got.countries == ()

    def test_same_text_is_a_duplicate(self, store):
        first, created = store.add(VELORIA, title="one")
        again, created_again = store.add("\ufeff" + VELORIA.replace("\n", "\r\n") + "\n\n", title="two")
        assert created and not created_again
        assert again == first
        assert store.count() == 1
        assert store.get(first).title == "one"

    def test_different_text_is_a_new_readout(self, store):
        assert store.add(VELORIA)[0] != store.add(MERIDIA)[0]
        assert store.count() == 2

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"text": "   "}, "empty"),
            ({"text": 42}, "must be text"),
            ({"text": VELORIA, "date": "2021-13-40"}, "real date"),
            ({"text": VELORIA, "date": "4 August 2021"}, "YYYY-MM-DD"),
            ({"text": VELORIA, "title": 7}, "title must be text"),
            ({"text": VELORIA, "parties": [1, 2]}, "parties"),
            ({"text": VELORIA, "meta": ["not", "a", "mapping"]}, "metadata"),
            ({"text": VELORIA, "meta": {"when": object()}}, "JSON"),
        ],
    )
    def test_bad_input_raises_value_error_and_stores_nothing(self, store, kwargs, message):
        text = kwargs.pop("text")
        with pytest.raises(ValueError, match=message):
            store.add(text, **kwargs)
        assert store.count() == 0

    def test_parties_as_comma_separated_text(self, store):
        readout_id, _ = store.add(VELORIA, parties="Anselm Kravik, Dong Weiming")
        assert store.get(readout_id).parties == ("Anselm Kravik", "Dong Weiming")


class TestUpdateAndDelete:
    def test_update_metadata(self, store):
        readout_id, _ = store.add(VELORIA, title="old", date="2020-01-01")
        before = store.get(readout_id)
        after = store.update_metadata(readout_id, title="new", date="2020-02-03", meta={"k": "v"}, synthetic=True)
        assert (after.title, after.date, after.meta, after.synthetic) == ("new", "2020-02-03", {"k": "v"}, True)
        assert after.text == before.text and after.created_at == before.created_at
        assert store.get(readout_id).title == "new"

    def test_update_rejects_unknown_fields_and_bad_values(self, store):
        readout_id, _ = store.add(VELORIA, title="kept")
        with pytest.raises(ValueError, match="Cannot change text"):
            store.update_metadata(readout_id, text="another text")
        with pytest.raises(ValueError, match="real date"):
            store.update_metadata(readout_id, title="changed", date="2020-02-30")
        assert store.get(readout_id).title == "kept"

    def test_missing_ids(self, store):
        for call in (lambda: store.get(99), lambda: store.delete(99), lambda: store.update_metadata(99, title="x")):
            with pytest.raises(ValueError, match="no readout with id 99"):
                call()

    def test_delete_removes_readout_and_its_cached_analysis(self, store, nlp):
        readout_id, _ = store.add(VELORIA)
        store.analysis(readout_id, nlp=nlp)
        store.delete(readout_id)
        assert store.count() == 0
        assert store._conn.execute("SELECT COUNT(*) FROM analyses").fetchone()[0] == 0


class TestSearch:
    @pytest.fixture()
    def filled(self, store):
        store.add(VELORIA, title="Kravik and Dong", date="2021-03-02", published_by="Veloria", synthetic=True)
        store.add(MERIDIA, title="Vantorp and Kravik", date="2019-06-10", published_by="Meridia")
        store.add("Undated synthetic readout: President Dong Weiming of Tarsania spoke with Kravik.", title="Undated")
        return store

    def test_sort_by_date_puts_undated_last(self, filled):
        assert [r.title for r in filled.search(sort="date")] == ["Vantorp and Kravik", "Kravik and Dong", "Undated"]
        assert [r.title for r in filled.search(sort="-date")] == ["Kravik and Dong", "Vantorp and Kravik", "Undated"]
        assert [r.title for r in filled.list(sort="title")] == ["Kravik and Dong", "Undated", "Vantorp and Kravik"]

    def test_query_matches_words_case_insensitively(self, filled):
        assert [r.title for r in filled.search("GREEN energy")] == ["Kravik and Dong"]
        assert [r.title for r in filled.search("pandemic meridia")] == ["Vantorp and Kravik"]
        assert filled.search("100%_literal") == []

    def test_date_range_is_inclusive(self, filled):
        assert [r.title for r in filled.search(date_from="2019-06-10", date_to="2021-03-01")] == ["Vantorp and Kravik"]
        assert filled.count(date_from="2019-01-01") == 2

    def test_country_and_synthetic_filters(self, filled):
        assert [r.title for r in filled.search(country="veloria")] == ["Kravik and Dong"]
        assert [r.title for r in filled.search(synthetic=True)] == ["Kravik and Dong"]
        assert filled.count(synthetic=False) == 2

    def test_bad_sort_and_dates(self, filled):
        with pytest.raises(ValueError, match="Unknown sort"):
            filled.search(sort="colour")
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            filled.search(date_from="yesterday")


class TestAnalysisCache:
    def test_analysis_is_cached_and_countries_become_searchable(self, store, nlp, monkeypatch):
        readout_id, _ = store.add(VELORIA, title="Kravik and Dong", date="2021-03-02")
        first = store.analysis(readout_id, nlp=nlp)
        assert {p.leader for p in first.parties} == {"Anselm Kravik", "Dong Weiming"}
        assert {p.country for p in first.parties} == {"Veloria", "Tarsania"}
        got = store.get(readout_id)
        assert got.analysed and set(got.countries) == {"Veloria", "Tarsania"}
        assert [r.id for r in store.search(country="Tarsania")] == [readout_id]
        assert "Tarsania" in store.countries()

        def no_analysis(*args, **kwargs):
            raise AssertionError("the cached result should have been served")

        monkeypatch.setattr(store_module, "analyze", no_analysis)
        second = store.analysis(readout_id, nlp=nlp)
        assert second.to_dict(lemmas=True) == first.to_dict(lemmas=True)
        assert second.statements[1].lemmas == first.statements[1].lemmas != ()

    def test_metadata_edits_show_in_cached_result(self, store, nlp):
        readout_id, _ = store.add(VELORIA, title="before", date="2021-03-02")
        store.analysis(readout_id, nlp=nlp)
        store.update_metadata(readout_id, title="after", date="2021-03-03")
        result = store.analysis(readout_id, nlp=nlp)
        assert (result.title, result.date) == ("after", "2021-03-03")

    def test_new_analyzer_version_reanalyses(self, store, nlp, monkeypatch):
        readout_id, _ = store.add(VELORIA)
        store.analysis(readout_id, nlp=nlp)
        monkeypatch.setattr(config, "ANALYZER_VERSION", "999.0.0")
        assert store.get(readout_id).analysed is False
        calls = []
        real = store_module.analyze
        monkeypatch.setattr(store_module, "analyze", lambda *a, **k: calls.append(1) or real(*a, **k))
        store.analysis(readout_id, nlp=nlp)
        assert calls == [1]
        assert store.get(readout_id).analysed is True
        assert store.prune_cache() == 1

    def test_version_changes_with_every_write(self, store):
        versions = [store.version()]
        readout_id, _ = store.add(VELORIA)
        versions.append(store.version())
        store.update_metadata(readout_id, title="edited")
        versions.append(store.version())
        store.delete(readout_id)
        versions.append(store.version())
        assert len(set(versions)) == 4
        assert store.version() == versions[-1]  # reading changes nothing

    def test_an_edited_taxonomy_reanalyses(self, store, nlp):
        from analysis.taxonomy import active_taxonomy, reset_taxonomy, save_taxonomy

        readout_id, _ = store.add(VELORIA)
        before = store.analysis(readout_id, nlp=nlp)
        dropped = before.extras["themes"][0]["theme"]
        save_taxonomy(active_taxonomy().without_theme(dropped))
        try:
            assert store.get(readout_id).analysed is False  # the cached themes are stale
            after = store.analysis(readout_id, nlp=nlp)
            assert dropped not in {row["theme"] for row in after.extras["themes"]}
            assert all(dropped not in s.themes for s in after.statements)
        finally:
            reset_taxonomy()

    def test_analyze_all_reports_progress_and_skips_cached(self, store, nlp):
        ids = [store.add(VELORIA)[0], store.add(MERIDIA)[0]]
        store.analysis(ids[0], nlp=nlp)
        seen = []
        report = store.analyze_all(nlp=nlp, progress=lambda done, total: seen.append((done, total)), n_process=1)
        assert (report.analysed, report.cached, report.failed) == (1, 1, [])
        assert seen == [(0, 1), (1, 1)]
        assert all(r.analysed for r in store.list())
        again = store.analyze_all(nlp=nlp, n_process=1)
        assert (again.analysed, again.cached) == (0, 2)

    def test_analyze_all_reports_readouts_it_cannot_analyse(self, store, nlp, monkeypatch):
        good, _ = store.add(VELORIA)
        too_long, _ = store.add(VELORIA + "\nKravik added that the talks were productive.")
        monkeypatch.setattr(config, "MAX_CHARS", len(VELORIA) + 1)
        report = store.analyze_all(nlp=nlp, n_process=1)
        assert report.analysed == 1
        assert [i for i, _ in report.failed] == [too_long]
        assert "limit" in report.failed[0][1]
        assert store.get(good).analysed and not store.get(too_long).analysed

    def test_readouts_with_analyses(self, store, nlp):
        late, _ = store.add(VELORIA, title="late", date="2022-01-01", publisher="VNA")
        early, _ = store.add(MERIDIA, title="early", date="2020-01-01")
        assert store.readouts_with_analyses(analyze_missing=False) == []
        corpus = store.readouts_with_analyses(nlp=nlp)
        assert [c.id for c in corpus] == [early, late]
        assert corpus[1].publisher == "VNA" and corpus[1].date == "2022-01-01"
        assert set(corpus[1].countries) == {"Veloria", "Tarsania"}
        assert {p.leader for p in corpus[0].parties} == {"Ilse Vantorp", "Anselm Kravik"}
        assert corpus[0].analysis.title == "early"
        assert [c.id for c in store.readouts_with_analyses(country="Meridia")] == [early]


class TestTransactionsAndFiles:
    def test_failed_transaction_leaves_nothing(self, store):
        with pytest.raises(RuntimeError):
            with store.transaction() as conn:
                conn.execute(
                    "INSERT INTO readouts (text, content_hash, created_at, updated_at) VALUES ('t', 'h', 'now', 'now')"
                )
                raise RuntimeError("crash midway")
        assert store.count() == 0

    def test_wal_and_foreign_keys(self, store):
        assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.schema_version == SCHEMA_VERSION

    def test_default_path_follows_environment(self, tmp_path, monkeypatch):
        monkeypatch.setenv("READOUT_DB", str(tmp_path / "env.sqlite3"))
        assert default_db_path() == tmp_path / "env.sqlite3"
        with Store() as opened:
            assert opened.path == tmp_path / "env.sqlite3"
        assert (tmp_path / "env.sqlite3").exists()
        monkeypatch.delenv("READOUT_DB")
        monkeypatch.setenv("READOUT_DATA_DIR", str(tmp_path / "data"))
        assert default_db_path() == tmp_path / "data" / "readouts.sqlite3"

    def test_not_a_database(self, tmp_path):
        (tmp_path / "notes.sqlite3").write_text("just some notes, not a database " * 100)
        with pytest.raises(ValueError, match="not a readout database"):
            Store(tmp_path / "notes.sqlite3")

    def test_other_sqlite_file(self, tmp_path):
        conn = sqlite3.connect(tmp_path / "other.sqlite3")
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.commit()
        conn.close()
        with pytest.raises(ValueError, match="not a readout database"):
            Store(tmp_path / "other.sqlite3")

    def test_newer_schema_is_refused(self, tmp_path):
        path = tmp_path / "future.sqlite3"
        Store(path).close()
        conn = sqlite3.connect(path)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.commit()
        conn.close()
        with pytest.raises(ValueError, match="newer version"):
            Store(path)


class TestMigration:
    def test_version_1_file_is_migrated_keeping_readouts(self, tmp_path, nlp):
        path = tmp_path / "old.sqlite3"
        conn = sqlite3.connect(path)
        conn.executescript(SCHEMA_V1)
        conn.execute(
            "INSERT INTO readouts (title, date, publisher, source, text, content_hash, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            ("Old readout", "2019-05-01", "VNA", "a note", VELORIA, content_hash(VELORIA), "2019-05-02T00:00:00+00:00"),
        )
        conn.execute("INSERT INTO analysis_cache VALUES (?, ?)", (content_hash(VELORIA), json.dumps({"stale": 1})))
        conn.execute("PRAGMA user_version = 1")
        conn.commit()
        conn.close()

        with Store(path) as migrated:
            assert migrated.schema_version == SCHEMA_VERSION
            [old] = migrated.list()
            assert (old.title, old.date, old.publisher, old.source, old.text) == (
                "Old readout", "2019-05-01", "VNA", "a note", VELORIA)
            assert (old.parties, old.meta, old.synthetic, old.published_by) == ((), {}, False, None)
            assert old.updated_at == old.created_at == "2019-05-02T00:00:00+00:00"
            assert old.analysed is False  # the unversioned cache is not trusted
            tables = {r[0] for r in migrated._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            assert "analysis_cache" not in tables and "analyses" in tables
            assert migrated.add(VELORIA) == (old.id, False)
            assert migrated.add(MERIDIA, meta={"new": True})[1] is True
            assert migrated.analysis(old.id, nlp=nlp).statements

        with Store(path) as reopened:  # opening again does not migrate twice
            assert reopened.count() == 2

    def test_failed_migration_leaves_the_old_file_untouched(self, tmp_path, monkeypatch):
        path = tmp_path / "old.sqlite3"
        conn = sqlite3.connect(path)
        conn.executescript(SCHEMA_V1)
        conn.execute("INSERT INTO readouts (text, content_hash, created_at) VALUES ('t', 'h', 'now')")
        conn.execute("PRAGMA user_version = 1")
        conn.commit()
        conn.close()

        def broken(conn):
            conn.execute("ALTER TABLE readouts ADD COLUMN published_by TEXT")
            raise RuntimeError("power cut")

        monkeypatch.setitem(store_module.MIGRATIONS, 1, broken)
        with pytest.raises(RuntimeError):
            Store(path)
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        columns = [r[1] for r in conn.execute("PRAGMA table_info(readouts)")]
        assert "published_by" not in columns
        assert conn.execute("SELECT COUNT(*) FROM readouts").fetchone()[0] == 1
        conn.close()
