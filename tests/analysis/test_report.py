"""Tests for analysis.report: the self-contained HTML report and the ZIP of charts and tables."""

from __future__ import annotations

import datetime as dt
import html.parser
import io
import zipfile

import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs

from analysis import config
from analysis.report import (
    STATEMENT_COLUMNS,
    ReportChart,
    ReportTable,
    charts_zip,
    readout_tables,
    report_html,
    statements_frame,
)
from analysis.summary import readout_summary


@pytest.fixture(scope="module")
def charts() -> list[ReportChart]:
    words = go.Figure(go.Bar(x=[300, 180], y=["Xi Jinping", "Ebrahim Raisi"], orientation="h"))
    words.update_layout(title="Words per speaker")
    themes = go.Figure(go.Bar(x=["sovereignty"], y=[15.7]))
    themes.update_layout(title="Themes each side stressed")
    return [ReportChart("words", "Words per speaker", words, "Words of each side."),
            ReportChart("themes", "Themes", themes)]


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


class TestReportHtml:
    def test_holds_summary_statements_charts_tables_and_version(self, sample_analysis, charts):
        page = report_html(sample_analysis, charts=charts, generated=dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC))
        summary = readout_summary(sample_analysis)
        assert summary.headline in page
        assert "Raisi answered Xi&#x27;s support on sovereignty with support on Taiwan, Xinjiang and Hong Kong." in page
        for statement in sample_analysis.statements:
            assert statement.text.replace("&", "&amp;").replace("'", "&#x27;").replace('"', "&quot;") in page
        assert page.count('class="chart"') == 2 and "Words of each side." in page
        assert "Date of the call: 2021-08-04" in page and f"Analyzer version {config.ANALYZER_VERSION}" in page
        assert "Report made 2024-01-02 03:04 UTC" in page
        assert "How the index is made." in page and "<table" in page

    def test_plotly_js_is_inlined_once_and_nothing_is_fetched(self, sample_analysis, charts):
        page = report_html(sample_analysis, charts=charts)
        assert page.count(get_plotlyjs()[:200]) == 1
        assert "<script src=" not in page and '<link rel="stylesheet" href="http' not in page
        assert page.count("Plotly.newPlot") == len(charts)

    def test_readout_text_is_escaped(self, sample_analysis, charts):
        import copy

        evil = copy.deepcopy(sample_analysis)
        evil.title = "<script>alert('title')</script>"
        evil.statements[0].text = "<img src=x onerror=alert(1)> Xi said so."
        page = report_html(evil, charts=charts)
        assert "<img src=x" not in page and "<script>alert(" not in page
        assert "&lt;img src=x onerror=alert(1)&gt; Xi said so." in page
        parser = _Text()
        parser.feed(page)
        assert "img" not in parser.tags

    def test_without_extras(self, sample_analysis):
        import copy

        bare = copy.deepcopy(sample_analysis)
        bare.extras.clear()
        for statement in bare.statements:
            statement.themes = {}
        page = report_html(bare, charts=[])
        assert "Reciprocity was not computed for this readout." in page
        assert [t.key for t in readout_tables(bare)] == ["statements", "airtime"]


class TestTables:
    def test_statements_frame(self, sample_analysis):
        frame = statements_frame(sample_analysis)
        assert list(frame.columns) == STATEMENT_COLUMNS
        assert len(frame) == len(sample_analysis.statements)
        assert set(frame["speaker"]) <= {"Xi Jinping", "Ebrahim Raisi", "joint", "narration"}

    def test_reciprocity_tables_when_present(self, sample_analysis):
        keys = [t.key for t in readout_tables(sample_analysis)]
        assert keys[:3] == ["statements", "airtime", "top-themes"]
        assert "reciprocity-index" in keys and "acts" in keys and "mirrored-acts" in keys


class TestChartsZip:
    def test_images_and_csvs_named_by_stem(self, charts):
        calls = []

        def render(fig, fmt):
            calls.append(fmt)
            return b"\x89PNG\r\n\x1a\nfake" if fmt == "png" else b"<svg xmlns='http://www.w3.org/2000/svg'/>"

        table = ReportTable("statements", "Statements", pd.DataFrame({"index": [0], "text": ["Xi said."]}))
        data = charts_zip(charts, [table], stem="xi-raisi-2021-08-04", render=render, report="<html></html>")
        names = sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())
        assert names == sorted(["xi-raisi-2021-08-04_words.png", "xi-raisi-2021-08-04_words.svg",
                                "xi-raisi-2021-08-04_themes.png", "xi-raisi-2021-08-04_themes.svg",
                                "xi-raisi-2021-08-04_statements.csv", "xi-raisi-2021-08-04_report.html"])
        assert calls.count("png") == 2 and calls.count("svg") == 2
        csv = zipfile.ZipFile(io.BytesIO(data)).read("xi-raisi-2021-08-04_statements.csv").decode()
        assert csv.splitlines() == ["index,text", "0,Xi said."]

    def test_without_renderer_only_tables(self, charts):
        table = ReportTable("airtime", "Airtime", pd.DataFrame({"speaker": ["a"], "words": [1]}))
        data = charts_zip(charts, [table], stem="s", render=None)
        assert zipfile.ZipFile(io.BytesIO(data)).namelist() == ["s_airtime.csv"]
