"""Theme charts: grouped bars and a heatmap of theme by speaker, and the distinctive-terms chart."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.colors import PALETTE

#: What the theme charts can show, with the axis title of each.
METRICS = {
    "per_1k_words": "Mentions per 1,000 words",
    "mentions": "Mentions",
    "share": "Share of the speaker's statements",
}


def _escape(value: object) -> str:
    """Text from a readout or the user's taxonomy, made safe for plotly labels (which read a little HTML)."""
    return html.escape(str(value), quote=False)


def _check_metric(metric: str) -> None:
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)}, got {metric!r}.")


def theme_bars(df: pd.DataFrame, *, metric: str = "per_1k_words", colors: dict[str, str] | None = None,
               title: str = "Themes by speaker") -> go.Figure:
    """Grouped bars: one bar per theme and speaker.

    Args:
        df: `analysis.themes.theme_frequencies` output (columns theme, label, speaker, statements,
            mentions, per_1k_words, share).
        metric: "per_1k_words", "mentions" or "share" on the y axis.
        colors: a colour per speaker (`ui.colors.speaker_colors`), the same on every page.
        title: the chart title.

    Returns:
        The figure; each bar's `customdata` is [theme id, speaker, statements, mentions], so a click leads
        to the statements behind it.
    """
    _check_metric(metric)
    fig = go.Figure()
    speakers = list(dict.fromkeys(df["speaker"])) if not df.empty else []
    for k, speaker in enumerate(speakers):
        part = df[df["speaker"] == speaker]
        fig.add_trace(go.Bar(
            x=[_escape(v) for v in part["label"]], y=part[metric].tolist(), name=_escape(speaker),
            marker_color=(colors or {}).get(speaker, PALETTE[k % len(PALETTE)]),
            customdata=part[["theme", "speaker", "statements", "mentions"]].values.tolist(),
            hovertemplate=(f"<b>{_escape(speaker)}</b><br>%{{x}}<br>{METRICS[metric]}: %{{y:.3g}}"
                           "<br>Statements: %{customdata[2]}<br>Mentions: %{customdata[3]}<extra></extra>"),
        ))
    fig.update_layout(
        title=title, barmode="group", xaxis_title="Theme", yaxis_title=METRICS[metric],
        legend_title_text="Speaker", xaxis_tickangle=-30, margin={"b": 140},
    )
    if metric == "share":
        fig.update_yaxes(tickformat=".0%", range=[0, 1])
    return fig


def theme_heatmap(df: pd.DataFrame, *, metric: str = "per_1k_words",
                  title: str = "Theme by speaker") -> go.Figure:
    """A heatmap: themes down, speakers across, cells coloured by `metric` and labelled with its value.

    Args:
        df: `analysis.themes.theme_frequencies` output.
        metric: "per_1k_words", "mentions" or "share".
        title: the chart title.
    """
    _check_metric(metric)
    themes = list(dict.fromkeys(df["label"])) if not df.empty else []
    speakers = list(dict.fromkeys(df["speaker"])) if not df.empty else []
    grid = df.pivot_table(index="label", columns="speaker", values=metric, aggfunc="sum", sort=False)
    grid = grid.reindex(index=themes, columns=speakers).fillna(0)
    text_format = "{:.0%}" if metric == "share" else ("{:.0f}" if metric == "mentions" else "{:.1f}")
    fig = go.Figure(go.Heatmap(
        z=grid.values.tolist(), x=[_escape(s) for s in speakers], y=[_escape(t) for t in themes],
        colorscale="Blues", colorbar_title_text=METRICS[metric],
        text=[[text_format.format(v) for v in row] for row in grid.values], texttemplate="%{text}",
        hovertemplate="%{y}<br>%{x}<br>" + METRICS[metric] + ": %{text}<extra></extra>",
    ))
    fig.update_layout(title=title, xaxis_title="Speaker", yaxis_title="Theme",
                      yaxis_autorange="reversed", height=max(320, 34 * len(themes) + 140))
    return fig


def distinctive_chart(df: pd.DataFrame, *, colors: dict[str, str] | None = None,
                      title: str = "Distinctive terms by speaker") -> go.Figure:
    """Horizontal bars of each group's most distinctive terms, one panel per group, strongest on top.

    Args:
        df: `analysis.distinctive.distinctive_terms` output (columns group, term, count, other_count,
            log_odds, z).
        colors: a colour per group (speaker colours).
        title: the chart title.
    """
    groups = list(dict.fromkeys(df["group"])) if not df.empty else []
    fig = make_subplots(rows=1, cols=max(1, len(groups)), subplot_titles=[_escape(g) for g in groups],
                        horizontal_spacing=0.18)
    for k, group in enumerate(groups):
        part = df[df["group"] == group].iloc[::-1]
        fig.add_trace(go.Bar(
            x=part["z"].tolist(), y=[_escape(t) for t in part["term"]], orientation="h", name=_escape(group),
            marker_color=(colors or {}).get(group, PALETTE[k % len(PALETTE)]),
            customdata=part[["count", "other_count", "log_odds"]].values.tolist(),
            hovertemplate=("%{y}<br>z: %{x:.2f}<br>Used here: %{customdata[0]}, by the others: "
                           "%{customdata[1]}<br>Log-odds: %{customdata[2]:.2f}<extra></extra>"),
        ), row=1, col=k + 1)
        fig.update_xaxes(title_text="z-score (log-odds, Dirichlet prior)", row=1, col=k + 1)
    fig.update_layout(title=title, showlegend=False, height=max(320, 26 * int(df.groupby("group").size().max()
                                                                          if groups else 0) + 160))
    return fig
