"""AppTest for pages/4_Corpus.py on a fresh temporary store per test (seeded by the page)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.seed import corpus_files
from analysis.store import Store

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "4_Corpus.py")
SEEDED = len(corpus_files()) + 1


@pytest.fixture(autouse=True)
def db(tmp_path, monkeypatch):
    path = tmp_path / "readouts.sqlite3"
    monkeypatch.setenv("READOUT_DB", str(path))
    return path


def _run(at: AppTest | None = None) -> AppTest:
    at = (at or AppTest.from_file(PAGE, default_timeout=120)).run()
    assert not at.exception, at.exception
    return at


def _rows(at: AppTest):
    return at.dataframe[0].value  # the list of readouts comes first


def test_seeds_the_temporary_store_and_lists_it(db):
    at = _run()
    assert db.exists()
    table = _rows(at)
    assert len(table) == SEEDED
    assert table["synthetic"].sum() == SEEDED - 1
    assert table["date"].iloc[0] == "2025-06-18"  # newest call first
    assert f"{SEEDED} of {SEEDED} readouts" in at.markdown[0].value
    assert "Kaldora" in at.selectbox(key="corpus_country").options
    assert at.info[0].value.startswith("Synthetic readout")  # the newest one is synthetic


def test_search_country_date_and_sort(db):
    at = _run()
    at.text_input(key="corpus_query").input("Belankov").run()
    assert _rows(at)["date"].tolist() == ["2023-03-21", "2020-06-11"]
    at.selectbox(key="corpus_sort").select("date").run()
    assert _rows(at)["date"].tolist() == ["2020-06-11", "2023-03-21"]
    at.text_input(key="corpus_query").input("").run()
    at.selectbox(key="corpus_country").select("Meridia").run()  # the publishing side, before any analysis
    assert set(_rows(at)["published_by"]) == {"Meridia"}
    import datetime as dt

    at.selectbox(key="corpus_country").select("(any)").run()
    at.date_input(key="corpus_from").set_value(dt.date(2024, 1, 1)).run()
    # Two readouts of the 2024-05-09 meeting: one by each side.
    assert sorted(_rows(at)["date"]) == ["2024-05-09", "2024-05-09", "2024-12-03", "2025-06-18"]
    at.date_input(key="corpus_to").set_value(dt.date(2024, 6, 30)).run()
    assert _rows(at)["date"].tolist() == ["2024-05-09", "2024-05-09"]


def test_upload_mixed_good_and_bad_files(db):
    at = _run()
    good = json.dumps({"text": "President Anselm Kravik of Veloria called Ilse Vantorp of Meridia. Synthetic.",
                       "date": "2026-02-03", "title": "Uploaded synthetic call"})
    at.file_uploader(key="corpus_upload").set_value([
        ("calls.jsonl", (good + "\n{broken\n").encode(), "application/jsonl"),
        ("notes.txt", b"\xff\xfe\x00\x00binary", "text/plain"),
    ]).run()
    at.button(key="corpus_import").click().run()
    assert not at.exception
    assert at.warning[0].value == "1 added, 0 duplicates (already stored), 2 bad records skipped"
    errors = at.dataframe[1].value  # the report under the upload
    assert errors[["file", "line"]].values.tolist() == [["calls.jsonl", 2], ["notes.txt", 1]]
    assert "malformed JSON" in errors["message"].iloc[0]
    assert len(_rows(at)) == SEEDED + 1 and _rows(at)["title"].iloc[0] == "Uploaded synthetic call"


def test_analyse_all_then_filter_by_party_country_and_export(db):
    at = _run()
    at.button(key="corpus_analyse_all").click().run()
    assert at.success[0].value == f"{SEEDED} analysed, 0 were already analysed."
    assert _rows(at)["analysed"].all()
    at.selectbox(key="corpus_country").select("Kaldora").run()
    assert len(_rows(at)) == 2 and all("Kaldora" in c for c in _rows(at)["countries"])
    at.checkbox(key="corpus_with_analysis").check().run()
    at.button(key="corpus_prepare").click().run()
    fmt, data = at.session_state["corpus_export"]
    records = [json.loads(line) for line in data.decode().splitlines()]
    assert fmt == "jsonl" and len(records) == 2
    assert all("Kaldora" in {p["country"] for p in r["analysis"]["parties"]} for r in records)
    assert at.get("download_button")


def test_open_as_current_readout(db):
    at = _run()
    at.text_input(key="corpus_query").input("Raisi").run()
    at.button(key="corpus_open").click().run()
    result = at.session_state["analysis"]
    assert result.title.startswith("Xi Jinping holds phone talks") and result.date == "2021-08-04"
    assert [p.country for p in result.parties] == ["China", "Iran"]
    assert not at.info  # the real sample is not synthetic
    assert not any("Synthetic" in w for w in result.warnings)


def test_open_synthetic_readout_carries_the_mark(db):
    at = _run()
    at.button(key="corpus_open").click().run()  # the newest readout, synthetic
    result = at.session_state["analysis"]
    assert result.date == "2025-06-18" and result.warnings[0].startswith("Synthetic readout")
    with Store(db) as store:  # the note is not written into the cache
        assert not any("Synthetic" in w for w in store.analysis(store.search(limit=1)[0].id).warnings)


def _field(at: AppTest, label: str):
    return next(t for t in at.text_input if t.label == label)


def _save(at: AppTest) -> None:
    next(b for b in at.button if b.label == "Save").click().run()
    assert not at.exception, at.exception


def test_edit_metadata(db):
    at = _run()
    chosen = at.selectbox(key="corpus_chosen").value
    _field(at, "Title").input("Edited title")  # fields in a form wait for Save
    _save(at)
    with Store(db) as store:
        assert store.get(chosen).title == "Edited title"
    assert _rows(at)["title"].iloc[0] == "Edited title"
    _field(at, "Date (YYYY-MM-DD)").input("tomorrow")
    _save(at)
    assert "YYYY-MM-DD" in at.error[0].value
    with Store(db) as store:
        assert store.get(chosen).date == "2025-06-18"


def test_delete_asks_first(db):
    at = _run()
    chosen = at.selectbox(key="corpus_chosen").value
    at.button(key="corpus_delete").click().run()
    assert "for good" in at.warning[0].value
    at.button(key="corpus_delete_no").click().run()
    assert len(_rows(at)) == SEEDED and not at.warning
    at.button(key="corpus_delete").click().run()
    at.button(key="corpus_delete_yes").click().run()
    assert len(_rows(at)) == SEEDED - 1 and chosen not in _rows(at)["id"].tolist()


def test_readout_text_is_never_rendered_as_html(db):
    with Store(db) as store:
        from analysis.seed import seed_if_empty

        seed_if_empty(store)
        store.add("<script>alert(1)</script> President Anselm Kravik of Veloria spoke. **bold**",
                  title="<img src=x onerror=alert(1)>", date="2030-01-01")
    at = _run()
    assert at.text_area(key=f"corpus_text_{SEEDED + 1}").value.startswith("<script>")
    shown = [m.value for m in at.markdown] + [w.value for w in at.warning] + [i.value for i in at.info]
    assert not any("<script>" in s or "<img" in s for s in shown)
