"""Reciprocity charts: the index beside its components, acts in each direction, and the index across pairs."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from ui.colors import JOINT_COLOR, NARRATION_COLOR

INDEX_COLOR = "#000000"


def components_chart(df: pd.DataFrame, *, title: str = "Reciprocity index and its components") -> go.Figure:
    """Horizontal bars from 0 to 1: the index first, then each component, so the number explains itself.

    Args:
        df: `analysis.reciprocity.index_components(result, pair=...)` (columns `component, label, value`);
            an empty value (a component left out of the index) is drawn as an empty bar marked "left out".
        title: the chart title.
    """
    values = [None if pd.isna(v) else float(v) for v in df["value"]]
    labels = [html.escape(str(x)) for x in df["label"]]
    fig = go.Figure(go.Bar(
        x=[v or 0.0 for v in values], y=labels, orientation="h",
        marker_color=[INDEX_COLOR if c == "index" else JOINT_COLOR for c in df["component"]],
        text=["left out" if v is None else f"{v:.2f}" for v in values], textposition="outside",
        hovertemplate="%{y}: %{text}<extra></extra>",
    ))
    fig.update_layout(title=title, xaxis_title="Score (0 = one-sided, 1 = fully reciprocal)", yaxis_title=None,
                      showlegend=False, margin={"l": 10, "r": 40})
    fig.update_xaxes(range=[0, 1.12], tickvals=[0, 0.25, 0.5, 0.75, 1])
    fig.update_yaxes(autorange="reversed")
    return fig


def acts_chart(df: pd.DataFrame, a: str, b: str, *, colors: dict[str, str],
               title: str = "Acts in each direction") -> go.Figure:
    """Diverging bars per act type: acts from `a` to `b` to the left, from `b` to `a` to the right.

    Args:
        df: `analysis.reciprocity.act_counts(result, pair=(a, b))` (columns `source, target, type, count`).
        a: the leader whose acts go left.
        b: the leader whose acts go right.
        colors: `ui.colors.speaker_colors`, so each side has its colour on every page.
        title: the chart title.
    """
    fig = go.Figure()
    for source, target, sign in ((a, b, -1), (b, a, 1)):
        part = df[(df["source"] == source) & (df["target"] == target)]
        fig.add_trace(go.Bar(
            y=list(part["type"]), x=[sign * int(n) for n in part["count"]], orientation="h",
            name=html.escape(f"{source} → {target}"), marker_color=colors.get(source, NARRATION_COLOR),
            customdata=list(part["count"]), hovertemplate="%{y}: %{customdata}<extra>%{fullData.name}</extra>",
        ))
    most = int(df["count"].max()) if not df.empty else 0
    ticks = list(range(-most, most + 1)) if most else [0]
    fig.update_layout(title=title, barmode="relative", xaxis_title=f"← acts by {a}  |  acts by {b} →",
                      yaxis_title="Act type", legend={"orientation": "h", "y": -0.25})
    fig.update_xaxes(tickvals=ticks, ticktext=[str(abs(t)) for t in ticks], range=[-most - 0.5, most + 0.5],
                     zeroline=True, zerolinecolor="#444444")
    fig.update_yaxes(autorange="reversed")
    return fig


def matrix_chart(matrix: pd.DataFrame, *, title: str = "Reciprocity index for every pair of parties") -> go.Figure:
    """A heatmap of the index for every pair (`analysis.reciprocity.index_matrix`), from 0 to 1.

    Args:
        matrix: square table, leaders as rows and columns, the index in the cells (diagonal empty).
        title: the chart title.
    """
    names = [html.escape(str(x)) for x in matrix.columns]
    cells = [[None if pd.isna(v) else float(v) for v in row] for row in matrix.to_numpy()]
    fig = go.Figure(go.Heatmap(
        z=cells, x=names, y=[html.escape(str(x)) for x in matrix.index], zmin=0, zmax=1, colorscale="Blues",
        text=[["" if v is None else f"{v:.2f}" for v in row] for row in cells], texttemplate="%{text}",
        colorbar={"title": {"text": "Index"}}, hovertemplate="%{y} and %{x}: %{z:.2f}<extra></extra>",
    ))
    fig.update_layout(title=title, xaxis_title="Party", yaxis_title="Party")
    fig.update_yaxes(autorange="reversed")
    return fig
