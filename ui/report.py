"""The report and ZIP download buttons for the current readout, with the charts the app shows for it."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from analysis import ReadoutAnalysis
from analysis.report import ReportChart, charts_zip, readout_tables, report_html
from analysis.summary import airtime_frame, readout_summary, top_themes_frame
from ui.charts.common import shown_charts
from ui.charts.readout import airtime_chart, index_chart, top_themes_chart
from ui.colors import speaker_colors
from ui.downloads import file_stem
from ui.export import chart_image, export_unavailable_reason

#: Report chart key -> the key the readout page shows that chart under.
_SUMMARY_KEYS = {"words": "readout_words", "themes": "readout_themes", "reciprocity-index": "readout_index"}


def readout_charts(result: ReadoutAnalysis, shown: dict[str, go.Figure] | None = None) -> list[ReportChart]:
    """The readout page's summary charts (words, themes, reciprocity index), each with how to read it.

    Args:
        result: the analysed readout.
        shown: charts already drawn for it by key (`shown_charts()`), reused instead of being built again.
    """
    shown = shown or {}
    colors = speaker_colors([p.leader for p in result.parties])
    words = shown.get(_SUMMARY_KEYS["words"]) or airtime_chart(airtime_frame(result), colors)
    charts = [ReportChart("words", "Words per speaker", words,
                          "How much of the readout each side is given, in words of its attributed statements.")]
    themes = top_themes_frame(result)
    if not themes.empty:
        figure = shown.get(_SUMMARY_KEYS["themes"]) or top_themes_chart(themes, colors)
        charts.append(ReportChart("themes", "Themes each side stressed", figure,
                                  "Mentions of each theme per 1,000 of the speaker's words, so that a long-winded "
                                  "side does not win by volume."))
    if isinstance(result.extras.get("reciprocity"), dict) and len(result.parties) >= 2:
        from analysis.reciprocity import index_components

        components = index_components(result)
        if not components.empty:
            figure = shown.get(_SUMMARY_KEYS["reciprocity-index"]) or index_chart(components)
            charts.append(ReportChart("reciprocity-index", "Reciprocity index", figure,
                                      "0 means everything flowed one way, 1 that each side gave back what it got."))
    return charts


def report_charts(result: ReadoutAnalysis) -> list[ReportChart]:
    """Every chart for the report: the summary charts, then any other chart shown for this readout this session."""
    shown = shown_charts()
    charts = readout_charts(result, shown)
    known = {c.key for c in charts}
    for key, fig in shown.items():
        if key not in known and key not in _SUMMARY_KEYS.values():
            title = fig.layout.title.text if fig.layout.title and fig.layout.title.text else key.replace("_", " ")
            charts.append(ReportChart(key, str(title), go.Figure(fig)))
    return charts


def build_report(result: ReadoutAnalysis, charts: list[ReportChart]) -> str:
    """The self-contained HTML report of `result` with these charts."""
    colors = speaker_colors([p.leader for p in result.parties])
    return report_html(result, charts=charts, summary=readout_summary(result), colors=colors)


def build_zip(result: ReadoutAnalysis, charts: list[ReportChart], *, images: bool = True) -> bytes:
    """A ZIP of every chart (PNG and SVG when `images`), every table as CSV, and the HTML report."""
    stem = file_stem(result, "x").rsplit("_", 1)[0]
    render = (lambda fig, fmt: chart_image(fig, fmt)) if images else None
    return charts_zip(charts, readout_tables(result), stem=stem, render=render, report=build_report(result, charts))


def report_downloads(result: ReadoutAnalysis, *, key: str = "report") -> None:
    """Two buttons: the HTML report, and the ZIP of charts and tables (made on click)."""
    problem = export_unavailable_reason()
    # Collected now: the files are made on click, outside the script run, where session state is not readable.
    charts = report_charts(result)
    left, right = st.columns(2)
    with left:
        st.download_button("Download the report (HTML)", lambda: build_report(result, charts).encode("utf-8"),
                           file_name=f"{file_stem(result, 'report')}.html", mime="text/html", key=f"{key}_html",
                           on_click="ignore", type="primary", width="stretch",
                           help="One self-contained page: summary, statements by speaker, every chart and table.")
    with right:
        label = "Download charts and tables (ZIP)" if not problem else "Download tables (ZIP, no images)"
        st.download_button(label, lambda: build_zip(result, charts, images=not problem),
                           file_name=f"{file_stem(result, 'charts')}.zip", mime="application/zip",
                           key=f"{key}_zip", on_click="ignore", width="stretch",
                           help="Every chart as PNG and SVG, every table as CSV, and the report.")
    if problem:
        st.caption(problem)
