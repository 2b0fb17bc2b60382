"""AppTest for pages/2_Reciprocity.py: the sample readout, a three-party readout, and a readout it cannot score."""

from __future__ import annotations

from pathlib import Path

import pytest
from plotly_json import figures, values
from streamlit.testing.v1 import AppTest
from synthetic import THREE_PARTIES

from analysis import analyze

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "2_Reciprocity.py")







@pytest.fixture(scope="module")
def sample_page():
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.run()
    return at


class TestSamplePage:
    def test_runs_without_exception_and_says_it_shows_the_sample(self, sample_page):
        assert not sample_page.exception
        assert any("sample readout" in info.value for info in sample_page.info)

    def test_index_metric_carries_the_formula(self, sample_page, sample_analysis):
        (metric,) = sample_page.metric
        value = float(metric.value)
        assert 0 < value < 1
        assert value == pytest.approx(sample_analysis.extras["reciprocity"]["pairs"][0]["index"], abs=0.01)
        assert "min(words A, words B)" in metric.help

    def test_components_chart_shows_the_index_and_four_components(self, sample_page):
        fig = figures(sample_page)[0]
        bars = fig["data"][0]
        assert len(values(bars["x"])) == 5
        assert bars["y"][0] == "Reciprocity index"
        assert "components" in fig["layout"]["title"]["text"]

    def test_acts_chart_diverges_by_direction_in_party_colours(self, sample_page):
        fig = figures(sample_page)[1]
        left, right = fig["data"]
        assert "Xi Jinping → Ebrahim Raisi" in left["name"] and "Ebrahim Raisi → Xi Jinping" in right["name"]
        assert left["marker"]["color"] != right["marker"]["color"]
        left_x = dict(zip(left["y"], values(left["x"])))
        right_x = dict(zip(right["y"], values(right["x"])))
        assert left_x["support"] < 0 < right_x["support"]
        assert right_x["thank"] > 0 and left_x["thank"] == 0

    def test_tables_show_mirrored_support_and_the_echo(self, sample_page):
        frames = [df.value for df in sample_page.dataframe]
        mirrored = next(f for f in frames if "Xi Jinping: sentence" in f.columns)
        assert "support" in set(mirrored["type"])
        echo = next(f for f in frames if "phrase" in f.columns)
        assert "comprehensive strategic partnership" in set(echo["phrase"])

    def test_every_chart_and_table_has_its_download(self, sample_page):
        buttons = sample_page.get("download_button")
        assert len(buttons) >= len(sample_page.get("plotly_chart")) + 6
        assert sample_page.selectbox(key="reciprocity_pair").disabled  # one pair: nothing to choose


class TestThreeParties:
    def test_pair_selector_and_matrix(self, nlp):
        at = AppTest.from_file(PAGE, default_timeout=120)
        at.session_state["analysis"] = analyze(THREE_PARTIES, nlp=nlp)
        at.run()
        assert not at.exception
        selector = at.selectbox(key="reciprocity_pair")
        assert len(selector.options) == 3
        heatmaps = [f for f in figures(at) if f["data"][0]["type"] == "heatmap"]
        assert len(heatmaps) == 1 and len(heatmaps[0]["data"][0]["x"]) == 3
        selector.set_value(2).run()
        assert not at.exception
        acts = figures(at)[2]
        assert "Ravi Mehta → Olivia Grant" in acts["data"][0]["name"]


class TestUnscorable:
    def test_a_readout_with_one_party_gets_a_message_not_a_traceback(self, nlp):
        at = AppTest.from_file(PAGE, default_timeout=120)
        at.session_state["analysis"] = analyze("President Daniel Whitman spoke about the economy today.", nlp=nlp)
        at.run()
        assert not at.exception
        assert any("needs two parties" in info.value for info in at.info)
