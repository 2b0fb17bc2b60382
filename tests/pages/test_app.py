"""AppTest for app.py, the readout page: inputs, the analysis shown, and the bytes behind every download button."""

from __future__ import annotations

import http.server
import io
import json
import socket
import threading
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from apptest_media import recording_media
from streamlit.testing.v1 import AppTest

from analysis.report import STATEMENT_COLUMNS
from ui.export import find_browser

APP = str(Path(__file__).resolve().parents[2] / "app.py")

# SYNTHETIC readout, invented for this test (two fictional leaders).
SYNTHETIC = (
    "President Anna Lindqvist of Nordmark spoke by telephone on Tuesday with President Tomas Okafor of Verania.\n"
    "Lindqvist said Nordmark values its partnership with Verania and stands ready to deepen cooperation on "
    "renewable energy and trade.\n"
    "For his part, Okafor thanked Lindqvist for Nordmark's support during the floods and said Verania supports "
    "closer cooperation on climate change.\n"
    "The two leaders agreed to meet in person next year."
)


def _labels(at: AppTest) -> list[str]:
    return [b.label for b in at.get("download_button")]


def _button(at: AppTest, key: str):
    (found,) = [b for b in at.get("download_button") if b.proto.id.endswith(key) or key in b.proto.id]
    return found


@pytest.fixture(scope="module")
def analysed():
    """The app with the sample loaded and analysed, and a recorder for its download files."""
    with pytest.MonkeyPatch.context() as mp:
        with recording_media(mp) as media:
            at = AppTest.from_file(APP, default_timeout=180)
            at.run()
            at.button(key="load_sample").click().run()
            at.button(key="analyze").click().run()
            yield at, media


class TestFirstVisit:
    def test_runs_and_shows_the_size_limit_before_any_input(self):
        at = AppTest.from_file(APP, default_timeout=120).run()
        assert not at.exception
        from analysis import config

        assert any(f"0 of {config.MAX_CHARS:,} characters" in c.value for c in at.caption)
        assert at.text_area(key="readout_text").proto.max_chars == config.MAX_CHARS
        assert not at.get("plotly_chart")

    def test_empty_text_gives_a_clear_error(self):
        at = AppTest.from_file(APP, default_timeout=120).run()
        at.button(key="analyze").click().run()
        assert not at.exception
        assert any("empty" in e.value for e in at.error)


class TestSampleAnalysed:
    def test_no_exception_and_sample_loaded(self, analysed, sample):
        at, _ = analysed
        assert not at.exception
        assert at.text_area(key="readout_text").value == sample.text
        assert at.session_state["analysis"].date == sample.date

    def test_summary_parties_and_statements(self, analysed, sample_analysis):
        at, _ = analysed
        shown = "\n".join(m.value for m in at.markdown)
        assert "Raisi answered Xi's support on sovereignty with support on Taiwan, Xinjiang and Hong Kong" in \
            shown.replace("\\", "")
        assert "Xi Jinping</b>" in shown and "Ebrahim Raisi</b>" in shown
        for statement in sample_analysis.statements[:5]:
            assert statement.text.replace("'", "&#x27;").replace('"', "&quot;") in shown
        assert "[pointed out]" in shown or "[said]" in shown

    def test_charts_show_the_figures(self, analysed, sample_analysis):
        at, _ = analysed
        specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
        titles = [s["layout"]["title"]["text"] for s in specs]
        assert titles[:3] == ["Words per speaker", "Themes each side stressed", "Reciprocity index and its parts"]
        assert "Where the keywords fall in this readout" in titles
        words = specs[0]["data"][0]["y"]
        assert words[:2] == ["Xi Jinping", "Ebrahim Raisi"]
        config = json.loads(at.get("plotly_chart")[0].proto.config)
        assert config["toImageButtonOptions"] == {"format": "png", "scale": 3}

    def test_statements_csv_has_the_documented_columns(self, analysed, sample_analysis):
        at, media = analysed
        data = media.download(_button(at, "statements_csv"))
        frame = pd.read_csv(io.BytesIO(data))
        assert list(frame.columns) == STATEMENT_COLUMNS
        assert len(frame) == len(sample_analysis.statements)

    def test_chart_html_is_offline_interactive(self, analysed):
        at, media = analysed
        page = media.download(_button(at, "readout_words_html")).decode("utf-8")
        assert "Words per speaker" in page and "Plotly.newPlot" in page and "<script src=" not in page

    def test_chart_png_and_svg(self, analysed):
        if find_browser() is None:
            pytest.fail("No Chromium: the PNG/SVG buttons cannot be tested (install Debian's chromium).")
        at, media = analysed
        png = media.download(_button(at, "readout_words_png"))
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        svg = media.download(_button(at, "readout_themes_svg"))
        assert ET.fromstring(svg).tag.endswith("svg")
        assert media.file(_button(at, "readout_words_png"))[0] == "xi-raisi-2021-08-04_words.png"
        assert media.file(_button(at, "readout_themes_svg"))[0] == "xi-raisi-2021-08-04_themes.svg"

    def test_report_and_zip(self, analysed):
        at, media = analysed
        report = media.download(_button(at, "report_html")).decode("utf-8")
        assert "Raisi answered Xi&#x27;s support on sovereignty" in report
        assert report.count('class="chart"') >= 4
        archive = zipfile.ZipFile(io.BytesIO(media.download(_button(at, "report_zip"))))
        names = set(archive.namelist())
        assert "xi-raisi-2021-08-04_statements.csv" in names and "xi-raisi-2021-08-04_report.html" in names
        if find_browser() is not None:
            assert "xi-raisi-2021-08-04_words.png" in names and "xi-raisi-2021-08-04_words.svg" in names
            assert archive.read("xi-raisi-2021-08-04_words.png")[:4] == b"\x89PNG"


class TestInputs:
    def test_upload_docx(self):
        import docx

        document = docx.Document()
        for line in SYNTHETIC.split("\n"):
            document.add_paragraph(line)
        buffer = io.BytesIO()
        document.save(buffer)
        at = AppTest.from_file(APP, default_timeout=120).run()
        at.get("file_uploader")[0].set_value(("call.docx", buffer.getvalue(),
                                              "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
        at.run()
        assert not at.exception
        assert at.text_area(key="readout_text").value == SYNTHETIC
        assert any("Read call.docx" in s.value for s in at.success)

    def test_bad_upload_is_an_error_not_a_traceback(self):
        at = AppTest.from_file(APP, default_timeout=120).run()
        at.get("file_uploader")[0].set_value(("call.pdf", b"%PDF-1.4 broken", "application/pdf"))
        at.run()
        assert not at.exception
        assert any("PDF" in e.value for e in at.error)

    def test_url_on_loopback(self):
        body = ("<html><body><nav>MENU</nav><article>" + "".join(f"<p>{p}</p>" for p in SYNTHETIC.split("\n"))
                + "</article></body></html>").encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            at = AppTest.from_file(APP, default_timeout=120).run()
            at.text_input(key="url").set_value(f"http://127.0.0.1:{port}/readout.html")
            at.button(key="fetch").click().run()
        finally:
            server.shutdown()
            server.server_close()
        assert not at.exception
        text = at.text_area(key="readout_text").value
        assert "Lindqvist said Nordmark values its partnership" in text and "MENU" not in text

    def test_synthetic_readout_parties_corrected_and_saved(self, tmp_path, monkeypatch):
        monkeypatch.setenv("READOUT_DB", str(tmp_path / "readouts.sqlite3"))  # a corpus of this test's own
        at = AppTest.from_file(APP, default_timeout=180).run()
        at.text_area(key="readout_text").set_value(SYNTHETIC)
        at.button(key="analyze").click().run()
        assert not at.exception
        leaders = [p.leader for p in at.session_state["analysis"].parties]
        assert any("Lindqvist" in name for name in leaders)
        at.text_input(key="party_fix").set_value("Anna Lindqvist, Tomas Okafor")
        at.button(key="fix_parties").click().run()
        assert not at.exception
        assert at.text_input(key="readout_parties").value == "Anna Lindqvist, Tomas Okafor"
        assert [p.leader for p in at.session_state["analysis"].parties] == ["Anna Lindqvist", "Tomas Okafor"]
        at.button(key="save").click().run()
        assert any("Saved to the corpus as readout #" in s.value or "already in the corpus" in s.value
                   for s in at.success)
        from analysis.store import Store

        with Store() as store:
            assert any(r.text == SYNTHETIC for r in store.search(limit=1000))
        at.button(key="save").click().run()
        assert any("already in the corpus" in s.value for s in at.success)


def test_cached_analysis_follows_the_taxonomy(sample):
    """An edited taxonomy gives a new analysis, not the one cached before the edit."""
    from analysis.taxonomy import active_taxonomy, reset_taxonomy, save_taxonomy
    from ui.pipeline import cached_analysis

    before = cached_analysis(sample.text)
    assert "partnership" in {row["theme"] for row in before.extras["themes"]}
    save_taxonomy(active_taxonomy().without_theme("partnership"))
    try:
        after = cached_analysis(sample.text)
        assert "partnership" not in {row["theme"] for row in after.extras["themes"]}
    finally:
        reset_taxonomy()
