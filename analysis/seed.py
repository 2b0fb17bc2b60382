"""Seed an empty store with the shipped readouts: the real sample and the synthetic corpus."""

from __future__ import annotations

from pathlib import Path

from analysis.importing import Duplicate, ImportReport, import_paths
from analysis.samples import SAMPLE_DIR, load_sample
from analysis.store import Progress, Store

#: The synthetic readouts between fictional countries (Markdown files with front matter, `synthetic: true`).
CORPUS_DIR = SAMPLE_DIR / "corpus"

#: The store property that records that seeding was done (or skipped because the store had readouts).
SEEDED_PROPERTY = "seeded"


def corpus_files(folder: Path = CORPUS_DIR) -> list[Path]:
    """The shipped synthetic readouts, in date order (their file names start with the date)."""
    return sorted(folder.glob("*.md"))


def seed(store: Store, *, progress: Progress | None = None) -> ImportReport:
    """Add the real sample readout and every synthetic corpus readout (duplicates are skipped).

    Returns:
        What was added; a shipped file with a bad record would be listed under `errors`.
    """
    sample = load_sample()
    report = import_paths(store, corpus_files(), progress=progress)
    readout_id, created = store.add(
        sample.text, title=sample.title, date=sample.date, publisher=sample.publisher,
        published_by=sample.meta.get("published_by"), source=sample.meta.get("source"),
        parties=list(sample.parties), meta={"sample_id": sample.id}, synthetic=sample.synthetic,
    )
    if created:
        report.added.insert(0, readout_id)
    else:
        report.duplicates.insert(0, Duplicate(str(SAMPLE_DIR / f"{sample.id}.txt"), 1, readout_id))
    return report


def seed_if_empty(store: Store, *, progress: Progress | None = None) -> ImportReport | None:
    """Seed the store the first time it is opened empty; never again (not even after deleting everything).

    Returns:
        The import report when it seeded, None when the store was seeded before or already had readouts.
    """
    if store.get_property(SEEDED_PROPERTY) is not None:
        return None
    if store.count() > 0:
        store.set_property(SEEDED_PROPERTY, "skipped: the store already had readouts")
        return None
    report = seed(store, progress=progress)
    store.set_property(SEEDED_PROPERTY, "yes")
    return report
