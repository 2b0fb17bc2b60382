"""Tests for analysis.timeline: figures checked by hand on a tiny corpus of hand-written dated readouts."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import analyze
from analysis.keywords import keyword_positions
from analysis.model import Party, ReadoutAnalysis, Statement
from analysis.timeline import (
    TIMELINE_COLUMNS,
    corpus_countries,
    corpus_keyword_in_context,
    keyword_timeline,
    period_label,
    readouts_between,
    readouts_in_period,
    select_readouts,
    suggest_keywords,
)

VALE = Party("Anna Vale", "President", "Norland")
OSTER = Party("Piet Oster", "Prime Minister", "Sudmark")
QIAO = Party("Lin Qiao", "President", "Eastland")
KEYWORDS = ["Belt and Road", "core interests"]


def _readout(date: str | None, parties: list[Party], statements: list[tuple[str | None, str]]) -> ReadoutAnalysis:
    """A readout built by hand: each statement's lemmas are its words, so every figure can be counted."""
    built, text = [], ""
    for i, (speaker, words) in enumerate(statements):
        start = len(text)
        text += words + ". "
        built.append(Statement(i, start, start + len(words), words, speaker, "test", tuple(words.split())))
    return ReadoutAnalysis(text=text, parties=parties, statements=built, date=date, title=f"Readout of {date}")


@pytest.fixture(scope="module")
def corpus() -> dict[str, ReadoutAnalysis]:
    # Words per statement are in the comments; mentions of Belt and Road (BR) and core interest (CI).
    return {
        "r1": _readout("2020-01-15", [VALE, OSTER], [
            ("Anna Vale", "we support the belt and road and core interest"),  # 9 words, BR 1, CI 1
            ("Piet Oster", "belt and road belt and road"),                       # 6 words, BR 2
            ("joint", "the two side agree"),                                     # 4 words
            (None, "the call be hold"),                                          # 4 words
        ]),
        "r2": _readout("2020-02-20", [VALE, OSTER], [
            ("Anna Vale", "core interest matter"),                               # 3 words, CI 1
            ("Piet Oster", "nothing to add here today"),                         # 5 words
        ]),
        "r3": _readout("2020-04-02", [VALE, QIAO], [
            ("Lin Qiao", "the belt and road"),                                   # 4 words, BR 1
            ("Anna Vale", "we talk trade"),                                      # 3 words
        ]),
        "r4": _readout("2022-06-01", [VALE, OSTER], [
            ("Anna Vale", "trade and more trade"),                               # 4 words
        ]),
        "undated": _readout(None, [VALE, OSTER], [("Anna Vale", "belt and road")]),
    }


def _row(df: pd.DataFrame, period: str, keyword: str, group: str = "all") -> pd.Series:
    rows = df[(df["period"] == period) & (df["keyword"] == keyword) & (df["group"] == group)]
    assert len(rows) == 1, f"expected one row for {period}/{keyword}/{group}, found {len(rows)}"
    return rows.iloc[0]


class TestKeywordTimeline:
    def test_by_readout_counts_and_rates(self, corpus, nlp):
        df = keyword_timeline(corpus, KEYWORDS, nlp=nlp)
        assert list(df.columns) == TIMELINE_COLUMNS + ["readout_id", "title"]
        assert df.attrs["undated"] == 1
        assert list(dict.fromkeys(df["readout_id"])) == ["r1", "r2", "r3", "r4"]  # by date; undated left out
        r1 = _row(df, "2020-01-15", "Belt and Road")
        assert (r1["count"], r1["words"], r1["readouts"], r1["readout_id"]) == (3, 23, 1, "r1")
        assert r1["per_1k_words"] == pytest.approx(3 / 23 * 1000)
        assert r1["title"] == "Readout of 2020-01-15"
        assert _row(df, "2020-01-15", "core interests")["per_1k_words"] == pytest.approx(1000 / 23)
        r2 = _row(df, "2020-02-20", "core interests")
        assert (r2["count"], r2["words"], r2["per_1k_words"]) == (1, 8, 125.0)
        assert _row(df, "2020-04-02", "Belt and Road")["per_1k_words"] == pytest.approx(1000 / 7)
        r4 = _row(df, "2022-06-01", "Belt and Road")
        assert (r4["count"], r4["words"], r4["per_1k_words"]) == (0, 4, 0.0)  # a readout, no mention: zero

    def test_by_month_leaves_months_without_readouts_out(self, corpus, nlp):
        df = keyword_timeline(corpus, KEYWORDS, by="month", nlp=nlp)
        assert list(dict.fromkeys(df["period"])) == ["2020-01", "2020-02", "2020-04", "2022-06"]
        assert _row(df, "2020-02", "Belt and Road")["count"] == 0
        assert str(_row(df, "2020-04", "Belt and Road")["period_start"].date()) == "2020-04-01"

    def test_by_quarter_sums_readouts(self, corpus, nlp):
        df = keyword_timeline(corpus, KEYWORDS, by="quarter", nlp=nlp)
        assert list(dict.fromkeys(df["period"])) == ["2020Q1", "2020Q2", "2022Q2"]
        q1 = _row(df, "2020Q1", "core interests")
        assert (q1["count"], q1["words"], q1["readouts"]) == (2, 31, 2)
        assert q1["per_1k_words"] == pytest.approx(2 / 31 * 1000)
        assert q1["titles"] == "Readout of 2020-01-15; Readout of 2020-02-20"

    def test_by_year(self, corpus, nlp):
        df = keyword_timeline(corpus, KEYWORDS, by="year", nlp=nlp)
        assert len(df) == 4  # 2020 and 2022, two keywords; 2021 had no readout and is absent, not zero
        y2020 = _row(df, "2020", "Belt and Road")
        assert (y2020["count"], y2020["words"], y2020["readouts"]) == (4, 38, 3)
        assert y2020["per_1k_words"] == pytest.approx(4 / 38 * 1000)
        assert _row(df, "2022", "core interests")[["count", "words", "readouts"]].tolist() == [0, 4, 1]

    def test_per_speaker(self, corpus, nlp):
        df = keyword_timeline(corpus, KEYWORDS, by="year", per="speaker", nlp=nlp)
        groups_2020 = set(df.loc[df["period"] == "2020", "group"])
        assert groups_2020 == {"Anna Vale", "Piet Oster", "Lin Qiao", "joint", "narration"}
        vale = _row(df, "2020", "core interests", "Anna Vale")
        assert (vale["count"], vale["words"], vale["readouts"]) == (2, 15, 3)
        oster = _row(df, "2020", "Belt and Road", "Piet Oster")
        assert (oster["count"], oster["words"], oster["readouts"]) == (2, 11, 2)
        assert oster["per_1k_words"] == pytest.approx(2 / 11 * 1000)
        assert _row(df, "2020", "Belt and Road", "joint")[["count", "words"]].tolist() == [0, 4]
        assert set(df.loc[df["period"] == "2022", "group"]) == {"Anna Vale"}  # only groups that spoke

    def test_per_country(self, corpus, nlp):
        df = keyword_timeline(corpus, KEYWORDS, by="year", per="country", nlp=nlp)
        assert set(df["group"]) == {"Norland", "Sudmark", "Eastland", "joint", "narration"}
        eastland = _row(df, "2020", "Belt and Road", "Eastland")
        assert (eastland["count"], eastland["words"], eastland["per_1k_words"]) == (1, 4, 250.0)

    def test_per_country_names_a_party_without_country(self, nlp):
        readout = _readout("2021-03-03", [Party("Sam Roe")], [("Sam Roe", "core interest")])
        df = keyword_timeline([readout], ["core interest"], per="country", nlp=nlp)
        assert df["group"].tolist() == ["Sam Roe (country unknown)"]
        assert df["readout_id"].tolist() == [0]  # a plain list: ids are positions

    def test_accepts_store_readouts_and_pairs(self, corpus, nlp):
        class Item:
            def __init__(self, id_, analysis):
                self.id, self.analysis = id_, analysis

        as_items = keyword_timeline([Item(k, v) for k, v in corpus.items()], KEYWORDS, nlp=nlp)
        as_pairs = keyword_timeline(list(corpus.items()), KEYWORDS, nlp=nlp)
        expected = keyword_timeline(corpus, KEYWORDS, nlp=nlp)
        pd.testing.assert_frame_equal(as_items, expected)
        pd.testing.assert_frame_equal(as_pairs, expected)

    def test_empty_and_undated_corpus(self, corpus, nlp):
        df = keyword_timeline({"u": corpus["undated"]}, KEYWORDS, by="year", nlp=nlp)
        assert df.empty and list(df.columns) == TIMELINE_COLUMNS + ["titles"]
        assert df.attrs["undated"] == 1

    def test_matches_keyword_positions_on_real_text(self, nlp):
        texts = [
            ("2019-05-01", "Xi Jinping said China respects Iran's core interests. Raisi said the Belt and Road "
                           "Initiative helps. Raisi noted that core interest matters and the belt and road too."),
            ("2019-07-01", "Xi Jinping said the two countries are friends. Raisi agreed."),
        ]
        readouts = [analyze(text, date=date, nlp=nlp) for date, text in texts]
        df = keyword_timeline(readouts, KEYWORDS, by="month", nlp=nlp)
        for readout in readouts:
            positions = keyword_positions(readout, KEYWORDS, nlp=nlp)
            for keyword in KEYWORDS:
                period = readout.date[:7]
                assert _row(df, period, keyword)["count"] == (positions["keyword"] == keyword).sum()
        assert _row(df, "2019-05", "core interests")["count"] == 2
        assert _row(df, "2019-05", "Belt and Road")["count"] == 2
        assert _row(df, "2019-07", "Belt and Road")["count"] == 0

    @pytest.mark.parametrize("kwargs, message", [
        ({"by": "week"}, "by must be one of"),
        ({"per": "party"}, "per must be"),
    ])
    def test_bad_options(self, corpus, nlp, kwargs, message):
        with pytest.raises(ValueError, match=message):
            keyword_timeline(corpus, KEYWORDS, nlp=nlp, **kwargs)

    def test_bad_keywords_and_corpus(self, corpus, nlp):
        with pytest.raises(ValueError, match="at least one keyword"):
            keyword_timeline(corpus, [], nlp=nlp)
        with pytest.raises(ValueError, match="single analysis"):
            keyword_timeline(corpus["r1"], KEYWORDS, nlp=nlp)
        with pytest.raises(ValueError, match="must be a ReadoutAnalysis"):
            keyword_timeline(["not a readout"], KEYWORDS, nlp=nlp)


class TestSelectReadouts:
    def test_pair_of_countries(self, corpus):
        kept = readouts_between(corpus, "norland", "SUDMARK")
        assert [key for key, _ in kept] == ["r1", "r2", "r4", "undated"]
        assert [key for key, _ in readouts_between(corpus, "Eastland", "Norland")] == ["r3"]

    def test_date_range_drops_undated(self, corpus):
        kept = select_readouts(corpus, date_from="2020-02-01", date_to="2020-12-31")
        assert [key for key, _ in kept] == ["r2", "r3"]
        both = select_readouts(list(corpus.values()), pair=("Norland", "Sudmark"), date_from="2020-02-20")
        assert [a.date for a in both] == ["2020-02-20", "2022-06-01"]

    def test_bad_filters(self, corpus):
        with pytest.raises(ValueError, match="after the end date"):
            select_readouts(corpus, date_from="2021-01-01", date_to="2020-01-01")
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            select_readouts(corpus, date_from="last spring")
        with pytest.raises(ValueError, match="two country names"):
            select_readouts(corpus, pair=("Norland",))

    def test_corpus_countries(self, corpus):
        assert corpus_countries(corpus) == ["Eastland", "Norland", "Sudmark"]


class TestPeriods:
    @pytest.mark.parametrize("by, expected", [
        ("readout", "2020-02-20"), ("month", "2020-02"), ("quarter", "2020Q1"), ("year", "2020"),
    ])
    def test_period_label_matches_the_timeline(self, corpus, nlp, by, expected):
        assert period_label("2020-02-20", by) == expected
        df = keyword_timeline(corpus, KEYWORDS, by=by, nlp=nlp)
        assert expected in set(df["period"])

    def test_readouts_in_period(self, corpus):
        assert [key for key, _ in readouts_in_period(corpus, "2020Q1", "quarter")] == ["r1", "r2"]
        assert readouts_in_period(corpus, "2021", "year") == []
        with pytest.raises(ValueError, match="by must be one of"):
            readouts_in_period(corpus, "2020", "decade")

    def test_corpus_keyword_in_context(self, corpus, nlp):
        df = corpus_keyword_in_context(readouts_in_period(corpus, "2020Q1", "quarter"), ["core interests"], nlp=nlp)
        assert df[["readout_id", "date", "match"]].values.tolist() == [
            ["r1", "2020-01-15", "core interest"], ["r2", "2020-02-20", "core interest"]]
        assert df["right"].tolist() == ["", " matter"]
        empty = corpus_keyword_in_context([], ["trade"], nlp=nlp)
        assert empty.empty and "left" in empty.columns


class TestSuggestKeywords:
    def test_distinctive_terms_without_stop_words_or_names(self, corpus, nlp):
        terms = suggest_keywords(corpus, n=50)
        assert "trade" in terms and "belt" in terms and "core interest" in terms
        assert not {"the", "and", "we", "vale", "anna", "norland", "say"} & set(terms)
        assert terms.index("trade") < terms.index("matter")  # in two readouts, twice in one

    def test_suggestions_work_as_keywords(self, corpus, nlp):
        terms = suggest_keywords(corpus, n=5)
        assert len(terms) == 5
        df = keyword_timeline(corpus, terms, by="year", nlp=nlp)
        assert (df.groupby("keyword")["count"].sum() > 0).all()

    def test_per_speaker(self, corpus):
        terms = suggest_keywords(corpus, n=10, speaker="Piet Oster")
        assert {"belt", "road"} <= set(terms)
        assert "trade" not in terms  # Oster never said it
        assert suggest_keywords(corpus, speaker="Nobody") == []

    @pytest.mark.parametrize("n", [0, -1, 2.5, True])
    def test_bad_n(self, corpus, n):
        with pytest.raises(ValueError, match="positive whole number"):
            suggest_keywords(corpus, n=n)


class TestTimelineCommand:
    """`python -m analysis timeline` over a store in a temporary folder."""

    @pytest.fixture()
    def db(self, tmp_path):
        from analysis.store import Store

        path = tmp_path / "corpus.sqlite3"
        with Store(path) as store:  # a store with readouts is not seeded with the shipped corpus
            store.add("President Anna Vale of Norland said the Belt and Road brings core interests. "
                      "Prime Minister Piet Oster of Sudmark said the belt and road is welcome.",
                      date="2020-05-01", title="Vale and Oster", parties=["Anna Vale", "Piet Oster"])
            store.add("President Anna Vale of Norland said trade matters.", date="2021-02-03", title="Trade",
                      parties=["Anna Vale"])
            store.add("President Anna Vale of Norland said the belt and road matters.", title="Undated")
        return path

    def test_csv(self, db, tmp_path, capsys):
        from analysis.cli import main

        out = tmp_path / "timeline.csv"
        assert main(["timeline", "-k", "Belt and Road", "--by", "year", "--db", str(db), "--csv", str(out)]) == 0
        df = pd.read_csv(out)
        assert df["period"].tolist() == [2020, 2021]
        assert df["count"].tolist() == [2, 0]
        assert (df["per_1k_words"] == df["count"] * 1000 / df["words"]).all()
        assert "1 readout(s) without a date" in capsys.readouterr().err

    def test_table_per_country(self, db, capsys):
        from analysis.cli import main

        assert main(["timeline", "-k", "core interest", "--per", "country", "--db", str(db)]) == 0
        printed = capsys.readouterr().out
        assert "Norland" in printed and "core interest" in printed and "2020-05-01" in printed

    def test_bad_keyword_exits_2(self, db, capsys):
        from analysis.cli import main

        assert main(["timeline", "-k", " ", "--db", str(db)]) == 2
        assert "error: Each keyword must be a non-empty word or phrase" in capsys.readouterr().err
