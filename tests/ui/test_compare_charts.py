"""Tests for ui.charts.compare: the comparison charts read their tables as given, and the side-by-side view
escapes every text."""

from __future__ import annotations

import pandas as pd

from ui.charts.compare import acts_chart, airtime_chart, alignment_html, coverage_chart, themes_chart


def test_coverage_chart_shows_both_shares():
    df = pd.DataFrame([
        {"readout": "a", "label": "Agency", "statements": 10, "matched_statements": 5, "statement_share": 0.5,
         "words": 200, "matched_words": 80, "word_share": 0.4},
        {"readout": "b", "label": "White House", "statements": 8, "matched_statements": 5, "statement_share": 0.625,
         "words": 150, "matched_words": 100, "word_share": 2 / 3},
    ])
    fig = coverage_chart(df)
    assert [t.name for t in fig.data] == ["Statements", "Words"]
    assert list(fig.data[0].x) == [0.5, 0.625] and list(fig.data[1].y) == ["Agency", "White House"]
    assert fig.layout.xaxis.title.text and fig.layout.title.text


def test_airtime_chart_one_trace_per_party_with_its_colour():
    df = pd.DataFrame([
        {"readout": "a", "label": "A", "role": "own leader", "leader": "Xi Jinping", "party": "Xi Jinping",
         "statements": 6, "words": 120, "word_share": 0.6},
        {"readout": "a", "label": "A", "role": "joint", "leader": "", "party": "joint", "statements": 2,
         "words": 80, "word_share": 0.4},
        {"readout": "b", "label": "B", "role": "other leader", "leader": "President Xi", "party": "Xi Jinping",
         "statements": 1, "words": 20, "word_share": 0.2},
        {"readout": "b", "label": "B", "role": "own leader", "leader": "Thomas Avery", "party": "Thomas Avery",
         "statements": 4, "words": 80, "word_share": 0.8},
    ])
    colors = {"Xi Jinping": "#0072B2", "Thomas Avery": "#D55E00", "joint": "#7F7F7F", "narration": "#BBBBBB"}
    fig = airtime_chart(df, colors)
    by_name = {t.name: t for t in fig.data}
    assert set(by_name) == {"Xi Jinping", "Thomas Avery", "joint"}
    assert list(by_name["Xi Jinping"].x) == [0.6, 0.2] and by_name["Xi Jinping"].marker.color == "#0072B2"
    assert list(by_name["Thomas Avery"].x) == [0.0, 0.8]
    assert fig.layout.barmode == "stack"


def test_themes_chart_marks_one_sided_themes():
    df = pd.DataFrame([
        {"theme": "energy", "readout": "a", "label": "A", "statements": 0, "share": 0.0, "emphasis": "only b"},
        {"theme": "energy", "readout": "b", "label": "B", "statements": 2, "share": 0.25, "emphasis": "only b"},
    ])
    fig = themes_chart(df, theme_labels={"energy": "Energy"})
    assert list(fig.data[1].y) == ["Energy (only B)"] and list(fig.data[1].x) == [0.25]


def test_acts_chart_splits_by_both_and_one_side():
    df = pd.DataFrame([
        {"readout": "a", "label": "A", "type": "support", "reported": "by both", "acts": 2},
        {"readout": "b", "label": "B", "type": "concern", "reported": "by this readout only", "acts": 1},
    ])
    fig = acts_chart(df)
    assert [t.name for t in fig.data] == ["reported by both", "reported by this readout only"]
    assert list(fig.data[1].y) == [1]


def test_alignment_html_escapes_and_highlights():
    df = pd.DataFrame([
        {"a": 0, "b": 0, "text_a": "Xi said <b>hi</b> & bye.", "text_b": "Avery said hello.", "speaker_a": "Xi Jinping",
         "speaker_b": "Thomas Avery", "party_a": "Xi Jinping", "party_b": "Thomas Avery", "score": 0.5,
         "status": "matched"},
        {"a": None, "b": 1, "text_a": "", "text_b": "<script>alert(1)</script>", "speaker_a": "",
         "speaker_b": "joint", "party_a": "", "party_b": "joint", "score": None, "status": "only b"},
    ])
    out = alignment_html(df, {"Xi Jinping": "#0072B2", "joint": "#7F7F7F"}, labels=("<A>", "B"))
    assert "<script>" not in out and "&lt;script&gt;" in out and "&lt;b&gt;hi&lt;/b&gt; &amp; bye" in out
    assert "A: &lt;A&gt;" in out
    rows = out.split("<tr>")[2:]
    assert "only this readout" not in rows[0] and "only this readout" in rows[1]
    assert ">A1</span>" in rows[0] and ">B1</span>" in rows[0] and ">B2</span>" in rows[1]
