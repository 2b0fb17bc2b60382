"""The readouts shipped in `sample_data/`: the Xi–Raisi sample and its metadata."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
SAMPLE_ID = "xi-raisi-2021-08-04"


@dataclass(frozen=True)
class SampleReadout:
    """A readout with its metadata (title, date, publisher, parties, synthetic or not)."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    publisher: str | None = None
    parties: tuple[str, ...] = ()
    synthetic: bool = False
    meta: dict[str, Any] = field(default_factory=dict)


def load_sample(sample_id: str = SAMPLE_ID, *, folder: Path = SAMPLE_DIR) -> SampleReadout:
    """Load one shipped readout by id (default: the Xi–Raisi phone call of 4 August 2021).

    Raises:
        ValueError: if there is no such sample.
    """
    meta_path = folder / f"{sample_id}.json"
    if not meta_path.exists():
        raise ValueError(f"no sample readout named {sample_id!r} in {folder}")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    text = (folder / meta.get("text_file", f"{sample_id}.txt")).read_text(encoding="utf-8")
    return SampleReadout(
        id=sample_id, text=text, title=meta.get("title"), date=meta.get("date"),
        publisher=meta.get("publisher"), parties=tuple(meta.get("parties") or ()),
        synthetic=bool(meta.get("synthetic")), meta=meta,
    )
