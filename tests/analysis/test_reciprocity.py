"""Tests for analysis.reciprocity: the section analyze() adds, its DataFrames and the pair index."""

from __future__ import annotations

import dataclasses
import json

import pytest
from synthetic import THREE_PARTIES

from analysis import ReadoutAnalysis, analyze
from analysis.reciprocity import (
    COMPONENTS,
    act_counts,
    acts_table,
    airtime_table,
    compute_reciprocity,
    echo_table,
    index_components,
    index_matrix,
    mirrored_table,
    one_sided_table,
    pairs_table,
    reciprocity_report,
    theme_mirror_table,
)

# SYNTHETIC readouts, invented for these tests (not real readouts).
ONE_SIDE_ONLY = (
    "President Daniel Whitman spoke today with Prime Minister Haruto Mori of Japan. President Whitman "
    "underscored the United States' commitment to the alliance and thanked Prime Minister Mori for Japan's "
    "leadership on climate finance. The President expressed concern about Japan's new export restrictions on "
    "semiconductor materials. He urged Japan to increase its investment in regional infrastructure. President "
    "Whitman also congratulated Prime Minister Mori on his recent election victory."
)
BOTH_PLEDGE_THE_SAME = (
    "Kazakh President Aidar Nurlanov said on Monday that Kazakhstan firmly supports Uzbekistan in safeguarding "
    "its sovereignty and stands ready to work with Uzbekistan to deepen the comprehensive strategic partnership. "
    "Nurlanov made the remarks in a phone call with Uzbek President Timur Rashidov.\n"
    "Nurlanov thanked Rashidov for his support and congratulated Uzbekistan on the opening of the new railway. "
    "Kazakhstan appreciates Uzbekistan's efforts to promote regional connectivity, he said.\n"
    "For his part, Rashidov said Uzbekistan firmly supports Kazakhstan in safeguarding its sovereignty and "
    "stands ready to work with Kazakhstan to deepen the comprehensive strategic partnership. Rashidov thanked "
    "Nurlanov for his support and congratulated Kazakhstan on the opening of the new railway. Uzbekistan "
    "appreciates Kazakhstan's efforts to promote regional connectivity, he said."
)


@pytest.fixture(scope="module")
def report(sample_analysis):
    return reciprocity_report(sample_analysis)


@pytest.fixture(scope="module")
def analysed(nlp):
    return {name: analyze(text, nlp=nlp) for name, text in
            (("one", ONE_SIDE_ONLY), ("same", BOTH_PLEDGE_THE_SAME), ("three", THREE_PARTIES))}


class TestSection:
    def test_analyze_adds_a_json_ready_section(self, sample_analysis):
        section = sample_analysis.to_dict()["reciprocity"]
        assert set(section) >= {"airtime", "acts", "mirrored", "one_sided", "themes", "echo", "pairs"}
        assert json.loads(json.dumps(section)) == section

    def test_section_survives_from_dict(self, sample_analysis):
        again = ReadoutAnalysis.from_dict(json.loads(json.dumps(sample_analysis.to_dict(lemmas=True))))
        assert reciprocity_report(again) == reciprocity_report(sample_analysis)

    def test_missing_section_is_a_clear_error(self, sample_analysis):
        bare = dataclasses.replace(sample_analysis, extras={})
        with pytest.raises(ValueError, match="no reciprocity section"):
            acts_table(bare)

    def test_a_doc_of_another_text_is_refused(self, sample_analysis, nlp):
        with pytest.raises(ValueError):
            compute_reciprocity(sample_analysis, nlp("Something else."))


class TestSample:
    def test_support_is_a_mirrored_pair(self, sample_analysis):
        mirrored = mirrored_table(sample_analysis)
        support = mirrored[mirrored["type"] == "support"]
        assert len(support) >= 1
        assert support["a_text"].str.startswith("China firmly supports Iran in safeguarding").any()
        assert support["b_text"].str.startswith("The Iranian side firmly supports China's positions").any()
        assert (support["a"] == "Xi Jinping").all() and (support["b"] == "Ebrahim Raisi").all()

    def test_thank_and_congratulate_flow_one_way(self, sample_analysis):
        one_sided = one_sided_table(sample_analysis)
        raisi = one_sided[one_sided["source"] == "Ebrahim Raisi"]
        assert {"thank", "congratulate"} <= set(raisi["type"])
        assert (raisi["target"] == "Xi Jinping").all()

    def test_echo_holds_the_shared_vocabulary(self, sample_analysis):
        phrases = set(echo_table(sample_analysis)["phrase"])
        assert {"comprehensive strategic partnership", "strategic mutual trust", "external interference"} <= phrases
        assert not phrases & {"china", "iran"}  # party names are left out
        assert "mutual trust" not in phrases  # only inside "strategic mutual trust": the longer form is kept

    def test_index_lies_strictly_between_0_and_1(self, report):
        (pair,) = report["pairs"]
        assert 0 < pair["index"] < 1
        present = [v for v in pair["components"].values() if v is not None]
        assert pair["index"] == pytest.approx(sum(present) / len(present), abs=1e-3)

    def test_airtime_balance_is_smaller_over_larger(self, sample_analysis, report):
        airtime = airtime_table(sample_analysis).set_index("speaker")
        xi, raisi = airtime.loc["Xi Jinping", "words"], airtime.loc["Ebrahim Raisi", "words"]
        assert report["pairs"][0]["components"]["airtime_balance"] == pytest.approx(min(xi, raisi) / max(xi, raisi),
                                                                                   abs=1e-3)
        assert airtime["words"].sum() == sum(s.words for s in sample_analysis.statements)

    def test_theme_mirroring_reads_statement_themes(self, sample_analysis, report):
        themes = report["themes"][0]
        xi = set().union(*(s.themes for s in sample_analysis.statements if s.speaker == "Xi Jinping"))
        raisi = set().union(*(s.themes for s in sample_analysis.statements if s.speaker == "Ebrahim Raisi"))
        assert set(themes["both"]) == xi & raisi and set(themes["a_only"]) == xi - raisi
        table = theme_mirror_table(sample_analysis)
        assert set(table["raised_by"]) <= {"both", "Xi Jinping", "Ebrahim Raisi"}

    def test_act_counts_match_the_acts(self, sample_analysis):
        counts = act_counts(sample_analysis)
        acts = acts_table(sample_analysis)
        assert counts["count"].sum() == len(acts)
        assert acts["text"].str.len().gt(0).all()


class TestThemesSetByHand:
    def test_themes_both_and_one_side_only(self, sample_analysis, nlp):
        hand = {"Xi Jinping": {"partnership": ["partnership"], "trade": ["trade"]},
                "Ebrahim Raisi": {"partnership": ["partnership"], "health": ["vaccine"]}}
        statements = [dataclasses.replace(s, themes=dict(hand.get(s.speaker, {})))
                      for s in sample_analysis.statements]
        result = dataclasses.replace(sample_analysis, statements=statements, extras={})
        section = compute_reciprocity(result, nlp(result.text))
        themes = section["themes"][0]
        assert themes["both"] == ["partnership"]
        assert themes["a_only"] == ["trade"] and themes["b_only"] == ["health"]
        assert section["pairs"][0]["components"]["theme_overlap"] == pytest.approx(1 / 3, abs=1e-3)

    def test_joint_statements_are_listed_apart_not_counted_for_both_sides(self, sample_analysis, nlp):
        statements = [dataclasses.replace(s, themes={}) for s in sample_analysis.statements]
        statements[0] = dataclasses.replace(statements[0], speaker="joint", themes={"climate": ["climate"]})
        result = dataclasses.replace(sample_analysis, statements=statements, extras={})
        section = compute_reciprocity(result, nlp(result.text))
        themes = section["themes"][0]
        assert themes["joint"] == ["climate"]
        assert themes["both"] == themes["a_only"] == themes["b_only"] == []
        assert section["pairs"][0]["components"]["theme_overlap"] is None

    def test_leaders_who_only_speak_jointly_do_not_score_as_reciprocal(self, nlp):
        from analysis import analyze

        # SYNTHETIC readout, invented for this test: neither leader has words of their own.
        text = ("President Anselm Kravik of Veloria spoke today with President Dong Weiming of Tarsania. "
                "The two leaders agreed to expand trade and support each other's development. "
                "Both leaders welcomed progress on the railway and agreed to meet again.")
        pair = analyze(text, nlp=nlp).extras["reciprocity"]["pairs"][0]
        assert pair["components"]["act_balance"] is None and pair["components"]["theme_overlap"] is None
        assert pair["index"] < 0.2

    def test_no_themes_leave_the_component_out_and_say_so(self, sample_analysis, nlp):
        statements = [dataclasses.replace(s, themes={}) for s in sample_analysis.statements]
        result = dataclasses.replace(sample_analysis, statements=statements, extras={})
        (pair,) = compute_reciprocity(result, nlp(result.text))["pairs"]
        assert pair["components"]["theme_overlap"] is None
        assert any("theme overlap is left out" in note for note in pair["notes"])


class TestSymmetry:
    def test_swapping_the_parties_leaves_symmetric_figures_unchanged(self, sample_analysis, nlp):
        doc = nlp(sample_analysis.text)
        forward = compute_reciprocity(sample_analysis, doc)
        swapped = compute_reciprocity(dataclasses.replace(sample_analysis, parties=sample_analysis.parties[::-1]), doc)
        (f,), (s,) = forward["pairs"], swapped["pairs"]
        assert (f["a"], f["b"]) == (s["b"], s["a"])
        assert f["index"] == s["index"] and f["components"] == s["components"]
        assert f["cooperation"] == {"a_to_b": s["cooperation"]["b_to_a"], "b_to_a": s["cooperation"]["a_to_b"]}
        fe, se = forward["echo"][0], swapped["echo"][0]
        assert {p["phrase"] for p in fe["phrases"]} == {p["phrase"] for p in se["phrases"]}
        assert forward["themes"][0]["both"] == swapped["themes"][0]["both"]
        assert forward["themes"][0]["a_only"] == swapped["themes"][0]["b_only"]


class TestSyntheticReadouts:
    def test_one_side_only_scores_low_and_says_why(self, analysed):
        (pair,) = reciprocity_report(analysed["one"])["pairs"]
        assert pair["index"] < 0.2
        assert pair["components"]["airtime_balance"] == 0
        assert any("Only Daniel Whitman's side is reported" in note for note in pair["notes"])

    def test_both_pledging_the_same_scores_high(self, analysed):
        report = reciprocity_report(analysed["same"])
        (pair,) = report["pairs"]
        assert pair["index"] > 0.85
        assert pair["components"]["act_balance"] == 1
        assert {"support", "commit", "thank", "congratulate", "praise"} <= {m["type"] for m in report["mirrored"]}
        assert report["one_sided"] == []

    def test_index_ranks_the_readouts(self, analysed, sample_analysis):
        one = reciprocity_report(analysed["one"])["pairs"][0]["index"]
        same = reciprocity_report(analysed["same"])["pairs"][0]["index"]
        sample = reciprocity_report(sample_analysis)["pairs"][0]["index"]
        assert one < sample < same

    def test_three_parties_give_three_pairs(self, analysed):
        result = analysed["three"]
        assert len(result.parties) == 3
        pairs = pairs_table(result)
        assert len(pairs) == 3
        assert {frozenset(x) for x in zip(pairs["a"], pairs["b"])} == {
            frozenset({"Haruto Mori", "Ravi Mehta"}), frozenset({"Haruto Mori", "Olivia Grant"}),
            frozenset({"Ravi Mehta", "Olivia Grant"})}
        matrix = index_matrix(result)
        assert list(matrix.index) == list(matrix.columns) == [p.leader for p in result.parties]
        assert matrix.loc["Ravi Mehta", "Olivia Grant"] == matrix.loc["Olivia Grant", "Ravi Mehta"]
        components = index_components(result)
        assert len(components) == 3 * (len(COMPONENTS) + 1)

    def test_joint_agreement_counts_both_ways(self, analysed):
        acts = acts_table(analysed["three"])
        agree = acts[(acts["type"] == "agree") & acts["joint"]]
        assert len(agree) == 6  # every ordered pair of the three leaders


class TestPairFilter:
    def test_pair_keeps_one_pair_in_either_order(self, analysed):
        result = analysed["three"]
        forward = acts_table(result, pair=("Haruto Mori", "Ravi Mehta"))
        backward = acts_table(result, pair=("Ravi Mehta", "Haruto Mori"))
        assert forward.equals(backward) and len(forward) > 0
        assert set(forward["source"]) | set(forward["target"]) == {"Haruto Mori", "Ravi Mehta"}
        assert len(acts_table(result)) > len(forward)

    @pytest.mark.parametrize("pair", [("Haruto Mori", "Haruto Mori"), ("Haruto Mori", "Nobody")])
    def test_a_pair_that_is_not_two_parties_is_refused(self, analysed, pair):
        with pytest.raises(ValueError, match="is not two of this readout's parties"):
            echo_table(analysed["three"], pair=pair)
