"""Tests for analysis.keywords: lemma matching of words and phrases, positions and keyword in context."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import analyze
from analysis.keywords import (
    KWIC_COLUMNS,
    POSITION_COLUMNS,
    keyword_in_context,
    keyword_patterns,
    keyword_positions,
    lemma_string,
)

TEXT = (
    "Chinese President Xi Jinping said China firmly supports Iran on issues concerning its core interests. "
    "Iranian President Ebrahim Raisi said Iran welcomes the Belt and Road Initiative, and that the belt and road brings Core Interest gains. "
    "The two sides held talks on interesting questions."
)


@pytest.fixture(scope="module")
def readout(nlp):
    return analyze(TEXT, parties=["Xi Jinping", "Ebrahim Raisi"], date="2022-02-02", nlp=nlp)


class TestKeywordPatterns:
    def test_lemmatises_and_lower_cases(self, nlp):
        (core,), (belt,) = keyword_patterns(["Core Interests"], nlp=nlp), keyword_patterns(["Belt and Road"], nlp=nlp)
        assert ("core", "interest") in core.variants
        assert ("belt", "and", "road") in belt.variants

    def test_duplicates_ignoring_case_are_dropped(self, nlp):
        patterns = keyword_patterns(["Taiwan", "taiwan", "  Belt   and Road "], nlp=nlp)
        assert [p.keyword for p in patterns] == ["Taiwan", "Belt and Road"]

    def test_whole_lemmas_only(self, nlp):
        (pattern,) = keyword_patterns(["road"], nlp=nlp)
        # "railroad" is another word; "roads" is the plural the tagger leaves unlemmatised in capitalised
        # text ("Roads"), matched as the theme terms are.
        assert pattern.matches(("the", "railroad", "road", "roads")) == [(2, 3), (3, 4)]
        assert len(pattern.regex.findall(lemma_string(("road", "road", "railroad")))) == 2

    @pytest.mark.parametrize("bad", [[], [""], ["   "], ["..."], [None]])
    def test_bad_keywords(self, nlp, bad):
        with pytest.raises(ValueError):
            keyword_patterns(bad, nlp=nlp)


class TestKeywordPositions:
    def test_phrases_match_inflected_and_capitalised(self, readout, nlp):
        df = keyword_positions(readout, ["core interest", "belt and road"], nlp=nlp)
        assert list(df.columns) == POSITION_COLUMNS
        assert df["match"].tolist() == ["core interests", "Belt and Road", "belt and road", "Core Interest"]
        for row in df.itertuples():
            assert TEXT[row.start:row.end] == row.match
        assert df["speaker"].tolist() == [readout.statements[i].speaker or "narration" for i in df["statement"]]
        assert df["speaker"].tolist() == ["Xi Jinping", "Ebrahim Raisi", "Ebrahim Raisi", "Ebrahim Raisi"]
        second = df[df["statement"] == df["statement"].iloc[1]]
        assert second.groupby("keyword")["count"].first().to_dict() == {"belt and road": 2, "core interest": 1}

    def test_word_forms_but_not_other_words(self, readout, nlp):
        df = keyword_positions(readout, ["talk", "interest"], nlp=nlp)
        assert df["match"].tolist() == ["interests", "Interest", "talks"]  # not "interesting"

    def test_no_mention_gives_empty_table(self, readout, nlp):
        df = keyword_positions(readout, ["climate"], nlp=nlp)
        assert df.empty and list(df.columns) == POSITION_COLUMNS

    def test_sample_readout(self, sample_analysis, nlp):
        df = keyword_positions(sample_analysis, ["Taiwan", "external interference"], nlp=nlp)
        taiwan = df[df["keyword"] == "Taiwan"]
        assert len(taiwan) == 1 and taiwan["speaker"].iloc[0] == "Ebrahim Raisi"
        interference = df[df["keyword"] == "external interference"]
        assert set(interference["speaker"]) == {"Xi Jinping", "Ebrahim Raisi"}  # both sides use the phrase


class TestKeywordInContext:
    def test_left_match_right_rebuild_the_statement(self, readout, nlp):
        df = keyword_in_context(readout, ["Belt and Road"], width=1000, nlp=nlp)
        assert list(df.columns) == KWIC_COLUMNS and len(df) == 2
        statement = readout.statements[df["statement"].iloc[0]].text
        for row in df.itertuples():
            assert row.left + row.match + row.right == statement

    def test_width_cuts_at_words(self, readout, nlp):
        df = keyword_in_context(readout, ["core interest"], width=12, nlp=nlp)
        first = df.iloc[0]
        assert first["left"].startswith("… ") and len(first["left"]) <= 14
        assert first["match"] == "core interests"

    def test_bad_width(self, readout, nlp):
        with pytest.raises(ValueError, match="width"):
            keyword_in_context(readout, ["core"], width=-1, nlp=nlp)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(["road", "belt", "and", "the", "core", "interest"]), max_size=30))
def test_regex_count_equals_sequence_matches(nlp, words):
    """The fast count used by timelines agrees with the statement-by-statement matcher."""
    for pattern in keyword_patterns(["belt and road", "core interest", "road"], nlp=nlp):
        assert len(pattern.regex.findall(lemma_string(words))) == len(pattern.matches(words))


def test_an_acronym_is_not_read_as_a_pronoun(nlp):
    from analysis.keywords import keyword_patterns

    variants = keyword_patterns(["US"], nlp=nlp)[0].variants
    assert ("we",) not in variants


def test_capitalised_plurals_match_as_theme_terms_do(nlp):
    from analysis import analyze

    result = analyze("Chinese President Xi Jinping spoke with Iranian President Ebrahim Raisi. Xi said China "
                     "Opposes External Interferences and respects Iran's Core Interests.", nlp=nlp)
    found = keyword_positions(result, ["external interference", "core interest"], nlp=nlp)
    assert sorted(found["keyword"]) == ["core interest", "external interference"]
    assert set(result.statements[1].themes["sovereignty"]) == {"external interference", "core interests"}
