"""Tests for analysis.acts: directed acts, their targets through the parse, and the weight table."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import analyze
from analysis.acts import ACT_CAMEO, ACT_TYPES, ACT_WEIGHTS, NEGATIVE_TYPES, Act, find_acts

# SYNTHETIC readout, invented for these tests (not a real readout): targets named in every way the
# analyzer must read, acts that are not the speaker's, a negated act, a third-party act and a joint one.
TRICKY = (
    "Chinese President Xi Jinping held talks with Iranian President Ebrahim Raisi on Tuesday. "
    "Xi thanked his Iranian counterpart for the warm hospitality. "
    "China appreciates the efforts of Tehran to promote regional peace, Xi said. "
    "Xi said Iran has always supported China on issues concerning its core interests. "
    "China does not criticize the domestic choices of the Iranian people, he noted. "
    "China supports the United Nations in playing a central role, Xi added. "
    "The two sides, he suggested, should continue to support each other.\n"
    "For his part, Raisi said Iran opposes US interference in China's internal affairs. "
    "Raisi criticized Beijing's decision to cut oil purchases and urged the Chinese side to honour its "
    "commitments. The two presidents agreed to keep in close contact."
)


def acts_of(text: str, nlp) -> tuple[list[Act], object]:
    doc = nlp(text)
    result = analyze(text, nlp=nlp, doc=doc)
    return find_acts(result, doc), result


@pytest.fixture(scope="module")
def sample_acts(sample_analysis, nlp):
    return find_acts(sample_analysis, nlp(sample_analysis.text))


@pytest.fixture(scope="module")
def tricky(nlp):
    return acts_of(TRICKY, nlp)


def find(acts: list[Act], **where) -> list[Act]:
    return [a for a in acts if all(getattr(a, k) == v for k, v in where.items())]


class TestWeights:
    def test_every_type_has_a_weight_and_a_cameo_code(self):
        assert set(ACT_WEIGHTS) == set(ACT_TYPES) == set(ACT_CAMEO)
        assert all(-10 <= w <= 10 for w in ACT_WEIGHTS.values())

    def test_conflictual_types_weigh_below_zero(self):
        assert NEGATIVE_TYPES == {"urge", "concern", "warn", "oppose", "criticize"}
        assert min(ACT_WEIGHTS[t] for t in ACT_TYPES if t not in NEGATIVE_TYPES) > 0


class TestFindActsOnSample:
    def test_xi_supports_raisi_from_the_sovereignty_sentence(self, sample_acts, sample_analysis):
        acts = find(sample_acts, source="Xi Jinping", target="Ebrahim Raisi", type="support")
        texts = [sample_analysis.statements[a.statement].text for a in acts]
        assert any(t.startswith("China firmly supports Iran in safeguarding its sovereignty") for t in texts)
        assert any("supports Iran" in a.evidence for a in acts)

    def test_raisi_supports_xi_from_the_taiwan_sentence(self, sample_acts, sample_analysis):
        acts = find(sample_acts, source="Ebrahim Raisi", target="Xi Jinping", type="support")
        texts = [sample_analysis.statements[a.statement].text for a in acts]
        assert any(t.startswith("The Iranian side firmly supports China's positions on issues concerning Taiwan")
                   for t in texts)

    def test_raisi_thanks_and_congratulates_xi(self, sample_acts):
        assert find(sample_acts, source="Ebrahim Raisi", target="Xi Jinping", type="thank")
        congratulations = find(sample_acts, source="Ebrahim Raisi", target="Xi Jinping", type="congratulate")
        assert congratulations and "congratulations" in congratulations[0].evidence

    def test_opposing_external_interference_is_support_not_opposition(self, sample_acts):
        assert not [a for a in sample_acts if a.type in NEGATIVE_TYPES]
        xi = find(sample_acts, source="Xi Jinping", type="support")
        assert any("opposes external interference" in a.evidence for a in xi)

    def test_acts_carry_weight_statement_and_theme_of_their_statement(self, sample_acts, sample_analysis):
        for act in sample_acts:
            assert act.weight == ACT_WEIGHTS[act.type]
            statement = sample_analysis.statements[act.statement]
            assert statement.speaker == act.source
            assert act.theme is None or act.theme in statement.themes

    def test_to_dict_round_trips(self, sample_acts):
        for act in sample_acts:
            data = act.to_dict()
            assert {"source", "target", "type", "weight", "theme", "statement", "evidence"} <= set(data)
            assert Act.from_dict(data) == act


class TestTargets:
    def test_counterpart_and_capital_name_the_target(self, tricky):
        acts, result = tricky
        thank = find(acts, type="thank", source="Xi Jinping")
        assert thank and thank[0].target == "Ebrahim Raisi" and thank[0].explicit
        assert "Iranian counterpart" in thank[0].evidence
        praise = find(acts, type="praise", source="Xi Jinping")
        assert praise and "Tehran" in praise[0].evidence and praise[0].explicit

    def test_another_partys_act_reported_by_the_speaker_is_not_the_speakers(self, tricky):
        acts, result = tricky
        index = next(s.index for s in result.statements if "has always supported" in s.text)
        assert not [a for a in acts if a.statement == index]

    def test_negated_and_third_party_acts_are_left_out(self, tricky):
        acts, result = tricky
        for phrase in ("does not criticize", "United Nations"):
            index = next(s.index for s in result.statements if phrase in s.text)
            assert not [a for a in acts if a.statement == index], phrase

    def test_mutual_support_proposed_by_one_side_is_a_proposal(self, tricky):
        acts, result = tricky
        index = next(s.index for s in result.statements if "support each other" in s.text)
        assert [(a.source, a.type) for a in acts if a.statement == index] == [("Xi Jinping", "propose")]

    def test_opposing_a_third_partys_interference_supports_the_other_side(self, tricky):
        acts, _ = tricky
        support = find(acts, source="Ebrahim Raisi", type="support")
        assert support and "US interference" in support[0].evidence and support[0].target == "Xi Jinping"

    def test_criticism_and_urging_of_the_other_side_are_negative(self, tricky):
        acts, _ = tricky
        assert find(acts, source="Ebrahim Raisi", target="Xi Jinping", type="criticize")[0].weight < 0
        urge = find(acts, source="Ebrahim Raisi", target="Xi Jinping", type="urge")
        assert urge and "Chinese side" in urge[0].evidence

    def test_joint_statement_acts_go_both_ways(self, tricky):
        acts, _ = tricky
        agree = find(acts, type="agree", joint=True)
        assert {(a.source, a.target) for a in agree} == {("Xi Jinping", "Ebrahim Raisi"),
                                                          ("Ebrahim Raisi", "Xi Jinping")}

    def test_title_subject_in_white_house_style(self, nlp):
        # SYNTHETIC White House-style readout.
        text = ("President Daniel Whitman spoke today with Prime Minister Haruto Mori of Japan. "
                "The President expressed concern about Japan's new export restrictions.")
        acts, _ = acts_of(text, nlp)
        assert [(a.source, a.target, a.type) for a in acts] == [("Daniel Whitman", "Haruto Mori", "concern")]

    def test_concern_about_a_state_that_is_no_party_is_not_an_act_between_the_parties(self, nlp):
        # SYNTHETIC White House-style readout.
        text = ("U.S. President Daniel Whitman spoke today with Prime Minister Haruto Mori of Japan. "
                "He raised concerns about the missile launches by the Democratic People's Republic of Korea. "
                "The President also expressed concern about Japan's new export restrictions.")
        acts, _ = acts_of(text, nlp)
        assert [(a.statement, a.type) for a in acts] == [(2, "concern")]

    def test_untargeted_act_among_three_parties_is_left_out(self, nlp):
        # SYNTHETIC three-party readout.
        text = ("Japanese Prime Minister Haruto Mori hosted a video call with Indian Prime Minister Ravi Mehta "
                "and Australian Prime Minister Olivia Grant. Mehta said India is willing to work with Australia. "
                "Grant said Australia stands ready to deepen cooperation.")
        acts, _ = acts_of(text, nlp)
        assert [(a.source, a.target, a.type) for a in acts] == [("Ravi Mehta", "Olivia Grant", "commit")]


class TestBadInput:
    def test_a_doc_of_another_text_is_refused(self, sample_analysis, nlp):
        with pytest.raises(ValueError, match="does not match"):
            find_acts(sample_analysis, nlp("Another text."))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.text(max_size=6), st.sampled_from(
    ["Xi", "Raisi", "President", "supports", "Iran", "China", "thanks", "said", "opposes", "the Iranian side",
     "Tehran", "his counterpart", "not", "both sides", "agreed", ",", ".", "\n", "for his part,"])),
    min_size=1, max_size=25).map(" ".join))
def test_never_crashes_on_any_text(nlp, text):
    if not text.strip():  # blank text is refused by analyze() itself
        return
    acts, result = acts_of(text, nlp)
    leaders = {p.leader for p in result.parties}
    assert all(a.source in leaders and a.target in leaders and a.source != a.target for a in acts)
