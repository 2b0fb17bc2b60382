"""Tests for analysis.themes: lemma phrase matching, the enricher, theme_frequencies and highlighting."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import ReadoutAnalysis, analyze, config
from analysis.taxonomy import Taxonomy, Theme, default_taxonomy, reset_taxonomy, save_taxonomy
from analysis.themes import (
    FREQUENCY_COLUMNS,
    ROW_KEYS,
    highlight_segments,
    tag_themes,
    theme_frequencies,
    theme_matcher,
    theme_mentions,
    theme_statements,
)

XI, RAISI = "Xi Jinping", "Ebrahim Raisi"

SMALL = Taxonomy((
    Theme("sovereignty", "Sovereignty", "", ("core interests", "external interference")),
    Theme("bri", "Belt and Road", "", ("Belt and Road", "Belt and Road Initiative")),
    Theme("health", "Health", "", ("pandemic", "COVID-19", "people's well-being")),
))

# Synthetic readout (invented for these tests).
SYNTHETIC = (
    "President Amara Velt of Norland said that the two countries share CORE INTEREST in peace. "
    "Velt added that the belt-and-road plan and the Belt and Road Initiative help trade. "
    "For his part, Prime Minister Oskar Brun said Suderia opposes External Interferences. "
    "The two leaders agreed to fight pandemics together."
)


@pytest.fixture(scope="module")
def sample_default(sample_analysis):
    return tag_themes(sample_analysis, default_taxonomy())


def _themes_of(result: ReadoutAnalysis, speaker: str) -> set[str]:
    return {t for s in result.statements if s.speaker == speaker for t in s.themes}


class TestMatching:
    @pytest.mark.parametrize(
        ("lemmas_text", "theme", "term"),
        [
            ("they share core interests", "sovereignty", "core interests"),   # plural in text
            ("CORE INTEREST matters", "sovereignty", "core interests"),       # case and singular
            ("oppose External Interferences", "sovereignty", "external interference"),
            ("the belt and road plan", "bri", "Belt and Road"),             # lower case phrase
            ("the Belt-and-Road plan", "bri", "Belt and Road"),             # hyphens are punctuation
            ("two pandemics", "health", "pandemic"),
            ("the people's well-being", "health", "people's well-being"),
        ],
    )
    def test_lemma_phrase_case_plural(self, nlp, lemmas_text, theme, term):
        doc = nlp(lemmas_text)
        lemmas = [t.lemma_.lower() for t in doc if not t.is_punct and not t.is_space]
        found = theme_matcher(SMALL, nlp).match(lemmas)
        assert (theme, term) in {(m[2], m[3]) for m in found}

    def test_longest_match_wins_within_theme(self, nlp):
        doc = nlp("China's Belt and Road Initiative brims with vision.")
        lemmas = [t.lemma_.lower() for t in doc if not t.is_punct and not t.is_space]
        found = theme_matcher(SMALL, nlp).match(lemmas)
        assert [(m[2], m[3]) for m in found] == [("bri", "Belt and Road Initiative")]

    def test_no_partial_word_match(self, nlp):
        doc = nlp("The pandemical import of Coreinterests is not a theme.")
        lemmas = [t.lemma_.lower() for t in doc if not t.is_punct and not t.is_space]
        assert theme_matcher(SMALL, nlp).match(lemmas) == []

    def test_matcher_is_cached_per_taxonomy(self, nlp):
        assert theme_matcher(SMALL, nlp) is theme_matcher(SMALL, nlp)
        other = SMALL.with_term("health", "vaccine")
        assert theme_matcher(other, nlp) is not theme_matcher(SMALL, nlp)


class TestSampleReadout:
    def test_expected_themes_per_speaker(self, sample_default):
        both = {"partnership", "health_pandemic", "sovereignty", "belt_and_road"}
        assert both <= _themes_of(sample_default, XI)
        assert both <= _themes_of(sample_default, RAISI)
        assert "nuclear_arms_control" in _themes_of(sample_default, XI)
        assert {"territorial_issues", "milestones"} <= _themes_of(sample_default, RAISI)

    def test_raisi_sovereignty_through_external_interference(self, sample_default):
        raisi = [s for s in sample_default.statements if s.speaker == RAISI and "sovereignty" in s.themes]
        assert [s.themes["sovereignty"] for s in raisi] == [["external interference"]]

    def test_territorial_terms(self, sample_default):
        terms = [t for s in sample_default.statements if s.speaker == RAISI
                 for t in s.themes.get("territorial_issues", [])]
        assert terms == ["Taiwan", "Xinjiang", "Hong Kong"]

    def test_table_counts_equal_statements_behind_each_bar(self, sample_default):
        table = theme_frequencies(sample_default, taxonomy=default_taxonomy())
        assert list(table.columns) == FREQUENCY_COLUMNS
        assert set(table["speaker"]) == {XI, RAISI, "joint"}
        assert len(table) == 3 * len(default_taxonomy().themes)
        for row in table.itertuples():
            behind = theme_statements(sample_default, row.theme, row.speaker)
            assert row.statements == len(behind)
            assert row.mentions == sum(len(s.themes[row.theme]) for s in behind)

    def test_rates_and_shares(self, sample_default):
        table = theme_frequencies(sample_default, taxonomy=default_taxonomy())
        for speaker in (XI, RAISI):
            own = [s for s in sample_default.statements if s.speaker == speaker]
            words = sum(s.words for s in own)
            row = table[(table.speaker == speaker) & (table.theme == "partnership")].iloc[0]
            assert row.words == words and row.speaker_statements == len(own)
            assert row.per_1k_words == pytest.approx(1000 * row.mentions / words)
            assert row.share == pytest.approx(row.statements / len(own))
            assert 0 < row.share <= 1

    def test_to_dict_has_themes_rows_and_statement_themes(self, sample_default):
        data = json.loads(json.dumps(sample_default.to_dict()))
        assert data["themes"] and all(list(row) == ROW_KEYS for row in data["themes"])
        touched = {(r["speaker"], r["theme"]) for r in data["themes"] if r["statements"]}
        assert (RAISI, "milestones") in touched and (XI, "milestones") not in touched
        assert data["statements"][14]["themes"]["territorial_issues"] == ["Taiwan", "Xinjiang", "Hong Kong"]

    def test_tag_themes_does_not_change_input(self, sample_analysis):
        before = [dict(s.themes) for s in sample_analysis.statements]
        tagged = tag_themes(sample_analysis, SMALL)
        assert [dict(s.themes) for s in sample_analysis.statements] == before
        assert {t for s in tagged.statements for t in s.themes} <= {"sovereignty", "bri", "health"}
        assert {r["theme"] for r in tagged.extras["themes"]} == {"sovereignty", "bri", "health"}

    def test_from_dict_round_trip_can_be_retagged(self, sample_default):
        again = ReadoutAnalysis.from_dict(sample_default.to_dict(lemmas=True))
        assert tag_themes(again, default_taxonomy()).to_dict() == sample_default.to_dict()
        without_lemmas = ReadoutAnalysis.from_dict(sample_default.to_dict())
        with pytest.raises(ValueError, match="no lemmas"):
            tag_themes(without_lemmas, default_taxonomy())


class TestEnricher:
    def test_analyze_uses_the_saved_taxonomy(self, nlp, tmp_path, monkeypatch):
        monkeypatch.setattr(config, "DATA_DIR", tmp_path)
        try:
            save_taxonomy(SMALL)
            result = analyze(SYNTHETIC, nlp=nlp)
            assert set(result.extras["themes"][0]) == set(ROW_KEYS)
            found = {t for s in result.statements for t in s.themes}
            assert found == {"sovereignty", "bri", "health"}
            bri = [s.themes["bri"] for s in result.statements if "bri" in s.themes]
            assert bri == [["Belt and Road", "Belt and Road Initiative"]]
            joint = [s for s in result.statements if s.speaker == "joint"]
            assert joint and joint[0].themes == {"health": ["pandemic"]}
            reset_taxonomy()
            assert "sovereignty" in {t for s in analyze(SYNTHETIC, nlp=nlp).statements for t in s.themes}
            assert "partnership" in {r["theme"] for r in analyze(SYNTHETIC, nlp=nlp).extras["themes"]}
        finally:
            reset_taxonomy()


class TestThemeFrequencies:
    def test_corpus_by_country(self, nlp, sample_default):
        other = tag_themes(analyze(SYNTHETIC, nlp=nlp), default_taxonomy())
        table = theme_frequencies([sample_default, other], by="country", taxonomy=default_taxonomy())
        assert "country" in table.columns and "speaker" not in table.columns
        china = table[(table.country == "China") & (table.theme == "belt_and_road")].iloc[0]
        assert china.statements == 1
        assert set(table.country) >= {"China", "Iran", "joint"}

    def test_retag(self, sample_analysis):
        table = theme_frequencies(sample_analysis, taxonomy=SMALL, retag=True)
        assert set(table.theme) == {"sovereignty", "bri", "health"}
        raisi_bri = table[(table.speaker == RAISI) & (table.theme == "bri")].iloc[0]
        assert raisi_bri.statements == 1 and raisi_bri.mentions == 1

    def test_empty_groups_give_zero_not_nan(self, sample_default):
        table = theme_frequencies(sample_default, taxonomy=default_taxonomy())
        joint = table[table.speaker == "joint"]
        assert (joint.words == 0).all() and (joint.per_1k_words == 0).all() and (joint.share == 0).all()
        assert not table.isna().any().any()

    @pytest.mark.parametrize("bad", [{"by": "party"}, {"results": ["text"]}])
    def test_bad_input(self, sample_default, bad):
        with pytest.raises(ValueError):
            theme_frequencies(bad.get("results", sample_default), by=bad.get("by", "speaker"))

    def test_dataframe_type(self, sample_default):
        assert isinstance(theme_frequencies(sample_default), pd.DataFrame)


class TestHighlighting:
    def test_mentions_point_at_the_words(self, sample_default, nlp):
        statement = sample_default.statements[14]
        mentions = theme_mentions(statement, taxonomy=default_taxonomy(), nlp=nlp)
        texts = {(m.theme, m.text) for m in mentions}
        assert {("territorial_issues", "Taiwan"), ("territorial_issues", "Hong Kong"),
                ("health_pandemic", "COVID-19")} <= texts
        for m in mentions:
            assert statement.text[m.start:m.end] == m.text

    def test_segments_join_back_and_mark_only_matches(self, sample_default, nlp):
        statement = sample_default.statements[13]
        mentions = theme_mentions(statement, taxonomy=default_taxonomy(), nlp=nlp)
        pieces = highlight_segments(statement.text, mentions)
        assert "".join(text for text, _ in pieces) == statement.text
        marked = {text for text, themes in pieces if themes}
        assert {"unilateralism", "hegemonism", "external interference"} <= marked
        assert "Iran stands ready" not in " ".join(marked)
