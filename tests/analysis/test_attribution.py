"""Speaker attribution: the sample readout sentence by sentence, and accuracy over synthetic readouts."""

from __future__ import annotations

from collections import defaultdict

import pytest
from synthetic import DATA, load_annotated, party_map, speaker_at

from analysis import analyze

XI, RAISI = "Xi Jinping", "Ebrahim Raisi"
SAMPLE_SPEAKERS = [XI, None] + [XI] * 8 + [RAISI] * 6


class TestSampleReadout:
    def test_every_sentence_has_the_right_speaker(self, sample_analysis):
        speakers = [s.speaker for s in sample_analysis.statements]
        assert speakers == SAMPLE_SPEAKERS

    def test_cues_explain_the_decisions(self, sample_analysis):
        cues = [s.cue for s in sample_analysis.statements]
        assert cues[1] == "narration"
        assert cues[2] == "pointed out"
        assert cues[6] == "suggested"  # "The two sides, he suggested, ..." is Xi's, not joint
        assert cues[10] == "For his part"

    def test_statements_are_the_sixteen_lines(self, sample, sample_analysis):
        lines = sample.text.strip().split("\n")
        assert [s.text for s in sample_analysis.statements] == lines
        for s in sample_analysis.statements:
            assert sample.text[s.start : s.end] == s.text


class TestSyntheticReadouts:
    """Synthetic readouts of every style with expected speakers: tests/data/synthetic_readouts.jsonl, and
    synthetic_holdout.jsonl, written separately by someone who had not seen the analyzer."""

    @pytest.fixture(scope="class")
    def scored(self, nlp):
        by_style: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        misses = []
        readouts = load_annotated() + load_annotated(DATA / "synthetic_holdout.jsonl")
        for readout in readouts:
            result = analyze(readout.text, nlp=nlp)
            mapping = party_map(result.parties, readout.parties)
            statements = result.to_dict()["statements"]
            for start, end, expected in readout.sentences:
                got = speaker_at(statements, start, end)
                hit = mapping.get(got, got) == expected
                by_style[readout.style][0] += hit
                by_style[readout.style][1] += 1
                if not hit:
                    misses.append(f"{readout.id}: expected {expected}, got {got}: {readout.text[start:end]}")
        return by_style, misses

    def test_covers_every_style(self, scored):
        by_style, _ = scored
        assert {"chinese_agency", "white_house", "kremlin", "downing_street", "indian", "japanese",
                "joint_multiparty", "quotations"} <= set(by_style)
        assert sum(n for _, n in by_style.values()) >= 400

    def test_accuracy_at_least_95_percent(self, scored):
        by_style, misses = scored
        good = sum(ok for ok, _ in by_style.values())
        total = sum(n for _, n in by_style.values())
        for style, (ok, n) in sorted(by_style.items()):
            print(f"{style:18s} {ok}/{n} = {ok / n:.3f}")
        print(f"overall {good}/{total} = {good / total:.3f}")
        assert good / total >= 0.95, "\n".join(misses)

    def test_no_style_falls_far_behind(self, scored):
        by_style, misses = scored
        for style, (ok, n) in by_style.items():
            assert ok / n >= 0.85, f"{style}: {ok}/{n}\n" + "\n".join(misses)


class TestConventions:
    """One convention of ANALYSIS.md per test, on small synthetic readouts."""

    def test_pronoun_continues_the_last_named_speaker(self, nlp):
        text = ("President Anselm Kravik of Veloria spoke with President Dong Weiming of Tarsania. "
                "Kravik said trade had grown. The two leaders agreed to meet. He also raised fisheries.")
        speakers = [s.speaker for s in analyze(text, nlp=nlp).statements]
        assert speakers == [None, "Anselm Kravik", "joint", "Anselm Kravik"]

    def test_passive_and_it_was_agreed_are_joint(self, nlp):
        text = ("Vladimir Putin had a telephone conversation with President of Kazakhstan Kassym-Jomart Tokayev. "
                "Energy cooperation was discussed in detail. It was agreed to continue contacts.")
        speakers = [s.speaker for s in analyze(text, nlp=nlp).statements]
        assert speakers == [None, "joint", "joint"]

    def test_mixed_sentence_is_joint(self, nlp):
        text = ("President Emmanuel Macron of France spoke with Chinese President Xi Jinping. "
                "Macron wished the Chinese people a happy new year, and Xi expressed the same wishes to the French.")
        assert analyze(text, nlp=nlp).statements[1].speaker == "joint"

    def test_multi_sentence_quotation_takes_the_closing_attribution(self, nlp):
        text = ('President Joseph R. Biden, Jr. spoke today with Prime Minister Anthony Albanese of Australia. '
                '"We will not accept coercion. We will stand with our partners," the President said.')
        result = analyze(text, nlp=nlp)
        assert [s.speaker for s in result.statements][1:] == ["Joseph R. Biden Jr."] * 2
        assert result.statements[1].cue == "quotation"

    def test_speech_act_subject_speaks_not_its_object(self, nlp):
        text = ("The Prime Minister spoke to President Volodymyr Zelenskyy of Ukraine this afternoon. "
                "President Zelenskyy thanked the Prime Minister for the UK's support.")
        result = analyze(text, nlp=nlp)
        assert result.statements[1].speaker == "Volodymyr Zelenskyy"

    def test_dateline_does_not_make_narration(self, nlp):
        text = ("BEIJING, Feb. 11 (Xinhua) -- Chinese President Xi Jinping said Friday that China values its ties "
                "with Iran. He made the remarks in a phone call with Iranian President Ebrahim Raisi.")
        result = analyze(text, nlp=nlp)
        assert [s.speaker for s in result.statements] == [XI, None]
