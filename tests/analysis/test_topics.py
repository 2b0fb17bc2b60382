"""Tests for analysis.topics: TF-IDF + NMF topic discovery and turning a topic into a theme."""

from __future__ import annotations

import pytest

from analysis.taxonomy import default_taxonomy
from analysis.themes import tag_themes
from analysis.topics import COLUMNS, MIN_DOCUMENTS, discover_topics, topic_to_theme, topics_frame

# Synthetic snippets (invented for these tests): three about gas pipelines, three about vaccines.
ENERGY = [
    "The leaders discussed the gas pipeline and oil exports across the border.",
    "A new gas pipeline will carry oil and gas to the coast.",
    "Oil prices and the pipeline dominated the talks on gas supply.",
]
HEALTH = [
    "Vaccine deliveries and hospital beds were the focus of the call.",
    "The vaccine plant will supply hospital staff across the region.",
    "Hospital workers will receive the vaccine first.",
]


class TestDiscoverTopics:
    def test_separates_two_clear_topics(self):
        topics = discover_topics(ENERGY + HEALTH, n_topics=2)
        assert len(topics) == 2
        by_docs = {t.documents: set(t.terms) for t in topics}
        assert set(by_docs) == {(0, 1, 2), (3, 4, 5)}
        assert {"gas", "pipeline", "oil"} <= by_docs[(0, 1, 2)]
        assert {"vaccine", "hospital"} <= by_docs[(3, 4, 5)]
        assert not by_docs[(0, 1, 2)] & {"vaccine", "hospital"}

    def test_deterministic(self):
        assert discover_topics(ENERGY + HEALTH) == discover_topics(ENERGY + HEALTH)

    def test_top_n_and_weights_descending(self):
        for topic in discover_topics(ENERGY + HEALTH, top_n=3):
            assert 1 <= len(topic.terms) <= 3
            assert list(topic.weights) == sorted(topic.weights, reverse=True)
            assert all(w > 0 for w in topic.weights)
            assert topic.label == ", ".join(topic.terms[:3])

    def test_statements_of_the_sample(self, sample_analysis):
        topics = discover_topics(sample_analysis.statements, exclude=["xi", "raisi"])
        assert 2 <= len(topics) <= 8
        assigned = sorted(d for t in topics for d in t.documents)
        assert len(assigned) == len(set(assigned))
        assert all(term not in ("xi", "raisi", "say", "president") for t in topics for term in t.terms)

    @pytest.mark.parametrize("count", [5, 50])
    def test_robust_on_5_to_50_readouts(self, count):
        documents = [(ENERGY + HEALTH)[i % 6] + f" Meeting number {i}." for i in range(count)]
        topics = discover_topics(documents)
        assert 2 <= len(topics) <= 8
        assert sum(len(t.documents) for t in topics) == count

    def test_lists_of_lemmas(self):
        topics = discover_topics([["gas", "pipeline"], ["gas", "oil"], ["vaccine", "hospital"],
                                  ["vaccine", "doctor"]], n_topics=2)
        assert {frozenset(t.documents) for t in topics} == {frozenset({0, 1}), frozenset({2, 3})}

    @pytest.mark.parametrize(
        ("documents", "options", "message"),
        [
            (ENERGY[:MIN_DOCUMENTS - 1], {}, "at least"),
            ("a single text", {}, "list of documents"),
            (["the and of"] * 4, {}, "no content words"),
            (ENERGY + HEALTH, {"top_n": 0}, "at least 1"),
            ([1, 2, 3], {}, "Each document"),
        ],
    )
    def test_bad_input(self, documents, options, message):
        with pytest.raises(ValueError, match=message):
            discover_topics(documents, **options)


class TestTopicToTheme:
    def test_adds_a_theme_that_matches(self, sample_analysis):
        topics = discover_topics(ENERGY + HEALTH, n_topics=2)
        energy = next(t for t in topics if "pipeline" in t.terms)
        taxonomy = topic_to_theme(energy, default_taxonomy(), n_terms=4)
        new = taxonomy.themes[-1]
        assert new.id.startswith("topic_") and new.id not in default_taxonomy().ids
        assert new.terms == energy.terms[:4]
        assert taxonomy.ids[:-1] == default_taxonomy().ids
        again = topic_to_theme(energy, taxonomy)
        assert again.themes[-1].id == new.id + "_2"
        tagged = tag_themes(sample_analysis, taxonomy)
        assert {r["theme"] for r in tagged.extras["themes"]} >= {new.id}

    def test_named_and_taken_id(self):
        topic = discover_topics(ENERGY + HEALTH, n_topics=2)[0]
        named = topic_to_theme(topic, default_taxonomy(), theme_id="gas_talks", label="Gas talks")
        assert named.theme("gas_talks").label == "Gas talks"
        with pytest.raises(ValueError, match="already has"):
            topic_to_theme(topic, named, theme_id="gas_talks")


def test_topics_frame_columns():
    frame = topics_frame(discover_topics(ENERGY + HEALTH, top_n=4))
    assert list(frame.columns) == COLUMNS
    assert frame.groupby("topic")["rank"].apply(list).map(lambda r: r == list(range(1, len(r) + 1))).all()
