"""A self-contained HTML report of one readout, and a ZIP of its charts (PNG, SVG) and tables (CSV)."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from analysis import config
from analysis.model import JOINT, ReadoutAnalysis
from analysis.summary import ReadoutSummary, airtime_frame, readout_summary, top_themes_frame

#: Colours used when the caller gives none (Okabe and Ito's colour-blind-safe palette).
DEFAULT_PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]

#: Columns of the statements table.
STATEMENT_COLUMNS = ["index", "paragraph", "speaker", "cue", "words", "themes", "text"]


@dataclass
class ReportChart:
    """A chart for the report and the ZIP.

    Attributes:
        key: short name used in file names ("words", "themes").
        title: heading above the chart.
        figure: the plotly figure.
        caption: one or two sentences saying how to read it.
    """

    key: str
    title: str
    figure: go.Figure
    caption: str = ""


@dataclass
class ReportTable:
    """A table for the report and the ZIP (as CSV).

    Attributes:
        key: short name used in file names ("statements").
        title: heading above the table.
        frame: the data.
    """

    key: str
    title: str
    frame: pd.DataFrame


def statements_frame(result: ReadoutAnalysis) -> pd.DataFrame:
    """One row per statement with its speaker ("narration" for none), cue, words and themes (ids joined by ";")."""
    rows = [(s.index, s.paragraph, s.speaker or "narration", s.cue, s.words, "; ".join(s.themes), s.text)
            for s in result.statements]
    return pd.DataFrame(rows, columns=STATEMENT_COLUMNS)


def readout_tables(result: ReadoutAnalysis) -> list[ReportTable]:
    """Every table the report shows: statements, airtime, top themes, and the reciprocity tables when present."""
    tables = [ReportTable("statements", "Statements", statements_frame(result)),
              ReportTable("airtime", "Words per speaker", airtime_frame(result))]
    themes = top_themes_frame(result)
    if not themes.empty:
        tables.append(ReportTable("top-themes", "Themes each side stressed", themes))
    if isinstance(result.extras.get("reciprocity"), dict) and len(result.parties) >= 2:
        from analysis import reciprocity

        for key, title, build in (
            ("reciprocity-index", "Reciprocity index and components", reciprocity.pairs_table),
            ("acts", "Directed acts", reciprocity.acts_table),
            ("mirrored-acts", "Mirrored acts", reciprocity.mirrored_table),
            ("one-sided-acts", "One-sided acts", reciprocity.one_sided_table),
            ("echo", "Phrases both sides used", reciprocity.echo_table),
        ):
            frame = build(result)
            if not frame.empty:
                tables.append(ReportTable(key, title, frame))
    return tables


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _colors(result: ReadoutAnalysis, colors: dict[str, str] | None) -> dict[str, str]:
    out = {p.leader: DEFAULT_PALETTE[i % len(DEFAULT_PALETTE)] for i, p in enumerate(result.parties)}
    out.update({JOINT: "#7F7F7F", "narration": "#999999"})
    out.update(colors or {})
    return out


def _statements_by_speaker(result: ReadoutAnalysis, colors: dict[str, str]) -> str:
    parts = []
    for label in [*result.speakers(), "narration"]:
        mine = [s for s in result.statements if (s.speaker or "narration") == label]
        if not mine:
            continue
        color = colors.get(label, "#999999")
        words = sum(s.words for s in mine)
        items = "".join(
            f'<li value="{s.index}"><span class="cue">[{_esc(s.cue)}]</span> {_esc(s.text)}</li>' for s in mine
        )
        parts.append(
            f'<section class="speaker" style="border-left-color:{_esc(color)}">'
            f'<h3 style="color:{_esc(color)}">{_esc(label)}</h3>'
            f'<p class="muted">{len(mine)} statement{"s" if len(mine) != 1 else ""}, {words:,} words. '
            f"Numbers are the statements' positions in the readout (from 0).</p><ol>{items}</ol></section>"
        )
    return "\n".join(parts)


def _reciprocity_explanation(result: ReadoutAnalysis) -> str:
    recip = result.extras.get("reciprocity")
    intro = (
        "<p>Reciprocity is whether what one side gives, the other gives back. The analyzer reads each side's "
        "directed acts (support, praise, thanks, congratulations, commitments, invitations, proposals, "
        "agreement; and urging, concern, warnings, opposition, criticism), pairs acts of the same kind made in "
        "both directions (mirrored) and lists those made one way only (one-sided). It also compares the themes "
        "each side raised and the content phrases both used (lexical echo).</p>"
    )
    if not isinstance(recip, dict):
        return intro + "<p class='muted'>Reciprocity was not computed for this readout.</p>"
    out = [intro, f"<p><b>How the index is made.</b> {_esc(recip.get('formula', ''))}</p>"]
    for pair in recip.get("pairs") or []:
        notes = "".join(f"<li>{_esc(n)}</li>" for n in pair.get("notes") or [])
        index = pair.get("index")
        shown = f"{index:.2f}" if isinstance(index, (int, float)) else "not measured"
        out.append(f"<p><b>{_esc(pair.get('a'))} ↔ {_esc(pair.get('b'))}</b>: index {shown}.</p>"
                   + (f"<ul>{notes}</ul>" if notes else ""))
    return "\n".join(out)


_CSS = """
body{font-family:Arial,Helvetica,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1b1b1b;
line-height:1.5;background:#fff}
h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
.muted{color:#555;font-size:.9em}.summary p{font-size:1.05em}
.speaker{border-left:6px solid #999;padding:.2em 1em;margin:1em 0}.speaker h3{margin:.2em 0}
.cue{color:#666;font-size:.85em}ol li{margin:.3em 0}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0 1.5em;width:100%}
th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f3f3f3}
.chart{margin:1em 0 2em;page-break-inside:avoid}.warning{background:#fff4e5;border-left:4px solid #E69F00;
padding:.4em .8em}
@media print{.chart{page-break-inside:avoid}body{margin:0}}
"""


def report_html(
    result: ReadoutAnalysis,
    *,
    charts: Sequence[ReportChart] = (),
    tables: Sequence[ReportTable] | None = None,
    summary: ReadoutSummary | None = None,
    colors: dict[str, str] | None = None,
    generated: dt.datetime | None = None,
) -> str:
    """A self-contained HTML report: summary, parties, statements by speaker, every chart, the tables.

    plotly.js is inlined once, so the charts stay interactive offline; every piece of readout text is
    escaped.

    Args:
        result: the analysed readout.
        charts: the charts, in the order to show them.
        tables: the tables (default `readout_tables(result)`).
        summary: the summary (default `readout_summary(result)`).
        colors: a colour per speaker label.
        generated: when the report was made (default now, UTC).

    Returns:
        The HTML page as a string.
    """
    summary = summary or readout_summary(result)
    tables = readout_tables(result) if tables is None else tables
    colors = _colors(result, colors)
    generated = generated or dt.datetime.now(dt.UTC)
    title = result.title or "Readout analysis"
    parties = "".join(
        f'<li><b style="color:{_esc(colors.get(p.leader, "#333"))}">{_esc(p.leader)}</b>'
        + (f" ({_esc(', '.join(x for x in (p.title, p.country) if x))})" if p.title or p.country else "")
        + "</li>" for p in result.parties
    ) or "<li>No party could be named.</li>"
    warnings = "".join(f'<p class="warning">{_esc(w)}</p>' for w in result.warnings)
    chart_html = []
    for i, chart in enumerate(charts):
        div = chart.figure.to_html(full_html=False, include_plotlyjs=False, div_id=f"chart-{i}",
                                   config={"displaylogo": False,
                                           "toImageButtonOptions": {"format": "png", "scale": 3}})
        chart_html.append(f'<div class="chart" title="{_esc(chart.title)}">{div}'
                          + (f'<p class="muted">{_esc(chart.caption)}</p>' if chart.caption else "") + "</div>")
    table_html = "".join(
        f"<h3>{_esc(t.title)}</h3>" + t.frame.to_html(index=False, escape=True, border=0, na_rep="")
        for t in tables
    )
    meta = [f"Date of the call: {_esc(result.date) if result.date else 'not given'}",
            f"Analyzer version {_esc(config.ANALYZER_VERSION)}",
            f"Report made {generated.strftime('%Y-%m-%d %H:%M UTC')}"]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_esc(title)}: readout analysis</title><style>{_CSS}</style>
<script type="text/javascript">{get_plotlyjs()}</script></head>
<body>
<h1>{_esc(title)}</h1>
<p class="muted">{' · '.join(meta)}</p>
<section class="summary"><h2>Summary</h2><p><b>{_esc(summary.headline)}</b></p>
{''.join(f'<p>{_esc(p)}</p>' for p in summary.paragraphs)}</section>
<h2>Parties</h2><ul>{parties}</ul>{warnings}
<h2>Charts</h2>{''.join(chart_html) or '<p class="muted">No chart.</p>'}
<h2>Reciprocity: how to read it</h2>{_reciprocity_explanation(result)}
<h2>Statements by speaker</h2>{_statements_by_speaker(result, colors)}
<h2>Tables</h2>{table_html}
<p class="muted">Made with Readout Analyzer {_esc(config.ANALYZER_VERSION)}. Every number above counts statements
listed in this report; the speaker of each statement and the cue it was found by are shown beside it.</p>
</body></html>
"""


def safe_name(text: str) -> str:
    """A file-name-safe form of `text` (lower case, letters, digits, hyphens and underscores)."""
    return re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-") or "file"


def charts_zip(
    charts: Sequence[ReportChart],
    tables: Sequence[ReportTable],
    *,
    stem: str,
    render: Callable[[go.Figure, str], bytes] | None,
    report: str | None = None,
) -> bytes:
    """A ZIP of every chart as PNG and SVG, every table as CSV, and optionally the HTML report.

    Args:
        charts: the charts.
        tables: the tables.
        stem: the start of every file name ("xi-raisi-2021-08-04").
        render: makes an image of a figure: `render(fig, "png" | "svg") -> bytes`; None to leave images out.
        report: the report's HTML, added as `<stem>_report.html` when given.

    Returns:
        The ZIP file's bytes. Files are named `<stem>_<key>.<ext>`.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if render is not None:
            for chart in charts:
                for fmt in ("png", "svg"):
                    archive.writestr(f"{stem}_{safe_name(chart.key)}.{fmt}", render(chart.figure, fmt))
        for table in tables:
            archive.writestr(f"{stem}_{safe_name(table.key)}.csv", table.frame.to_csv(index=False))
        if report is not None:
            archive.writestr(f"{stem}_report.html", report)
    return buffer.getvalue()
