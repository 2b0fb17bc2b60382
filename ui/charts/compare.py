"""Charts comparing two readouts of one call, and the side-by-side view of their aligned statements."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from ui.colors import JOINT_COLOR, NARRATION_COLOR, PALETTE

#: Colours of the two readouts where a chart shows one bar per readout (the first two of the palette are
#: the parties' colours, so the readouts get neutral ones).
READOUT_COLORS = {"a": "#4C4C4C", "b": "#A0A0A0"}
#: Background of a statement that only one readout reports.
ONLY_BACKGROUND = "rgba(230, 159, 0, 0.16)"

_ROLE_ORDER = ["own leader", "other leader", "joint", "narration", "other party"]


def _escape(value: object) -> str:
    """Readout text made safe for plotly hover labels and HTML (both read markup)."""
    return html.escape(str(value), quote=True)


def coverage_chart(df: pd.DataFrame, *, title: str = "How much of each readout the other also reports") -> go.Figure:
    """Horizontal bars: for each readout, the share of its statements and of its words the other also reports.

    Args:
        df: `Comparison.coverage_frame()`.
        title: the chart title.
    """
    fig = go.Figure()
    labels = [_escape(label) for label in df["label"]]
    for column, name, color in (("statement_share", "Statements", "#0072B2"), ("word_share", "Words", "#56B4E9")):
        counts = df["matched_statements"] if column == "statement_share" else df["matched_words"]
        totals = df["statements"] if column == "statement_share" else df["words"]
        fig.add_trace(go.Bar(
            y=labels, x=df[column], name=name, orientation="h", marker_color=color,
            text=[f"{v:.0%}" for v in df[column]], textposition="auto",
            customdata=list(zip(counts, totals)),
            hovertemplate=f"%{{y}}<br>{name}: %{{customdata[0]}} of %{{customdata[1]}} (%{{x:.0%}})<extra></extra>",
        ))
    fig.update_layout(title=title, barmode="group", xaxis={"title": "Share also reported by the other readout",
                                                           "tickformat": ".0%", "range": [0, 1]},
                      yaxis={"title": "", "autorange": "reversed"}, legend_title_text="Share of")
    return fig


def airtime_chart(df: pd.DataFrame, colors: dict[str, str], *,
                  title: str = "Airtime each readout gives to each side") -> go.Figure:
    """Stacked horizontal bars: each readout's words by speaker (own leader, other leader, joint, narration).

    Args:
        df: `Comparison.airtime_frame()`.
        colors: a colour per party name of `Comparison.parties()`, plus "joint" and "narration"
            (`ui.colors.speaker_colors`).
        title: the chart title.
    """
    fig = go.Figure()
    labels = list(dict.fromkeys(df["label"]))
    order = {role: i for i, role in enumerate(_ROLE_ORDER)}
    parties = df.assign(_o=df["role"].map(order)).sort_values("_o")["party"].drop_duplicates()
    for k, party in enumerate(parties):
        part = df[df["party"] == party].set_index("label").reindex(labels)
        fallback = {"joint": JOINT_COLOR, "narration": NARRATION_COLOR}.get(party, PALETTE[k % len(PALETTE)])
        roles = part["role"].fillna("").tolist()
        fig.add_trace(go.Bar(
            y=[_escape(label) for label in labels], x=part["word_share"].fillna(0.0), name=_escape(party),
            orientation="h", marker_color=colors.get(party, fallback),
            customdata=list(zip(roles, part["words"].fillna(0).astype(int), part["statements"].fillna(0).astype(int))),
            hovertemplate=(f"{_escape(party)} (%{{customdata[0]}})<br>%{{customdata[1]}} words in "
                           "%{customdata[2]} statements, %{x:.0%} of the readout<extra>%{y}</extra>"),
        ))
    fig.update_layout(title=title, barmode="stack", xaxis={"title": "Share of the readout's words",
                                                           "tickformat": ".0%", "range": [0, 1]},
                      yaxis={"title": "", "autorange": "reversed"}, legend={"title": {"text": "Speaker"},
                                                                             "traceorder": "normal"})
    return fig


def themes_chart(df: pd.DataFrame, *, theme_labels: dict[str, str] | None = None,
                 title: str = "Themes each readout emphasises") -> go.Figure:
    """Grouped horizontal bars: per theme, the share of each readout's statements touching it; themes that
    only one readout raises are marked "(only A)" or "(only B)" in the axis label.

    Args:
        df: `Comparison.themes_frame()`.
        theme_labels: readable names for theme ids (from the taxonomy); ids are shown otherwise.
        title: the chart title.
    """
    fig = go.Figure()
    names = theme_labels or {}
    marks = {"both": "", "only a": " (only A)", "only b": " (only B)"}
    for side in ("a", "b"):
        part = df[df["readout"] == side]
        if part.empty:
            continue
        axis = [_escape(names.get(t, t)) + marks.get(e, "") for t, e in zip(part["theme"], part["emphasis"])]
        fig.add_trace(go.Bar(
            y=axis, x=part["share"], name=f"{side.upper()}: {_escape(part['label'].iloc[0])}", orientation="h",
            marker_color=READOUT_COLORS[side], customdata=part["statements"],
            hovertemplate="%{y}<br>%{customdata} statements, %{x:.0%} of the readout<extra></extra>",
        ))
    fig.update_layout(title=title, barmode="group", height=max(320, 60 + 34 * df["theme"].nunique()),
                      xaxis={"title": "Share of the readout's statements touching the theme", "tickformat": ".0%"},
                      yaxis={"title": "", "autorange": "reversed"},
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0}, margin={"t": 110})
    return fig


def acts_chart(df: pd.DataFrame, *, title: str = "Acts each readout reports, and whether the other does") -> go.Figure:
    """Stacked bars per readout and act type: acts the other readout also reports, and acts only this one does.

    Args:
        df: `Comparison.acts_counts_frame()`.
        title: the chart title.
    """
    fig = go.Figure()
    styles = {"by both": ("#009E73", ""), "by this readout only": ("#E69F00", "/")}
    for reported, (color, pattern) in styles.items():
        part = df[df["reported"] == reported]
        if part.empty:
            continue
        fig.add_trace(go.Bar(
            x=[[r.upper() for r in part["readout"]], list(part["type"])], y=part["acts"],
            name=f"reported {reported}", marker={"color": color, "pattern": {"shape": pattern}},
            hovertemplate="Readout %{x[0]}, %{x[1]}: %{y} act(s)<extra>" + reported + "</extra>",
        ))
    fig.update_layout(title=title, barmode="stack", xaxis={"title": "Readout and act type"},
                      yaxis={"title": "Acts", "dtick": 1}, legend_title_text="")
    return fig


def alignment_html(df: pd.DataFrame, colors: dict[str, str], *, labels: tuple[str, str] = ("A", "B")) -> str:
    """The two readouts side by side as an HTML table: an aligned pair on one row, a statement only one
    readout has on a highlighted row of its own side. Each statement carries its number in its readout
    ("A3", "B5", from 1), since pairs that cross keep B's statements out of order. Every text is escaped.

    Args:
        df: `Comparison.alignment_frame()`.
        colors: a colour per party name (`party_a`/`party_b` columns), "joint" and "narration".
        labels: the two readouts' names for the column headers.
    """
    def cell(text: str, speaker: str, party: str, only: bool, number: str) -> str:
        if not text:
            return '<td style="width:50%"></td>'
        color = colors.get(party, NARRATION_COLOR)
        background = f"background:{ONLY_BACKGROUND};" if only else ""
        note = ' <span style="font-size:0.8em;opacity:0.8">(only this readout)</span>' if only else ""
        return (f'<td style="width:50%;vertical-align:top;padding:6px 10px;border-left:6px solid {color};'
                f'{background}"><span style="opacity:0.6">{number}</span> '
                f'<span style="font-weight:600;color:{color}">{_escape(speaker)}</span>{note}<br>'
                f"{_escape(text)}</td>")

    rows = [f'<tr><th style="text-align:left">A: {_escape(labels[0])}</th>'
            f'<th style="text-align:left">B: {_escape(labels[1])}</th></tr>']
    for row in df.itertuples():
        number_a = "" if pd.isna(row.a) else f"A{int(row.a) + 1}"
        number_b = "" if pd.isna(row.b) else f"B{int(row.b) + 1}"
        rows.append("<tr>" + cell(row.text_a, row.speaker_a, row.party_a, row.status == "only a", number_a)
                    + cell(row.text_b, row.speaker_b, row.party_b, row.status == "only b", number_b) + "</tr>")
    return '<table style="width:100%;border-collapse:separate;border-spacing:0 6px">' + "".join(rows) + "</table>"
