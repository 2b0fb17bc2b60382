"""Tests for analysis.compare: aligning two readouts of one call, on synthetic pairs with gold alignments."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from synthetic import join_paragraphs

from analysis import JOINT, Party, ReadoutAnalysis, Statement, analyze
from analysis.compare import THRESHOLD, Comparison, compare_readouts, link_parties, suggest_pairs

PAIRS = Path(__file__).resolve().parent.parent / "data" / "compare_pairs.jsonl"


def build(side: dict) -> tuple[str, list[tuple[str, int, int]]]:
    """The readout text of one side of a pair, and each gold sentence's (id, start, end)."""
    text, spans = join_paragraphs(side["paragraphs"])
    return text, [(sentence["id"], start, end) for sentence, start, end in spans]


def sentence_id(spans: list[tuple[str, int, int]], statement: Statement) -> str | None:
    """The gold sentence holding the statement's midpoint."""
    mid = (statement.start + statement.end) // 2
    return next((i for i, start, end in spans if start <= mid < end), None)


@pytest.fixture(scope="module")
def pairs(nlp):
    """Every synthetic pair analysed: (record, analysis A, spans A, analysis B, spans B)."""
    out = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        sides = []
        for key in ("a", "b"):
            text, spans = build(record[key])
            sides += [analyze(text, title=record[key]["title"], date=record[key]["date"], nlp=nlp), spans]
        out.append((record, *sides))
    return out


def predicted(comparison: Comparison, spans_a, spans_b) -> set[tuple[str, str]]:
    return {(sentence_id(spans_a, comparison.a.statements[p.a]), sentence_id(spans_b, comparison.b.statements[p.b]))
            for p in comparison.pairs}


class TestPairsFile:
    def test_four_or_more_synthetic_pairs_with_complete_gold(self):
        records = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert len(records) >= 4
        for record in records:
            assert record["synthetic"] is True
            gold = record["gold"]
            ids_a = [s["id"] for p in record["a"]["paragraphs"] for s in p]
            ids_b = [s["id"] for p in record["b"]["paragraphs"] for s in p]
            assert sorted([a for a, _ in gold["pairs"]] + gold["a_only"]) == sorted(ids_a)
            assert sorted([b for _, b in gold["pairs"]] + gold["b_only"]) == sorted(ids_b)
            assert gold["a_only"] and gold["b_only"], "each pair has statements one side alone reports"
        assert len({r["a"]["style"] for r in records} | {r["b"]["style"] for r in records}) >= 4

    def test_paraphrased_not_copied(self):
        for line in PAIRS.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            texts_b = {s["id"]: s["text"] for p in record["b"]["paragraphs"] for s in p}
            texts_a = {s["id"]: s["text"] for p in record["a"]["paragraphs"] for s in p}
            for a, b in record["gold"]["pairs"]:
                assert texts_a[a].lower() != texts_b[b].lower()


class TestCompareReadouts:
    def test_precision_and_recall_on_gold_pairs(self, pairs):
        true_pos = false_pos = false_neg = 0
        for record, a, spans_a, b, spans_b in pairs:
            got = predicted(compare_readouts(a, b), spans_a, spans_b)
            gold = {tuple(p) for p in record["gold"]["pairs"]}
            true_pos += len(got & gold)
            false_pos += len(got - gold)
            false_neg += len(gold - got)
            held_out = " (written after the threshold was first chosen)" if record.get("held_out") else ""
            print(f"{record['id']}: {len(got & gold)}/{len(gold)} gold pairs found, {len(got - gold)} wrong{held_out}")
        precision = true_pos / (true_pos + false_pos)
        recall = true_pos / (true_pos + false_neg)
        print(f"matched pairs over all {len(pairs)} pairs (threshold {THRESHOLD}): "
              f"precision {precision:.3f}, recall {recall:.3f}")
        assert precision >= 0.9
        assert recall >= 0.9

    def test_unmatched_statements_are_the_one_sided_ones(self, pairs):
        right = total = 0
        for record, a, spans_a, b, spans_b in pairs:
            comparison = compare_readouts(a, b)
            only_a = {sentence_id(spans_a, a.statements[i]) for i in comparison.only_a}
            only_b = {sentence_id(spans_b, b.statements[j]) for j in comparison.only_b}
            gold = set(record["gold"]["a_only"]) | {("b", x) for x in record["gold"]["b_only"]}
            got = only_a | {("b", x) for x in only_b}
            right += len(gold & got)
            total += len(gold)
        assert right / total >= 0.9

    def test_one_to_one_and_partition(self, pairs):
        for _record, a, _sa, b, _sb in pairs:
            comparison = compare_readouts(a, b)
            matched_a = [p.a for p in comparison.pairs]
            matched_b = [p.b for p in comparison.pairs]
            assert len(set(matched_a)) == len(matched_a) and len(set(matched_b)) == len(matched_b)
            assert sorted(matched_a + comparison.only_a) == list(range(len(a.statements)))
            assert sorted(matched_b + comparison.only_b) == list(range(len(b.statements)))
            assert all(p.score >= THRESHOLD for p in comparison.pairs)

    def test_swapping_readouts_swaps_pairs(self, pairs):
        _record, a, _sa, b, _sb = pairs[0]
        forward = {(p.a, p.b) for p in compare_readouts(a, b).pairs}
        backward = {(p.b, p.a) for p in compare_readouts(b, a).pairs}
        assert forward == backward

    def test_higher_threshold_keeps_fewer_pairs(self, pairs):
        _record, a, _sa, b, _sb = pairs[1]
        counts = [len(compare_readouts(a, b, threshold=t).pairs) for t in (0.0, 0.22, 0.5, 0.8, 1.0)]
        assert counts == sorted(counts, reverse=True) and counts[1] > counts[3]
        for p in compare_readouts(a, b, threshold=0.5).pairs:
            assert 0.5 <= p.score <= 1.0

    def test_a_readout_aligns_with_itself(self, pairs):
        _record, a, _sa, _b, _sb = pairs[0]
        same = compare_readouts(a, a, threshold=0.9)
        assert [(p.a, p.b) for p in same.pairs] == [(i, i) for i in range(len(a.statements))]
        assert same.only_a == [] and same.only_b == []

    def test_framing_differences_of_a_pair(self, pairs):
        # Kremlin vs German government: "Mikhail Orlov informed the Chancellor about ... exports of Russian
        # grain" is Orlov's; the German readout makes "grain exports" a joint topic.
        record, a, spans_a, b, spans_b = pairs[1]
        comparison = compare_readouts(a, b)
        pair = next(p for p in comparison.pairs if sentence_id(spans_a, a.statements[p.a]) == "a7")
        assert sentence_id(spans_b, b.statements[pair.b]) == "b5"
        assert pair.speaker_a == "Mikhail Orlov" and pair.speaker_b == JOINT and not pair.same_speaker
        assert "grain" not in pair.terms_only_a and "grain" not in pair.terms_only_b
        assert "fertiliser" in pair.terms_only_a or "fertilisers" in pair.terms_only_a
        assert "food" in pair.terms_only_b

    def test_acts_framing_uses_reciprocity_acts(self, pairs):
        # "Kestrel congratulated Hale ..." / "President Kestrel congratulated the Prime Minister ...".
        record, a, spans_a, b, spans_b = pairs[2]
        comparison = compare_readouts(a, b)
        pair = next(p for p in comparison.pairs if sentence_id(spans_a, a.statements[p.a]) == "a5")
        assert "congratulate" in pair.acts_a and "congratulate" in pair.acts_b
        acts = comparison.acts_frame()
        congratulations = acts[acts["type"] == "congratulate"]
        assert set(congratulations["readout"]) == {"a", "b"} and congratulations["reported_by_other"].all()


class TestPartyLinks:
    def test_links_by_name_country_and_title(self, pairs):
        links = {(link.a, link.b, link.basis) for link in compare_readouts(pairs[2][1], pairs[2][3]).links}
        assert ("Ana Kestrel", "Ana Kestrel", "name") in links
        hale = [link for link in links if link[0] == "Edwin Hale"]
        assert hale and hale[0][1] in {"Edwin Hale", "The Prime Minister"}

    def test_country_and_title_rules(self):
        def readout(*parties: Party) -> ReadoutAnalysis:
            return ReadoutAnalysis(text="x", parties=list(parties), statements=[])

        a = readout(Party("Xi Jinping", "President", "China"), Party("Ana Kestrel", "President", "Valdoria"))
        b = readout(Party("President Xi", "President", "Ukraine"), Party("Li Wei", "President", "Valdoria"),
                    Party("The Prime Minister", "Prime Minister"))
        links = link_parties(a, b)
        assert [(link.a, link.b, link.basis) for link in links] == [
            ("Xi Jinping", "President Xi", "name"), ("Ana Kestrel", "Li Wei", "country")]
        # Same title, different names, no country: not the same person.
        assert link_parties(readout(Party("Edwin Hale", "Prime Minister")),
                            readout(Party("Karl Lind", "Prime Minister"))) == []
        assert link_parties(readout(Party("Edwin Hale", "Prime Minister")),
                            readout(Party("The Prime Minister", "Prime Minister")))[0].basis == "title"


class TestSummary:
    def test_coverage_airtime_themes(self, pairs):
        record, a, spans_a, b, spans_b = pairs[0]
        comparison = compare_readouts(a, b)
        coverage = comparison.coverage_frame().set_index("readout")
        assert coverage.loc["a", "matched_statements"] == len(comparison.pairs) == coverage.loc["b", "matched_statements"]
        assert coverage.loc["a", "statement_share"] == pytest.approx(len(comparison.pairs) / len(a.statements))
        airtime = comparison.airtime_frame()
        assert comparison.hosts == ("Xi Jinping", "Thomas Avery")
        own = airtime[(airtime["readout"] == "a") & (airtime["role"] == "own leader")].iloc[0]
        other = airtime[(airtime["readout"] == "a") & (airtime["role"] == "other leader")].iloc[0]
        assert own["leader"] == "Xi Jinping" and other["leader"] == "Thomas Avery"
        assert own["words"] == sum(s.words for s in a.statements if s.speaker == "Xi Jinping")
        # The agency readout gives its own leader most of the floor.
        assert own["words"] > other["words"]
        for side in ("a", "b"):
            assert airtime[airtime["readout"] == side]["word_share"].sum() == pytest.approx(1.0)
        themes = comparison.themes_frame()
        assert set(themes.columns) == {"theme", "readout", "label", "statements", "share", "emphasis"}
        for _theme, rows in themes.groupby("theme"):
            n = dict(zip(rows["readout"], rows["statements"]))
            expected = "both" if n["a"] and n["b"] else ("only a" if n["a"] else "only b")
            assert set(rows["emphasis"]) == {expected}

    def test_to_dict_is_json_ready_and_complete(self, pairs):
        _record, a, _sa, b, _sb = pairs[3]
        comparison = compare_readouts(a, b)
        data = json.loads(json.dumps(comparison.to_dict()))
        assert data["threshold"] == THRESHOLD
        assert len(data["pairs"]) == len(comparison.pairs)
        assert {row["index"] for row in data["only_a"]} == set(comparison.only_a)
        assert {row["index"] for row in data["only_b"]} == set(comparison.only_b)
        assert data["pairs"][0]["text_a"] == a.statements[comparison.pairs[0].a].text
        assert set(data["summary"]) >= {"coverage", "airtime", "themes", "themes_only_a", "themes_only_b", "acts"}
        assert data["readouts"]["a"]["host"] == "Ilsa Varga" and data["readouts"]["b"]["host"] == "Tomas Ribeira"

    def test_alignment_frame_keeps_both_orders(self, pairs):
        for _record, a, _sa, b, _sb in pairs:
            frame = compare_readouts(a, b).alignment_frame()
            assert list(frame["a"].dropna()) == list(range(len(a.statements)))
            b_order = [int(x) for x in frame["b"].dropna()]
            assert sorted(b_order) == list(range(len(b.statements)))
            assert set(frame["status"]) <= {"matched", "only a", "only b"}

    def test_from_dict_round_trip_gives_the_same_alignment(self, pairs):
        _record, a, _sa, b, _sb = pairs[0]
        again = compare_readouts(ReadoutAnalysis.from_dict(a.to_dict(lemmas=True)),
                                 ReadoutAnalysis.from_dict(b.to_dict(lemmas=True)))
        assert [(p.a, p.b) for p in again.pairs] == [(p.a, p.b) for p in compare_readouts(a, b).pairs]


class TestHelpers:
    def test_parties_and_canonical_names(self, pairs):
        _record, a, _sa, b, _sb = pairs[2]
        comparison = compare_readouts(a, b)
        names = comparison.parties()
        assert names[: len(a.parties)] == [p.leader for p in a.parties]
        assert len(names) == len(set(names))
        for link in comparison.links:
            assert comparison.canonical("b", link.b) == link.a
        assert comparison.canonical("b", None) == "narration" and comparison.canonical("a", JOINT) == JOINT
        frame = comparison.alignment_frame()
        assert set(frame["party_a"]) - {""} <= set(names) | {JOINT, "narration"}
        assert set(frame["party_b"]) - {""} <= set(names) | {JOINT, "narration"}

    def test_acts_counts_add_up(self, pairs):
        _record, a, _sa, b, _sb = pairs[2]
        comparison = compare_readouts(a, b)
        acts, counts = comparison.acts_frame(), comparison.acts_counts_frame()
        assert counts["acts"].sum() == len(acts) > 0
        only = counts[counts["reported"] == "by this readout only"]["acts"].sum()
        assert only == (~acts["reported_by_other"]).sum()

    def test_suggest_pairs_same_date_and_countries(self):
        from types import SimpleNamespace

        def readout(id: int, date: str | None, countries: tuple[str, ...], *leaders: str) -> SimpleNamespace:
            parties = [Party(leader) for leader in leaders]
            analysis = ReadoutAnalysis(text="", parties=parties, statements=[])
            return SimpleNamespace(id=id, date=date, countries=countries, analysis=analysis)

        readouts = [readout(1, "2031-04-09", ("China", "United States")),
                    readout(2, "2031-04-09", ("United States", "China")),
                    readout(3, "2031-04-09", ("China", "Iran")),
                    readout(4, "2031-04-10", ("China", "United States")),
                    readout(5, None, ("China", "United States")),
                    readout(6, "2031-04-09", ("China",)),
                    # Countries differ (one misread), but both leaders are the same: suggested.
                    readout(7, "2032-11-02", ("Russia", "Germany"), "Mikhail Orlov", "Katrin Albers"),
                    readout(8, "2032-11-02", ("Ukraine", "Russia"), "Katrin Albers", "Mikhail Orlov"),
                    readout(9, "2032-11-02", ("Russia", "Iran"), "Mikhail Orlov", "Ali Tavana")]
        assert [(x.id, y.id) for x, y in suggest_pairs(readouts)] == [(8, 7), (2, 1)]
        assert suggest_pairs([]) == []


class TestBadInput:
    def test_not_an_analysis(self, pairs):
        with pytest.raises(ValueError, match="must be a ReadoutAnalysis"):
            compare_readouts("some text", pairs[0][1])  # type: ignore[arg-type]

    def test_no_statements(self, pairs):
        empty = ReadoutAnalysis(text="", parties=[], statements=[])
        with pytest.raises(ValueError, match="no statements"):
            compare_readouts(pairs[0][1], empty)

    @pytest.mark.parametrize("threshold", [-0.1, 1.5, "0.2", True])
    def test_bad_threshold(self, pairs, threshold):
        with pytest.raises(ValueError, match="threshold"):
            compare_readouts(pairs[0][1], pairs[0][3], threshold=threshold)

    def test_frames_have_columns_when_empty(self, nlp):
        a = analyze("The weather was fine.", nlp=nlp)
        b = analyze("Markets rose sharply on Monday.", nlp=nlp)
        comparison = compare_readouts(a, b)
        assert comparison.pairs == []
        assert isinstance(comparison.pairs_frame(), pd.DataFrame) and "text_a" in comparison.pairs_frame()
        assert list(comparison.acts_frame().columns)[:3] == ["readout", "label", "statement"]


class TestCommand:
    """`python -m analysis compare A B [--json]` (run in-process through `analysis.cli.main`)."""

    @pytest.fixture()
    def files(self, tmp_path):
        record = json.loads(PAIRS.read_text(encoding="utf-8").splitlines()[0])
        paths = []
        for key in ("a", "b"):
            path = tmp_path / f"{key}.txt"
            path.write_text(build(record[key])[0], encoding="utf-8")
            paths.append(str(path))
        return paths

    def test_text_output(self, files, capsys):
        from analysis.cli import main

        assert main(["compare", *files]) == 0
        out = capsys.readouterr().out
        assert "Parties in both: Xi Jinping = Xi Jinping (name)" in out
        assert "Only in B:" in out and "wrongfully" in out.split("Only in B:")[1]
        assert "A0 ~ B0" in out

    def test_json_output_from_stdin(self, files, capsys, monkeypatch):
        import io

        from analysis.cli import main

        second = open(files[1], "rb").read()
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(second)))
        assert main(["compare", files[0], "-", "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["readouts"]["b"]["label"] == "standard input"
        assert len(data["pairs"]) == 6 and data["threshold"] == THRESHOLD

    def test_errors_exit_2_with_one_line(self, files, capsys, tmp_path):
        from analysis.cli import main

        assert main(["compare", files[0], str(tmp_path / "missing.txt")]) == 2
        assert capsys.readouterr().err.strip().startswith("error: no such file")
        assert main(["compare", "-", "-"]) == 2
        assert "standard input" in capsys.readouterr().err
        assert main(["compare", *files, "--threshold", "3"]) == 2
        assert "threshold" in capsys.readouterr().err


class TestNeverCrashes:
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.text(min_size=1, max_size=200).filter(str.strip), st.text(min_size=1, max_size=200).filter(str.strip))
    def test_any_two_texts(self, nlp, text_a, text_b):
        a, b = analyze(text_a, nlp=nlp), analyze(text_b, nlp=nlp)
        if not a.statements or not b.statements:
            with pytest.raises(ValueError, match="no statements"):
                compare_readouts(a, b)
            return
        comparison = compare_readouts(a, b)
        json.dumps(comparison.to_dict())
        assert len(comparison.pairs) + len(comparison.only_a) == len(comparison.a.statements)
        assert len(comparison.alignment_frame()) == len(comparison.pairs) + len(comparison.only_a) + len(comparison.only_b)


def test_us_in_a_statement_is_the_united_states(nlp):
    from analysis.compare import _statement_tokens

    # SYNTHETIC readout, invented for this test.
    result = analyze("President Thomas Avery spoke with Prime Minister Fumio Kishida of Japan. "
                     "They discussed US forces in Japan. Avery said we will help us.", nlp=nlp)
    tokens = _statement_tokens(result, [], "a", result, result)
    assert "c:united states" in tokens[1]
    assert "c:united states" not in tokens[2]  # the pronoun "us" is not the country
