"""Tests for analysis.distinctive: the log-odds statistic by hand, and distinctive terms per speaker."""

from __future__ import annotations

import math

import numpy as np
import pytest

from analysis import JOINT, Party, ReadoutAnalysis, Statement
from analysis.distinctive import COLUMNS, distinctive_terms, log_odds_dirichlet


def _readout(statements: list[tuple[str | None, str]], parties: list[Party] | None = None) -> ReadoutAnalysis:
    """A hand-made analysis: each statement is (speaker, space-separated lemmas)."""
    parties = parties or [Party("Alpha Ames", country="Aland"), Party("Beta Bold", country="Borduria")]
    made = [Statement(i, 0, 0, text, speaker, "test", tuple(text.split())) for i, (speaker, text) in enumerate(statements)]
    return ReadoutAnalysis("", parties, made)


TINY = _readout(
    [("Alpha Ames", "peace")] * 3 + [("Alpha Ames", "trade")]
    + [("Beta Bold", "trade")] * 3 + [("Beta Bold", "peace")]
)


class TestLogOddsDirichlet:
    def test_by_hand(self):
        # peace: a=3, b=1; trade: a=1, b=3; prior = total counts (4, 4), so a0 = 8, n_a = n_b = 4.
        delta, z = log_odds_dirichlet([3, 1], [1, 3], [4, 4])
        expected = math.log(7 / 5) - math.log(5 / 7)
        assert delta[0] == pytest.approx(expected)
        assert z[0] == pytest.approx(expected / math.sqrt(1 / 7 + 1 / 5))
        assert delta[1] == pytest.approx(-expected)

    def test_swapping_groups_flips_sign(self):
        a, b, prior = [5, 0, 2, 9], [1, 4, 2, 3], [0.5, 0.5, 0.5, 0.5]
        d1, z1 = log_odds_dirichlet(a, b, prior)
        d2, z2 = log_odds_dirichlet(b, a, prior)
        np.testing.assert_allclose(d1, -d2)
        np.testing.assert_allclose(z1, -z2)

    def test_equal_use_scores_zero(self):
        delta, z = log_odds_dirichlet([2, 2], [2, 2], [1, 1])
        np.testing.assert_allclose(delta, 0, atol=1e-12)

    @pytest.mark.parametrize(
        ("a", "b", "prior"),
        [([1, 2], [1], [1, 1]), ([1, 2], [1, 2], [0, 1]), ([-1, 2], [1, 2], [1, 1])],
    )
    def test_bad_input(self, a, b, prior):
        with pytest.raises(ValueError):
            log_odds_dirichlet(a, b, prior)


class TestDistinctiveTerms:
    def test_tiny_example_matches_hand_computation(self):
        table = distinctive_terms(TINY, min_count=1)
        assert list(table.columns) == COLUMNS
        expected = math.log(7 / 5) - math.log(5 / 7)
        alpha = table[table.group == "Alpha Ames"].iloc[0]
        assert (alpha.term, alpha["count"], alpha.other_count) == ("peace", 3, 1)
        assert alpha.log_odds == pytest.approx(expected)
        assert alpha.z == pytest.approx(expected / math.sqrt(1 / 7 + 1 / 5))
        beta = table[table.group == "Beta Bold"]
        assert list(beta.term) == ["trade"]  # only terms with z > 0 are kept
        assert list(dict.fromkeys(table.group)) == ["Alpha Ames", "Beta Bold"]

    def test_bigrams_and_exclusions(self):
        result = _readout([
            ("Alpha Ames", "ames say the strategic partnership be strong"),
            ("Alpha Ames", "strategic partnership matter"),
            ("Beta Bold", "bold note that the war must end"),
            ("Beta Bold", "war be terrible"),
            (JOINT, "both side want partnership"),
            (None, "ames speak with bold"),
        ])
        table = distinctive_terms(result, min_count=2)
        alpha = set(table[table.group == "Alpha Ames"].term)
        assert {"strategic partnership", "strategic", "partnership"} <= alpha
        assert set(table[table.group == "Beta Bold"].term) == {"war"}
        for left_out in ("the", "be", "say", "note", "ames", "bold", "that"):
            assert left_out not in set(table.term)
        # joint statements are not counted: "partnership" is used twice by Ames only
        row = table[(table.group == "Alpha Ames") & (table.term == "partnership")].iloc[0]
        assert (row["count"], row.other_count) == (2, 0)

    def test_top_n_and_order(self, sample_analysis):
        table = distinctive_terms(sample_analysis, top_n=5)
        assert set(table.group) == {"Xi Jinping", "Ebrahim Raisi"}
        for _, group in table.groupby("group"):
            assert len(group) <= 5
            assert list(group.z) == sorted(group.z, reverse=True)
            assert (group.z > 0).all()
            assert (group["count"] + group.other_count >= 2).all()

    def test_sample_raisi_marked_by_anniversary(self, sample_analysis):
        table = distinctive_terms(sample_analysis, top_n=10)
        assert "anniversary" in set(table[table.group == "Ebrahim Raisi"].term)
        assert "anniversary" not in set(table[table.group == "Xi Jinping"].term)

    def test_across_readouts_by_country(self):
        one = TINY
        two = _readout([("Gamma Gold", "peace peace"), ("Delta Dee", "trade")],
                       [Party("Gamma Gold", country="Aland"), Party("Delta Dee", country="Borduria")])
        table = distinctive_terms([one, two], by="country", min_count=1)
        aland = table[table.group == "Aland"].iloc[0]
        assert (aland.term, aland["count"], aland.other_count) == ("peace", 5, 1)

    def test_one_speaker_is_an_error(self):
        with pytest.raises(ValueError, match="at least two speakers"):
            distinctive_terms(_readout([("Alpha Ames", "peace trade")]))

    @pytest.mark.parametrize("options", [{"by": "party"}, {"top_n": 0}, {"min_count": 0}, {"prior_scale": 0}])
    def test_bad_options(self, options):
        with pytest.raises(ValueError):
            distinctive_terms(TINY, **options)

    def test_no_content_words(self):
        with pytest.raises(ValueError, match="no content words"):
            distinctive_terms(_readout([("Alpha Ames", "the and"), ("Beta Bold", "of to")]))
