"""`analyze` on bad and strange input: clear errors, never a crash, offsets that always hold."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import analyze, config


class TestRejectedInput:
    @pytest.mark.parametrize("text", ["", "   ", "\n\n\t "])
    def test_empty_or_blank_text(self, nlp, text):
        with pytest.raises(ValueError, match="empty"):
            analyze(text, nlp=nlp)

    def test_text_over_the_limit_names_the_limit(self, nlp):
        text = "Xi said trade matters. " * (config.MAX_CHARS // 20)
        with pytest.raises(ValueError, match=f"{config.MAX_CHARS:,}"):
            analyze(text, nlp=nlp)

    def test_not_a_string(self, nlp):
        with pytest.raises(ValueError, match="must be text"):
            analyze(b"bytes", nlp=nlp)  # type: ignore[arg-type]

    def test_bad_date(self, nlp):
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            analyze("Xi said hello.", date="4 August", nlp=nlp)


class TestStrangeInputIsText:
    def test_html_and_script_are_kept_as_plain_text(self, nlp):
        text = 'Chinese President Xi Jinping said <script>alert("x")</script> trade <b>matters</b>.'
        result = analyze(text, nlp=nlp)
        assert "<script>" in result.statements[0].text
        assert result.statements[0].speaker == "Xi Jinping"

    def test_binary_junk_and_control_characters(self, nlp):
        text = "\x00\x01\x02 \ufffd\ufffd PK\x03\x04 \x7f junk \x1b[31m"
        result = analyze(text, nlp=nlp)
        assert result.statements
        assert any("No party" in w for w in result.warnings)
        json.dumps(result.to_dict())  # still JSON-ready

    def test_emoji(self, nlp):
        result = analyze("President Anselm Kravik of Veloria said 🎉🇨🇳 ties are strong 👍.", nlp=nlp)
        assert result.statements[0].speaker == "Anselm Kravik"

    def test_another_language_gets_a_warning(self, nlp):
        text = "习近平同伊朗总统莱希通电话。习近平指出，中伊建交50年来，两国关系经受住了国际风云变幻的考验。"
        result = analyze(text, nlp=nlp)
        assert any("English" in w for w in result.warnings)

    def test_french_gets_a_warning(self, nlp):
        text = ("Le Président de la République s'est entretenu avec le Président chinois. Les deux dirigeants "
                "ont évoqué la situation internationale et les relations bilatérales entre les deux pays.")
        assert any("English" in w for w in analyze(text, nlp=nlp).warnings)

    def test_no_party_gives_null_speakers_and_a_warning(self, nlp):
        result = analyze("Trade grew last year. Prices fell in the spring.", nlp=nlp)
        assert all(s.speaker is None for s in result.statements)
        assert any("No party" in w for w in result.warnings)

    def test_one_party_warns(self, nlp):
        result = analyze("Chinese President Xi Jinping said trade matters.", nlp=nlp)
        assert any("Only one party" in w for w in result.warnings)

    def test_orphan_pronoun_is_reported(self, nlp):
        result = analyze("He said trade matters. She agreed.", nlp=nlp)
        assert result.warnings


def _check_consistent(text, result):
    previous_end = 0
    for i, s in enumerate(result.statements):
        assert s.index == i
        assert 0 <= previous_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
        assert s.speaker is None or s.speaker == "joint" or s.speaker in {p.leader for p in result.parties}
        previous_end = s.end
    # Every non-blank character belongs to a statement.
    covered = set()
    for s in result.statements:
        covered.update(range(s.start, s.end))
    assert all(ch.isspace() for k, ch in enumerate(text) if k not in covered)


readout_words = st.sampled_from(
    ["President", "Xi", "Jinping", "said", "the", "two", "sides", "agreed", "he", "For", "his", "part", ",", ".",
     "Raisi", "It", "was", "\n", "\n\n", '"', "China", "supports", "Iran", "Prime", "Minister", "thanked"]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=300), st.lists(readout_words, max_size=60).map(" ".join)))
def test_any_text_gives_a_consistent_result_or_a_value_error(nlp, text):
    try:
        result = analyze(text, nlp=nlp)
    except ValueError:
        assert not text.strip()
        return
    _check_consistent(text, result)


def test_sample_is_consistent(sample, sample_analysis):
    _check_consistent(sample.text, sample_analysis)
