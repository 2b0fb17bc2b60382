"""AppTest for pages/3_Keyword_Timeline.py on the seeded corpus in a temporary store."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "3_Keyword_Timeline.py")


@pytest.fixture(scope="module", autouse=True)
def temp_store(tmp_path_factory):
    """A fresh store file for this module: the page seeds it with the shipped corpus on first run."""
    saved = os.environ.get("READOUT_DB")
    os.environ["READOUT_DB"] = str(tmp_path_factory.mktemp("timeline-page") / "readouts.sqlite3")
    yield Path(os.environ["READOUT_DB"])
    if saved is None:
        os.environ.pop("READOUT_DB", None)
    else:
        os.environ["READOUT_DB"] = saved


def _run() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=180).run()
    assert not at.exception, at.exception
    return at


def _spec(at: AppTest, i: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[i].proto.spec)


def test_seeded_corpus_draws_suggested_keywords(temp_store):
    at = _run()
    assert temp_store.exists()  # the page seeded the temporary store, not the user's
    suggested = at.multiselect(key="tl_suggested")
    assert len(suggested.options) >= 10 and suggested.value == suggested.options[:2]
    assert not {"the", "say", "president"} & set(suggested.options)
    timeline, positions = _spec(at, 0), _spec(at, 1)
    assert [t["name"] for t in timeline["data"]] == suggested.value
    assert timeline["layout"]["yaxis"]["title"]["text"] == "Mentions per 1,000 words"
    assert len(at.get("plotly_chart")) == 2 and at.subheader[-1].value == "Within the current readout"
    assert positions["layout"]["xaxis"]["title"]["text"] == "Statement (in text order)"


def test_typed_phrase_per_readout_with_hover_titles():
    at = _run()
    at.text_input(key="tl_typed").input("Corridor Initiative").run()
    at.selectbox(key="tl_by").select("readout").run()
    assert not at.exception and not at.error
    trace = next(t for t in _spec(at)["data"] if t["name"] == "Corridor Initiative")
    assert len(trace["customdata"]) >= 14  # one point per dated readout of the seeded corpus
    assert any("Corridor Initiative · all: 5 mention(s)" in h for h in trace["hovertext"])
    assert all(h.startswith("<b>") and "</b><br>20" in h for h in trace["hovertext"])  # names each readout


def test_click_on_a_point_lists_its_sentences():
    at = _run()
    at.multiselect(key="tl_suggested").set_value([]).run()
    at.text_input(key="tl_typed").input("Corridor Initiative").run()
    at.selectbox(key="tl_by").select("readout").run()
    trace = _spec(at)["data"][0]
    hit = next(c for c, h in zip(trace["customdata"], trace["hovertext"]) if ": 5 mention(s)" in h)
    at.session_state["tl_chart"] = {"selection": {"points": [{"customdata": hit}]}}  # as a browser click sends
    at.run()
    assert not at.exception
    assert at.selectbox(key="tl_readout").value == int(hit[1])
    kwic = at.dataframe[0].value
    assert len(kwic) == 5 and set(kwic["readout_id"]) == {int(hit[1])}
    assert set(kwic["match"].str.lower()) == {"corridor initiative"}


def test_readout_picked_by_selectbox_and_pair_filter():
    at = _run()
    at.text_input(key="tl_typed").input("Corridor Initiative").run()
    countries = at.selectbox(key="tl_country_a").options
    assert "Tarsania" in countries and "Veloria" in countries
    at.selectbox(key="tl_country_a").select("Tarsania").run()
    at.selectbox(key="tl_country_b").select("Veloria").run()
    at.selectbox(key="tl_by").select("readout").run()
    assert not at.exception
    labels = at.selectbox(key="tl_readout").options
    assert 1 < len(labels) - 1 < 14  # fewer readouts than the whole corpus, all between the pair
    points = _spec(at)["data"][-1]["customdata"]
    assert len(points) == len(labels) - 1
    at.selectbox(key="tl_readout").select_index(1).run()
    assert not at.exception and (at.dataframe or at.info)


def test_bad_keyword_shows_an_error():
    at = _run()
    at.text_input(key="tl_typed").input("!!!").run()
    assert not at.exception
    assert any("has no word in it" in e.value for e in at.error)


def test_per_country_by_quarter():
    at = _run()
    at.multiselect(key="tl_suggested").set_value([]).run()
    at.text_input(key="tl_typed").input("Corridor Initiative").run()
    at.selectbox(key="tl_per").select("country").run()
    at.selectbox(key="tl_by").select("quarter").run()
    assert not at.exception
    traces = _spec(at)["data"]
    names = {t["name"] for t in traces}
    assert "Corridor Initiative · Tarsania" in names and "Corridor Initiative · joint" in names
    tarsania = next(t for t in traces if t["name"] == "Corridor Initiative · Tarsania")
    assert all("readout(s)" in h for h in tarsania["hovertext"])


def test_click_on_a_year_lists_every_readout_of_that_year():
    at = _run()
    at.multiselect(key="tl_suggested").set_value([]).run()
    at.text_input(key="tl_typed").input("Corridor Initiative").run()
    assert at.selectbox(key="tl_by").value == "year"
    trace = _spec(at)["data"][0]
    year = next(i for i, h in enumerate(trace["hovertext"]) if "2 readout(s)" in h and ": 0 mention" not in h)
    at.session_state["tl_chart"] = {"selection": {"points": [{"customdata": trace["customdata"][year]}]}}
    at.run()
    assert not at.exception and at.selectbox(key="tl_readout").value is None
    kwic = at.dataframe[0].value
    assert kwic["date"].str.startswith(trace["customdata"][year][0]).all()
    assert kwic["readout_id"].nunique() >= 1 and set(kwic["match"].str.lower()) == {"corridor initiative"}
