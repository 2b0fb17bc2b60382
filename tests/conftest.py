"""Shared test fixtures: one spaCy pipeline per test session, and the sample readout."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
# Kaleido and Playwright use a Chromium that never reaches outside hosts.
_OFFLINE = ROOT.parent / "shared" / "tools" / "chromium-offline"
if _OFFLINE.exists():
    os.environ.setdefault("BROWSER_PATH", str(_OFFLINE))


@pytest.fixture(scope="session")
def nlp():
    from analysis import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def sample():
    from analysis.samples import load_sample

    return load_sample()


@pytest.fixture(scope="session")
def sample_analysis(sample, nlp):
    from analysis import analyze

    return analyze(sample.text, date=sample.date, title=sample.title, nlp=nlp)
