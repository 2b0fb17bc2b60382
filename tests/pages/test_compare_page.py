"""AppTest for pages/5_Compare.py: paste two readouts, or pick a suggested pair from a temporary corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent.parent
PAGE = str(ROOT / "pages" / "5_Compare.py")
PAIRS = ROOT / "tests" / "data" / "compare_pairs.jsonl"


def pair_texts(n: int) -> tuple[dict, str, str]:
    record = json.loads(PAIRS.read_text(encoding="utf-8").splitlines()[n])
    texts = ["\n\n".join(" ".join(s["text"] for s in p) for p in record[k]["paragraphs"]) for k in ("a", "b")]
    return record, texts[0], texts[1]


def html_blocks(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.fixture()
def db(tmp_path, monkeypatch):
    """An empty corpus in a temporary file (never the user's data)."""
    path = tmp_path / "compare.sqlite3"
    monkeypatch.setenv("READOUT_DB", str(path))
    return path


def pasted(text_a: str, text_b: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.run()
    at.radio(key="cmp_source").set_value("Paste two readouts").run()
    at.text_area(key="cmp_text_a").input(text_a)
    at.text_area(key="cmp_text_b").input(text_b)
    return at.run()


def test_paste_two_readouts_aligns_them_side_by_side(db):
    _record, text_a, text_b = pair_texts(0)
    at = pasted(text_a, text_b)
    assert not at.exception and not at.error
    page = html_blocks(at)
    # An aligned pair on one row: the Cold War statements of both readouts in the same <tr>.
    row = next(r for r in page.split("<tr>") if "does not seek a new Cold War" in r)
    assert "is not looking for a new Cold War" in row
    # What only the White House readout reports is highlighted on its side.
    detained = next(r for r in page.split("<tr>") if "wrongfully detained" in r)
    assert "only this readout" in detained and detained.index("<td") < detained.index("wrongfully")
    assert detained.startswith('<td style="width:50%"></td>')
    metrics = {m.label: m.value for m in at.metric}
    assert any(v.startswith("55%") for v in metrics.values()) and any(v.startswith("67%") for v in metrics.values())
    charts = at.get("plotly_chart")
    assert len(charts) == 4
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in charts]
    assert any("Airtime" in t for t in titles) and any("also reports" in t for t in titles)
    keys = {b.key for b in at.get("download_button")}
    assert {"cmp_pairs_csv", "cmp_only_csv", "cmp_json", "cmp_coverage_csv", "cmp_airtime_html"} <= keys


def test_readout_text_is_escaped(db):
    _record, text_a, text_b = pair_texts(1)
    at = pasted(text_a + " <b>Bold claim</b> was <script>alert(1)</script> said.", text_b)
    assert not at.exception
    page = html_blocks(at)
    assert "&lt;b&gt;Bold claim&lt;/b&gt;" in page
    assert "<script>" not in page and "<b>Bold" not in page


def test_bad_input_shows_an_error(db, monkeypatch):
    monkeypatch.setattr("analysis.config.MAX_CHARS", 500)
    _record, text_a, text_b = pair_texts(0)
    at = pasted(text_a * 3, text_b)
    assert not at.exception
    assert at.error and "characters long" in at.error[0].value


def test_waits_for_both_texts(db):
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.run()
    at.radio(key="cmp_source").set_value("Paste two readouts").run()
    assert not at.exception
    assert any("Paste both readouts" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_corpus_suggests_the_pair_with_the_same_date_and_countries(db):
    from analysis.store import Store

    record, text_a, text_b = pair_texts(1)
    with Store(db) as store:
        for key, text in (("a", text_a), ("b", text_b)):
            side = record[key]
            store.add(text, title=side["title"], date=side["date"], publisher=side["publisher"], synthetic=True)
        store.add(pair_texts(0)[1], title="Another call", date="2031-04-09", publisher="Synthetic", synthetic=True)
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.run()
    assert not at.exception and not at.error
    suggestion = at.selectbox(key="cmp_suggested")
    assert len(suggestion.options) == 1
    assert "Telephone conversation" in suggestion.options[0] and "Albers speaks" in suggestion.options[0]
    page = html_blocks(at)
    assert "Zaporizhzhia" in page and "Zaporozhye" in page
    row = next(r for r in page.split("<tr>") if "Zaporozhye" in r)
    assert "Zaporizhzhia" in row
    assert len(at.get("plotly_chart")) == 4
