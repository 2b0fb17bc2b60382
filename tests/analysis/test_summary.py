"""Tests for analysis.summary: a plain-language summary from the figures, graceful without themes or reciprocity."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from synthetic import load_annotated

from analysis import JOINT, Party, ReadoutAnalysis, Statement, analyze
from analysis.summary import act_issue, join_words, readout_summary, short_name, theme_phrase


def _bare(result: ReadoutAnalysis) -> ReadoutAnalysis:
    bare = copy.deepcopy(result)
    bare.extras.clear()
    for s in bare.statements:
        s.themes = {}
    return bare


class TestReadoutSummary:
    def test_sample_names_the_exchange_of_support(self, sample_analysis):
        text = readout_summary(sample_analysis).text
        assert "Raisi answered Xi's support on sovereignty with support on Taiwan, Xinjiang and Hong Kong." in text

    def test_sample_airtime_matches_the_statements(self, sample_analysis):
        words = sum(s.words for s in sample_analysis.statements if s.speaker == "Xi Jinping")
        count = sum(1 for s in sample_analysis.statements if s.speaker == "Xi Jinping")
        summary = readout_summary(sample_analysis)
        assert summary.sections["airtime"].startswith(f"Xi spoke most: {words:,} words in {count} statements")

    def test_sample_headline_and_sections(self, sample_analysis):
        summary = readout_summary(sample_analysis)
        assert summary.headline.startswith("This readout reports a conversation on 2021-08-04 between Xi Jinping "
                                           "(China) and Ebrahim Raisi (Iran)")
        assert list(summary.sections) == ["airtime", "themes", "exchange", "index"][: len(summary.sections)]
        assert "stressed" in summary.sections["themes"]
        assert "Not returned in kind: Raisi thanked and congratulated Xi" in summary.sections["exchange"]
        index = sample_analysis.extras["reciprocity"]["pairs"][0]["index"]
        assert f"is {index:.2f} on a scale from 0 to 1" in summary.sections["index"]
        assert summary.text.startswith(summary.headline) and summary.to_dict()["paragraphs"] == summary.paragraphs

    def test_without_themes_or_reciprocity(self, sample_analysis):
        summary = readout_summary(_bare(sample_analysis))
        assert list(summary.sections) == ["airtime"]
        assert "Xi spoke most" in summary.text
        assert "answered" not in summary.text and "stressed" not in summary.text

    def test_themes_without_reciprocity(self, sample_analysis):
        partial = copy.deepcopy(sample_analysis)
        del partial.extras["reciprocity"]
        summary = readout_summary(partial)
        assert "themes" in summary.sections and "exchange" not in summary.sections

    def test_no_parties(self, nlp):
        result = analyze("The weather was fine and the talks were held in a good atmosphere.", nlp=nlp)
        summary = readout_summary(result)
        assert summary.headline.endswith("no party could be named.") or "names one party" in summary.headline
        assert summary.text

    def test_joint_and_one_party(self):
        text = "Macron spoke with the press. The two sides agreed to meet again."
        result = ReadoutAnalysis(
            text=text, parties=[Party("Emmanuel Macron", "President", "France", ("Macron",))],
            statements=[Statement(0, 0, 28, text[:28], "Emmanuel Macron", "said", ("macron", "speak", "press")),
                        Statement(1, 29, len(text), text[29:], JOINT, "joint subject",
                                  ("the", "two", "side", "agree", "to", "meet", "again"))],
            warnings=["Only one party was found (Emmanuel Macron); name the other leader if the readout has one"],
        )
        summary = readout_summary(result)
        assert "names one party, Emmanuel Macron (France)" in summary.headline
        assert "Only Macron is reported speaking: 3 words in 1 statement (30% of the readout)" in summary.text
        assert "1 statement is joint (70%)." in summary.text
        assert summary.sections["doubts"].startswith("The analyzer was unsure in 1 place: Only one party")

    def test_never_fails_on_synthetic_readouts(self, nlp):
        for readout in load_annotated()[:12]:
            result = analyze(readout.text, nlp=nlp)
            summary = readout_summary(result)
            assert summary.headline.startswith("This readout")
            assert all(p.strip() for p in summary.paragraphs)
            for party in result.parties:
                assert short_name(party) in summary.text


class TestHelpers:
    @pytest.mark.parametrize(("items", "expected"), [
        ([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c"),
        (["Taiwan, Xinjiang", "energy", "trade"], "Taiwan, Xinjiang; energy; and trade"),
    ])
    def test_join_words(self, items, expected):
        assert join_words(items) == expected

    @pytest.mark.parametrize(("label", "expected"), [
        ("Partnership and friendship", "partnership"), ("Energy", "energy"),
        ("Belt and Road and connectivity", "Belt and Road"),
        ("Taiwan, Xinjiang, Hong Kong and territorial questions", "Taiwan, Xinjiang, Hong Kong"),
        ("People-to-people exchanges", "people-to-people exchanges"),
    ])
    def test_theme_phrase(self, label, expected):
        assert theme_phrase(label) == expected

    @pytest.mark.parametrize(("party", "expected"), [
        (Party("Xi Jinping", country="China", aliases=("Chinese President Xi Jinping", "Xi")), "Xi"),
        (Party("Moon Jae-in", country="South Korea", aliases=("Moon",)), "Moon"),
        (Party("Moon Jae-in", country="South Korea", aliases=("President Moon",)), "Moon"),
        # No alias to learn from: the full name, never a guess by name order.
        (Party("Emmanuel Macron", country="France"), "Emmanuel Macron"),
        (Party("European Council", kind="collective", aliases=("the Council",)), "European Council"),
    ])
    def test_short_name(self, party, expected):
        assert short_name(party) == expected

    def test_act_issue_prefers_the_words_after_the_act(self):
        text = "The Iranian side firmly supports China's positions on issues concerning Taiwan, Xinjiang and Hong Kong."
        statement = Statement(0, 0, len(text), text, "Ebrahim Raisi", "said",
                              themes={"territorial_issues": ["Taiwan", "Xinjiang", "Hong Kong"],
                                      "health_pandemic": ["COVID-19"]})
        assert act_issue(statement, "firmly supports China's positions") == (
            "territorial_issues", "Taiwan, Xinjiang and Hong Kong")
        assert act_issue(Statement(1, 0, 4, "Hi.", None, "narration"), "hi") == (None, None)


class TestNeverCrashes:
    @settings(max_examples=60, deadline=None)
    @given(
        names=st.lists(st.text(min_size=1, max_size=20).filter(str.strip), min_size=0, max_size=4, unique=True),
        speakers=st.lists(st.integers(min_value=-2, max_value=5), max_size=12),
        texts=st.lists(st.text(max_size=60), min_size=12, max_size=12),
        with_themes=st.booleans(),
    )
    def test_any_parties_and_statements(self, names, speakers, texts, with_themes):
        parties = [Party(n.strip(), country=None, aliases=(n.strip().split()[0],) if n.split() else ()) for n in names]
        statements = []
        for i, who in enumerate(speakers):
            speaker = JOINT if who == -1 else None if who == -2 or who >= len(parties) else parties[who].leader
            themes = {"sovereignty": [texts[i][:5] or "x"]} if with_themes and i % 2 else {}
            statements.append(Statement(i, 0, len(texts[i]), texts[i], speaker, "said",
                                        tuple(texts[i].split()), themes=themes))
        result = ReadoutAnalysis(text=" ".join(texts), parties=parties, statements=statements,
                                 extras={"reciprocity": {"pairs": [], "acts": [], "mirrored": [], "one_sided": []}})
        summary = readout_summary(result)
        assert summary.headline.startswith("This readout")
