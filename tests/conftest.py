"""Shared test fixtures: one spaCy pipeline per test session, and the sample readout."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
# Kaleido and Playwright use a Chromium that never reaches outside hosts.
_OFFLINE = ROOT.parent / "shared" / "tools" / "chromium-offline"
if _OFFLINE.exists():
    os.environ.setdefault("BROWSER_PATH", str(_OFFLINE))
# Tests never touch the user's data: the store and other data files go to a temporary folder. Set here,
# before any test module imports `analysis.config`, which reads these variables at import.
_TEST_DATA_DIR = Path(tempfile.mkdtemp(prefix="readout-tests-"))
os.environ["READOUT_DATA_DIR"] = str(_TEST_DATA_DIR)
os.environ["READOUT_DB"] = str(_TEST_DATA_DIR / "readouts.sqlite3")


@pytest.fixture(scope="session", autouse=True)
def test_data_dir():
    """The session's temporary data folder (READOUT_DATA_DIR), removed at the end."""
    yield _TEST_DATA_DIR
    shutil.rmtree(_TEST_DATA_DIR, ignore_errors=True)


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
