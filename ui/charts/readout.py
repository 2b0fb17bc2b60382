"""The readout page's summary charts: words per speaker, top themes per speaker, the reciprocity index."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from ui.colors import JOINT_COLOR, NARRATION_COLOR

#: Fonts large enough to read in a briefing once the chart is pasted at half a page wide.
FONT = {"family": "Arial, Helvetica, sans-serif", "size": 14}
TITLE_FONT = {"size": 18}


def _escape(value: object) -> str:
    """Text from a readout, made safe for plotly labels (which read a little HTML)."""
    return html.escape(str(value), quote=False)


def wrap_label(text: str, width: int = 26) -> str:
    """A long category label broken over lines (plotly's `<br>`), escaped."""
    lines, line = [], ""
    for word in str(text).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join(_escape(x) for x in [*lines, line] if x)


def style(fig: go.Figure, *, title: str, height: int) -> go.Figure:
    """The house look: readable fonts, a white background for print, a legend under the title."""
    fig.update_layout(
        title={"text": title, "font": TITLE_FONT, "x": 0, "xanchor": "left"}, font=FONT, height=height,
        template="plotly_white", margin={"l": 10, "r": 20, "t": 70, "b": 50},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0},
    )
    fig.update_yaxes(automargin=True)
    return fig


def airtime_chart(df: pd.DataFrame, colors: dict[str, str]) -> go.Figure:
    """Words per speaker as horizontal bars in the speakers' colours, labelled with words and share of the text.

    Args:
        df: `analysis.summary.airtime_frame` output.
        colors: a colour per speaker (`ui.colors.speaker_colors`).
    """
    labels = [_escape(s) for s in df["speaker"]]
    fig = go.Figure(go.Bar(
        x=df["words"], y=labels, orientation="h",
        marker_color=[colors.get(s, JOINT_COLOR if s == "joint" else NARRATION_COLOR) for s in df["speaker"]],
        text=[f"{w:,} words · {round(100 * sh)}%" for w, sh in zip(df["words"], df["share"])],
        textposition="auto", insidetextanchor="end", cliponaxis=False,
        customdata=df[["statements", "share"]].to_numpy(),
        hovertemplate="%{y}: %{x:,} words in %{customdata[0]} statements<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", title=None)
    # Room on the right for a label that does not fit inside its (short) bar.
    fig.update_xaxes(title="Words", range=[0, max(1, int(df["words"].max() if len(df) else 1)) * 1.6])
    return style(fig, title="Words per speaker", height=max(220, 90 + 55 * len(df)))


def top_themes_chart(df: pd.DataFrame, colors: dict[str, str]) -> go.Figure:
    """Each party's strongest themes: grouped horizontal bars of mentions per 1,000 of that party's words.

    Args:
        df: `analysis.summary.top_themes_frame` output.
        colors: a colour per speaker (`ui.colors.speaker_colors`).
    """
    fig = go.Figure()
    themes = list(dict.fromkeys(df["label"]))
    for speaker, part in df.groupby("speaker", sort=False):
        fig.add_trace(go.Bar(
            x=part["per_1k_words"], y=[wrap_label(t) for t in part["label"]], orientation="h", name=_escape(speaker),
            marker_color=colors.get(speaker, JOINT_COLOR), customdata=part[["statements", "mentions"]].to_numpy(),
            hovertemplate=(f"{_escape(speaker)} · %{{y}}<br>%{{x}} per 1,000 words"
                           "<br>%{customdata[1]} mentions in %{customdata[0]} statements<extra></extra>"),
        ))
    fig.update_layout(barmode="group", legend_title_text="")
    fig.update_yaxes(categoryorder="array", categoryarray=[wrap_label(t) for t in reversed(themes)], title=None)
    fig.update_xaxes(title="Per 1,000 of the speaker's words")
    if df.empty:
        fig.add_annotation(text="No theme of the taxonomy was found", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
    return style(fig, title="Themes each side stressed", height=max(300, 130 + 40 * len(df)))


def index_chart(df: pd.DataFrame) -> go.Figure:
    """The reciprocity index of each pair beside its components, on a 0 to 1 scale.

    Args:
        df: `analysis.reciprocity.index_components` output (columns a, b, component, label, value).
    """
    fig = go.Figure()
    palette = ["#0072B2", "#009E73", "#CC79A7", "#E69F00"]
    pairs = list(dict.fromkeys(zip(df["a"], df["b"])))
    for k, (a, b) in enumerate(pairs):
        part = df[(df["a"] == a) & (df["b"] == b)]
        values = pd.to_numeric(part["value"], errors="coerce")
        fig.add_trace(go.Bar(
            x=values.fillna(0), y=part["label"], orientation="h", name=_escape(f"{a} ↔ {b}"),
            marker_color=[palette[k % len(palette)] if c == "index" else "#9DB4C0" if len(pairs) == 1
                          else palette[k % len(palette)] for c in part["component"]],
            marker_pattern_shape=["" if c == "index" else "/" for c in part["component"]],
            text=["not measured" if pd.isna(v) else f"{v:.2f}" for v in values], textposition="outside",
            hovertemplate="%{y}: %{x:.2f}<extra></extra>",
        ))
    fig.update_layout(barmode="group", showlegend=len(pairs) > 1)
    fig.update_xaxes(range=[0, 1.12], title="0 = one-sided · 1 = fully mirrored", tickvals=[0, 0.25, 0.5, 0.75, 1])
    fig.update_yaxes(autorange="reversed", title=None)
    return style(fig, title="Reciprocity index and its parts", height=max(280, 120 + 45 * len(df)))
