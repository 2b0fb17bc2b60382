"""Readout Analyzer: who said what in diplomatic readouts, their themes, reciprocity and keyword trends.

The public API is re-exported here; see the README for the JSON format of `ReadoutAnalysis.to_dict()`.
"""

from __future__ import annotations

from analysis.keywords import keyword_in_context, keyword_positions
from analysis.model import JOINT, Party, ReadoutAnalysis, Statement
from analysis.nlp import load_pipeline
from analysis.readout import analyze
from analysis.reciprocity import acts_table, reciprocity_report  # registers "reciprocity" (after themes)
from analysis.taxonomy import Taxonomy, Theme, active_taxonomy, default_taxonomy, reset_taxonomy, save_taxonomy
from analysis.themes import tag_themes, theme_frequencies  # importing registers the "themes" enricher
from analysis.timeline import keyword_timeline, suggest_keywords

__all__ = ["JOINT", "Party", "ReadoutAnalysis", "Statement", "analyze", "load_pipeline",
           "Taxonomy", "Theme", "active_taxonomy", "default_taxonomy", "reset_taxonomy", "save_taxonomy",
           "tag_themes", "theme_frequencies", "acts_table", "reciprocity_report",
           "keyword_positions", "keyword_in_context", "keyword_timeline", "suggest_keywords"]
