"""Keyword timeline charts: mentions across the corpus by period, and where keywords fall within one readout."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from ui.colors import PALETTE

_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
_SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star"]

_MEASURES = {"per_1k_words": "Mentions per 1,000 words", "count": "Mentions"}


def _escape(value: object) -> str:
    """Text from a readout, made safe for plotly's hover labels (which read a little HTML)."""
    return html.escape(str(value), quote=False)


def timeline_chart(
    df: pd.DataFrame,
    *,
    measure: str = "per_1k_words",
    colors: dict[str, str] | None = None,
    title: str = "Keyword mentions over time",
) -> go.Figure:
    """A line chart with markers: one line per keyword (and group), one point per readout or period.

    Args:
        df: `analysis.timeline.keyword_timeline` output.
        measure: "per_1k_words" (default) or "count" on the y axis.
        colors: a colour per group (`ui.colors.speaker_colors`); when the table has one group, lines are
            coloured by keyword instead.
        title: the chart title.

    Returns:
        The figure. Each point's `customdata` is [period, readout id or "", keyword, group], so a click can
        lead back to the readouts it counts; its hover names the readout(s).
    """
    if measure not in _MEASURES:
        raise ValueError(f"measure must be 'per_1k_words' or 'count', got {measure!r}.")
    fig = go.Figure()
    keywords = list(dict.fromkeys(df["keyword"])) if not df.empty else []
    groups = list(dict.fromkeys(df["group"])) if not df.empty else []
    by_readout = "readout_id" in df.columns
    for (keyword, group), part in df.groupby(["keyword", "group"], sort=False):
        k = keywords.index(keyword)
        if len(groups) > 1:
            color = (colors or {}).get(group, PALETTE[groups.index(group) % len(PALETTE)])
            name = f"{keyword} · {group}"
        else:
            color, name = PALETTE[k % len(PALETTE)], keyword
        if by_readout:
            names = [_escape(t) for t in part["title"]]
            hover = [f"<b>{t}</b><br>{p}" for t, p in zip(names, part["period"])]
            ids = part["readout_id"].astype(str).tolist()
        else:
            hover = [f"<b>{p}</b>: {n} readout(s)<br>{_escape(t)}"
                     for p, n, t in zip(part["period"], part["readouts"], part["titles"])]
            ids = [""] * len(part)
        hover = [f"{h}<br>{_escape(keyword)} · {_escape(group)}: {c} mention(s) in {w:,} words ({r:.2f} per 1,000)"
                 for h, c, w, r in zip(hover, part["count"], part["words"], part["per_1k_words"])]
        fig.add_trace(go.Scatter(
            x=part["period_start"], y=part[measure], name=name, mode="lines+markers",
            line={"color": color, "dash": _DASHES[k % len(_DASHES)] if len(groups) > 1 else "solid"},
            marker={"size": 9, "symbol": _SYMBOLS[k % len(_SYMBOLS)]},
            customdata=[[p, i, keyword, group] for p, i in zip(part["period"], ids)],
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        ))
    fig.update_layout(
        title=title, xaxis_title="Date of the call" if by_readout else "Period", yaxis_title=_MEASURES[measure],
        legend_title="Keyword · group" if len(groups) > 1 else "Keyword", hovermode="closest",
        clickmode="event+select", margin={"t": 60},
    )
    fig.update_yaxes(rangemode="tozero")
    if df.empty:
        fig.add_annotation(text="No dated readout to show", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
    return fig


def positions_chart(
    df: pd.DataFrame,
    *,
    keywords: list[str],
    statements: int,
    colors: dict[str, str],
    title: str = "Where the keywords fall in this readout",
) -> go.Figure:
    """Statements along x, keywords along y, a marker per mention coloured by speaker.

    Args:
        df: `analysis.keywords.keyword_positions` output.
        keywords: the keywords in the order to list them (top to bottom), mentioned or not.
        statements: how many statements the readout has (the x axis spans them all).
        colors: a colour per speaker label (`ui.colors.speaker_colors`).
        title: the chart title.

    Returns:
        The figure, one trace per speaker; hover gives the statement, speaker and mentioned words.
    """
    fig = go.Figure()
    for speaker, part in df.groupby("speaker", sort=False):
        fig.add_trace(go.Scatter(
            x=part["statement"], y=part["keyword"], mode="markers", name=speaker,
            marker={"color": colors.get(speaker, colors.get("narration", "#BBBBBB")), "size": 14,
                    "line": {"width": 1, "color": "white"}},
            customdata=part[["statement", "count"]].to_numpy(),
            hovertext=[_escape(m) for m in part["match"]],
            hovertemplate=(f"Statement %{{x}} · {_escape(speaker)}<br>\u201c%{{hovertext}}\u201d"
                           "<br>%{customdata[1]} mention(s) of this keyword here<extra></extra>"),
        ))
    fig.update_layout(
        title=title, xaxis_title="Statement (in text order)", yaxis_title="Keyword", legend_title="Speaker",
        margin={"t": 60}, height=max(260, 80 + 50 * len(keywords)),
    )
    fig.update_xaxes(range=[-0.5, max(statements, 1) - 0.5], dtick=1 if statements <= 40 else None)
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(keywords)), type="category",
                     range=[-0.5, len(keywords) - 0.5])
    if df.empty:
        fig.add_annotation(text="None of the keywords is mentioned in this readout", showarrow=False,
                           x=0.5, y=0.5, xref="paper", yref="paper")
    return fig
