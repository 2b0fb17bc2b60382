"""Tests for ui.charts.timeline: the figures built from timeline and position tables."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.keywords import POSITION_COLUMNS
from ui.charts.timeline import positions_chart, timeline_chart


def _timeline(groups: list[str], by_readout: bool = True) -> pd.DataFrame:
    rows = []
    for keyword in ["trade", "core interest"]:
        for group in groups:
            for day, rid, title in [("2020-01-02", 1, "A <script>x</script>"), ("2021-05-06", 2, "B")]:
                row = {"period": day, "period_start": pd.Timestamp(day), "keyword": keyword, "group": group,
                       "count": 2, "words": 100, "per_1k_words": 20.0, "readouts": 1}
                row.update({"readout_id": rid, "title": title} if by_readout else {"titles": title})
                rows.append(row)
    return pd.DataFrame(rows)


class TestTimelineChart:
    def test_one_line_per_keyword_with_readout_hover(self):
        fig = timeline_chart(_timeline(["all"]))
        assert [t.name for t in fig.data] == ["trade", "core interest"]
        assert fig.data[0].mode == "lines+markers"
        assert list(fig.data[0].customdata[0]) == ["2020-01-02", "1", "trade", "all"]
        assert "&lt;script&gt;" in fig.data[0].hovertext[0] and "<script>" not in fig.data[0].hovertext[0]
        assert fig.layout.yaxis.title.text == "Mentions per 1,000 words"
        assert fig.layout.xaxis.title.text == "Date of the call"

    def test_groups_get_their_colours_and_keywords_their_dashes(self):
        fig = timeline_chart(_timeline(["Anna Vale", "joint"], by_readout=False), measure="count",
                             colors={"Anna Vale": "#123456", "joint": "#7F7F7F"})
        assert [t.name for t in fig.data][:2] == ["trade · Anna Vale", "trade · joint"]
        assert fig.data[0].line.color == "#123456" and fig.data[2].line.color == "#123456"
        assert fig.data[0].line.dash != fig.data[2].line.dash
        assert list(fig.data[0].y) == [2, 2] and fig.layout.xaxis.title.text == "Period"

    def test_empty_and_bad_measure(self):
        empty = _timeline(["all"]).iloc[0:0]
        assert timeline_chart(empty).layout.annotations[0].text == "No dated readout to show"
        with pytest.raises(ValueError, match="measure"):
            timeline_chart(_timeline(["all"]), measure="share")


class TestPositionsChart:
    def test_markers_by_speaker(self):
        df = pd.DataFrame([
            (0, 0, "Anna Vale", "trade", 1, 0, 5, "trade"),
            (3, 1, "joint", "core interest", 1, 40, 53, "core <b>interests</b>"),
        ], columns=POSITION_COLUMNS)
        fig = positions_chart(df, keywords=["trade", "core interest", "climate"], statements=6,
                              colors={"Anna Vale": "#0072B2", "joint": "#7F7F7F", "narration": "#BBBBBB"})
        assert [t.name for t in fig.data] == ["Anna Vale", "joint"]
        assert fig.data[0].marker.color == "#0072B2" and list(fig.data[1].x) == [3]
        assert fig.data[1].hovertext[0] == "core &lt;b&gt;interests&lt;/b&gt;"
        assert list(fig.layout.xaxis.range) == [-0.5, 5.5]
        assert list(fig.layout.yaxis.categoryarray) == ["climate", "core interest", "trade"]

    def test_no_mention(self):
        df = pd.DataFrame(columns=POSITION_COLUMNS)
        fig = positions_chart(df, keywords=["trade"], statements=3, colors={"narration": "#BBBBBB"})
        assert not fig.data and "None of the keywords" in fig.layout.annotations[0].text
