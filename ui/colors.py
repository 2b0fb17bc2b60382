"""Party colours: the same colour for a speaker on every page and chart, safe for colour-blind readers."""

from __future__ import annotations

# Okabe & Ito's colour-blind-safe palette; grey is kept for joint statements and narration.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"]
JOINT_COLOR = "#7F7F7F"
NARRATION_COLOR = "#BBBBBB"


def speaker_colors(leaders: list[str]) -> dict[str, str]:
    """Map each party (in the analysis's order), "joint" and "narration" to a colour."""
    colors = {leader: PALETTE[i % len(PALETTE)] for i, leader in enumerate(leaders)}
    colors["joint"] = JOINT_COLOR
    colors["narration"] = NARRATION_COLOR
    return colors
