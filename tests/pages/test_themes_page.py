"""AppTest for pages/1_Themes.py: charts, the statements behind a bar, downloads, and the taxonomy editor."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from plotly_json import values
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from analysis import analyze, config
from analysis.taxonomy import active_taxonomy, default_taxonomy, reset_taxonomy, taxonomy_to_toml
from analysis.themes import FREQUENCY_COLUMNS

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "1_Themes.py")
XI, RAISI = "Xi Jinping", "Ebrahim Raisi"

# SYNTHETIC readout, invented for this test: its text carries HTML and markdown that must stay text.
HOSTILE = (
    "President Amara Velt of Norland said that <script>alert('x')</script> Norland respects the sovereignty "
    "of Suderia. Velt added that **trade** and [investment](javascript:alert(1)) must grow. "
    "For his part, Prime Minister Oskar Brun said Suderia values its friendship with Norland."
)




@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A private data folder, so the editor's saves touch nothing else."""
    monkeypatch.setattr(config, "DATA_DIR", tmp_path)
    yield tmp_path
    reset_taxonomy()


@pytest.fixture
def downloads(monkeypatch):
    """The bytes of every file the page offers, by file name."""
    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes) and filename:
            files[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return files


def run_page(analysis=None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    if analysis is not None:
        at.session_state["analysis"] = analysis
    return at.run()


def bars(at: AppTest) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


class TestSample:
    def test_renders_with_charts_and_says_it_is_the_sample(self, data_dir):
        at = run_page()
        assert not at.exception
        assert "sample readout" in at.info[0].value
        assert len(at.get("plotly_chart")) >= 3
        spec = bars(at)
        names = [trace["name"] for trace in spec["data"]]
        assert names[:2] == [XI, RAISI]
        assert [trace["marker"]["color"] for trace in spec["data"][:2]] == ["#0072B2", "#D55E00"]
        assert spec["layout"]["yaxis"]["title"]["text"] == "Mentions per 1,000 words"

    def test_csv_has_documented_columns_and_counts_match_statements(self, data_dir, downloads):
        at = run_page()
        table = pd.read_csv(io.BytesIO(downloads["xi-raisi-2021-08-04_themes.csv"]))
        assert list(table.columns) == FREQUENCY_COLUMNS
        result = at.session_state["analysis"]
        assert set(table.speaker) == {XI, RAISI, "joint"}
        touched = table[table.statements > 0]
        for theme in ("partnership", "health_pandemic", "sovereignty", "belt_and_road"):
            assert {XI, RAISI} <= set(touched[touched.theme == theme].speaker)
        for row in touched.itertuples():
            assert row.statements == sum(1 for s in result.statements
                                         if s.speaker == row.speaker and row.theme in s.themes)

    def test_switching_measure_changes_the_bars(self, data_dir):
        at = run_page()
        at.radio(key="themes_metric").set_value("mentions").run()
        spec = bars(at)
        assert spec["layout"]["yaxis"]["title"]["text"] == "Mentions"
        labels = list(spec["data"][1]["x"])
        raisi = values(spec["data"][1]["y"])
        assert raisi[labels.index("Anniversaries and political milestones")] == 5

    def test_selected_bar_lists_its_statements_with_highlights(self, data_dir):
        at = run_page()
        at.selectbox(key="themes_theme").set_value("territorial_issues")
        at.selectbox(key="themes_speaker").set_value(RAISI).run()
        listed = [m.value for m in at.markdown if m.value.startswith("<div><b>")]
        assert len(listed) == 1 and listed[0].startswith("<div><b>15.</b>")
        for term in ("Taiwan", "Xinjiang", "Hong Kong"):
            assert f"<mark>{term}</mark>" in listed[0]
        assert "1 statement(s)" in " ".join(c.value for c in at.caption)

    def test_every_chart_and_table_has_a_download(self, data_dir, downloads):
        at = run_page()
        names = set(downloads)
        assert {"xi-raisi-2021-08-04_themes.csv", "xi-raisi-2021-08-04_themes_distinctive.csv",
                "xi-raisi-2021-08-04_themes_topics.csv", "taxonomy.toml"} <= names
        chart_buttons = [b for b in at.get("download_button") if b.proto.label.startswith("Chart (HTML)")]
        assert len(chart_buttons) == len(at.get("plotly_chart"))


class TestSafety:
    def test_readout_html_and_markdown_stay_text(self, data_dir, nlp):
        at = run_page(analyze(HOSTILE, nlp=nlp))
        assert not at.exception
        at.selectbox(key="themes_theme").set_value("sovereignty").run()
        speaker = at.selectbox(key="themes_speaker").value
        listed = " ".join(m.value for m in at.markdown if m.value.startswith("<div><b>"))
        assert speaker == "Amara Velt" and "<mark>sovereignty</mark>" in listed
        assert "<script>" not in listed and "&#60;script&#62;" in listed
        at.selectbox(key="themes_theme").set_value("economy_trade").run()
        listed = " ".join(m.value for m in at.markdown if m.value.startswith("<div><b>"))
        assert "**" not in listed and "](" not in listed and "<mark>trade</mark>" in listed


class TestSmallReadouts:
    def test_one_sentence_without_parties_explains_instead_of_failing(self, data_dir, nlp):
        at = run_page(analyze("The weather was discussed.", nlp=nlp))
        assert not at.exception
        infos = " ".join(i.value for i in at.info)
        assert "No theme of the taxonomy occurs" in infos
        assert "at least two speakers" in infos and "at least 3 documents" in infos


class TestTaxonomyEditor:
    def test_add_term_persists_and_is_used(self, data_dir):
        at = run_page()
        at.selectbox(key="taxonomy_theme").set_value("energy")
        at.text_input(key="taxonomy_new_term").input("strategic vision")
        at.button(key="taxonomy_add_term").click().run()
        assert not at.exception
        assert "strategic vision" in active_taxonomy().theme("energy").terms
        assert (data_dir / "taxonomy.toml").exists()
        names = [t["name"] for t in bars(at)["data"]]
        labels = set(bars(at)["data"][names.index(RAISI)]["x"])
        assert "Energy" in labels  # Raisi's "strategic vision" now counts for the energy theme

    def test_invalid_upload_changes_nothing(self, data_dir):
        at = run_page()
        at.file_uploader(key="taxonomy_upload").set_value(("bad.toml", b"themes = = nope", "application/toml"))
        at.run()
        assert any("not valid TOML" in e.value for e in at.error)
        assert not (data_dir / "taxonomy.toml").exists()
        assert active_taxonomy() == default_taxonomy()

    def test_valid_upload_then_reset(self, data_dir):
        small = default_taxonomy().without_theme("energy")
        at = run_page()
        at.file_uploader(key="taxonomy_upload").set_value(("t.toml", taxonomy_to_toml(small).encode(),
                                                           "application/toml"))
        at.run()
        at.button(key="taxonomy_use_upload").click().run()
        assert active_taxonomy() == small
        at.button(key="taxonomy_reset").click().run()
        assert not at.exception
        assert active_taxonomy() == default_taxonomy()
        assert not (data_dir / "taxonomy.toml").exists()

    def test_bad_theme_id_shows_error(self, data_dir):
        at = run_page()
        at.text_input(key="taxonomy_new_id").input("Bad Id")
        at.text_input(key="taxonomy_new_label").input("Bad")
        at.text_input(key="taxonomy_new_terms").input("x")
        at.button(key="taxonomy_add_theme").click().run()
        assert any("not valid" in e.value for e in at.error)
        assert active_taxonomy() == default_taxonomy()

    def test_add_topic_as_theme(self, data_dir):
        at = run_page()
        at.button(key="topic_add_0").click().run()
        assert not at.exception
        added = active_taxonomy().themes[-1]
        assert added.id.startswith("topic_") and len(active_taxonomy().themes) == len(default_taxonomy().themes) + 1
