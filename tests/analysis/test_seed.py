"""Tests for analysis.seed and the shipped synthetic corpus in sample_data/corpus."""

from __future__ import annotations

import re

import pytest

from analysis.importing import parse_front_matter
from analysis.seed import SEEDED_PROPERTY, corpus_files, seed, seed_if_empty
from analysis.store import Store


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "corpus.sqlite3") as opened:
        yield opened


def _corpus():
    out = []
    for path in corpus_files():
        fields, body, _ = parse_front_matter(path.read_text(encoding="utf-8"))
        out.append((path, fields, body))
    return out


class TestShippedCorpus:
    def test_at_least_twelve_synthetic_readouts_over_five_years(self):
        corpus = _corpus()
        assert len(corpus) >= 12
        assert all(fields.get("synthetic") is True for _, fields, _ in corpus)
        assert len({fields["date"][:4] for _, fields, _ in corpus}) >= 5
        for path, fields, _ in corpus:
            assert path.name.startswith(fields["date"]), path.name
            assert fields.get("title") and fields.get("publisher") and len(fields.get("parties", [])) >= 2

    def test_keywords_rise_and_fall(self):
        by_year: dict[str, str] = {}
        for _, fields, body in _corpus():
            by_year[fields["date"][:4]] = by_year.get(fields["date"][:4], "") + " " + body.lower()
        pandemic_years = {y for y, text in by_year.items() if re.search(r"pandemic|covid-19", text)}
        assert pandemic_years == {"2020", "2021"}
        corridor = {y: text.count("corridor initiative") for y, text in by_year.items()}
        assert corridor["2024"] + corridor["2025"] > corridor["2019"] + corridor["2020"]
        green = {y: text.count("green energy") for y, text in by_year.items()}
        assert green["2019"] == 0 and green["2024"] + green["2025"] >= 5


class TestSeed:
    def test_seeds_an_empty_store_once(self, store):
        report = seed_if_empty(store)
        assert report is not None and report.errors == [] and report.duplicates == []
        assert store.count() == len(corpus_files()) + 1
        assert store.count(synthetic=True) == len(corpus_files())
        [real] = store.search(synthetic=False)
        assert real.title.startswith("Xi Jinping holds phone talks") and real.date == "2021-08-04"
        assert real.meta == {"sample_id": "xi-raisi-2021-08-04"} and real.published_by == "China"
        assert seed_if_empty(store) is None
        for readout in store.list():
            store.delete(readout.id)
        assert seed_if_empty(store) is None  # deleting everything does not bring the samples back
        assert store.count() == 0

    def test_a_store_with_readouts_is_not_seeded(self, store):
        store.add("President Anselm Kravik of Veloria spoke with Ilse Vantorp, a synthetic test readout.")
        assert seed_if_empty(store) is None
        assert store.count() == 1
        assert store.get_property(SEEDED_PROPERTY).startswith("skipped")

    def test_seeding_twice_adds_nothing(self, store):
        seed(store)
        again = seed(store)
        assert again.added == [] and len(again.duplicates) == len(corpus_files()) + 1

    def test_every_synthetic_readout_names_its_parties_and_countries(self, store, nlp):
        seed(store)
        store.analyze_all(nlp=nlp, n_process=1)
        corpus = store.readouts_with_analyses()
        assert len(corpus) == store.count()
        for item in corpus:
            expected = set(item.readout.parties)
            assert {p.leader for p in item.parties} >= expected, item.title
            assert all(p.country for p in item.parties), (item.title, item.parties)
            assert sum(s.speaker not in (None, "joint") for s in item.analysis.statements) >= 1
        countries = set(store.countries())
        assert {"Veloria", "Tarsania", "Meridia", "Halvia", "Kaldora"} <= countries
