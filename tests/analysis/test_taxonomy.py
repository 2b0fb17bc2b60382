"""Tests for analysis.taxonomy: the default file, validation, TOML round trips, the user's copy and reset."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import config
from analysis.taxonomy import (
    DEFAULT_PATH,
    Taxonomy,
    Theme,
    active_taxonomy,
    default_taxonomy,
    load_taxonomy,
    parse_taxonomy,
    reset_taxonomy,
    save_taxonomy,
    taxonomy_to_toml,
    user_taxonomy_error,
    user_taxonomy_path,
)

REQUIRED = {
    "partnership": ["friendship", "strategic partnership", "diplomatic ties", "mutual trust"],
    "economy_trade": ["trade", "investment", "economic cooperation", "finance", "sanctions relief"],
    "energy": [],
    "belt_and_road": ["Belt and Road", "connectivity", "infrastructure"],
    "health_pandemic": ["COVID-19", "pandemic"],
    "sovereignty": ["sovereignty", "territorial integrity", "core interests", "national dignity",
                    "internal affairs", "external interference"],
    "territorial_issues": ["Taiwan", "Xinjiang", "Hong Kong", "Tibet", "South China Sea", "Crimea", "Kashmir"],
    "security": ["security", "regional stability", "terrorism", "military"],
    "nuclear_arms_control": ["nuclear issue", "JCPOA", "non-proliferation", "arms control", "strategic stability"],
    "multilateralism": ["multilateralism", "unilateralism", "hegemonism", "United Nations", "international order",
                        "fairness and justice"],
    "war_and_crisis": ["war", "invasion", "ceasefire", "humanitarian crisis", "Ukraine", "Afghanistan"],
    "climate_environment": [],
    "development_governance": ["development", "governance", "poverty", "people's well-being"],
    "human_rights_democracy": [],
    "people_to_people": ["culture", "tourism", "education"],
    "milestones": ["anniversary", "congratulations", "election", "founding of the Party"],
}

GOOD = """
version = 1
[[themes]]
id = "trade"
label = "Trade"
description = "Goods and money."
terms = ["trade", "tariff"]

[[themes]]
id = "peace"
label = "Peace"
terms = ["ceasefire"]
"""


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "DATA_DIR", tmp_path)
    yield tmp_path
    reset_taxonomy()


class TestDefaultTaxonomy:
    def test_has_required_ids_and_terms(self):
        taxonomy = default_taxonomy()
        for theme_id, terms in REQUIRED.items():
            theme = taxonomy.theme(theme_id)
            assert theme.label and theme.description
            assert theme.terms
            lowered = {t.lower() for t in theme.terms}
            for term in terms:
                assert term.lower() in lowered, (theme_id, term)

    def test_file_is_read_with_tomllib_and_round_trips(self):
        taxonomy = load_taxonomy(DEFAULT_PATH)
        assert parse_taxonomy(taxonomy_to_toml(taxonomy)) == taxonomy


class TestParseTaxonomy:
    def test_reads_good_toml(self):
        taxonomy = parse_taxonomy(GOOD)
        assert taxonomy.ids == ["trade", "peace"]
        assert taxonomy.theme("trade").terms == ("trade", "tariff")
        assert taxonomy.theme("peace").description == ""

    def test_bytes_accepted(self):
        assert parse_taxonomy(GOOD.encode()).ids == ["trade", "peace"]

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("this is = = not toml", "not valid TOML"),
            ("version = 1", "list of themes"),
            ("themes = []", "no themes"),
            ('[[themes]]\nid = "Bad Id"\nlabel = "x"\nterms = ["a"]', "not valid"),
            ('[[themes]]\nid = "a"\nlabel = "x"\nterms = ["a"]\n[[themes]]\nid = "a"\nlabel = "y"\nterms = ["b"]',
             "appears twice"),
            ('[[themes]]\nid = "a"\nlabel = ""\nterms = ["a"]', "needs a label"),
            ('[[themes]]\nid = "a"\nlabel = "x"\nterms = []', "no terms"),
            ('[[themes]]\nid = "a"\nlabel = "x"\nterms = "a"', "list of terms"),
            ('[[themes]]\nid = "a"\nlabel = "x"\nterms = [1]', "must be text"),
            ('[[themes]]\nid = "a"\nlabel = "x"\nterms = ["  "]', "empty term"),
            ('[[themes]]\nid = "a"\nlabel = "x"\nterms = ["a"]\ncolour = "red"', "unknown keys"),
        ],
    )
    def test_invalid_raises_value_error(self, text, message):
        with pytest.raises(ValueError, match=message):
            parse_taxonomy(text)

    def test_not_utf8(self):
        with pytest.raises(ValueError, match="UTF-8"):
            parse_taxonomy(b"\xff\xfe\x00garbage")

    def test_too_large(self):
        with pytest.raises(ValueError, match="larger than"):
            parse_taxonomy(b"#" * 2_000_000)

    def test_whitespace_tidied_and_duplicate_terms_merged(self):
        taxonomy = parse_taxonomy('[[themes]]\nid = "a"\nlabel = " A  b "\nterms = ["core  interests", "Core interests"]')
        assert taxonomy.theme("a").label == "A b"
        assert taxonomy.theme("a").terms == ("core interests",)


class TestEditing:
    def test_add_and_remove_theme(self):
        taxonomy = parse_taxonomy(GOOD)
        added = taxonomy.with_theme(Theme("space", "Space", "Outer space.", ("satellite",)))
        assert added.ids == ["trade", "peace", "space"]
        assert taxonomy.ids == ["trade", "peace"]  # the original is unchanged
        assert added.without_theme("trade").ids == ["peace", "space"]

    def test_add_and_remove_term(self):
        taxonomy = parse_taxonomy(GOOD).with_term("peace", "  peace talks ")
        assert taxonomy.theme("peace").terms == ("ceasefire", "peace talks")
        assert taxonomy.with_term("peace", "Peace Talks") == taxonomy
        assert taxonomy.without_term("peace", "ceasefire").theme("peace").terms == ("peace talks",)

    def test_bad_edits(self):
        taxonomy = parse_taxonomy(GOOD)
        with pytest.raises(ValueError, match="appears twice"):
            taxonomy.with_theme(Theme("trade", "Again", "", ("x",)))
        with pytest.raises(ValueError, match="no theme"):
            taxonomy.with_term("nope", "x")
        with pytest.raises(ValueError, match="no terms"):
            taxonomy.without_term("peace", "ceasefire")
        with pytest.raises(ValueError, match="has no term"):
            taxonomy.without_term("peace", "war")
        with pytest.raises(ValueError, match="no themes"):
            Taxonomy((taxonomy.themes[0],)).without_theme("trade")


class TestUserCopy:
    def test_active_is_default_without_user_file(self, data_dir):
        assert not user_taxonomy_path().exists()
        assert active_taxonomy() == default_taxonomy()

    def test_save_then_active_then_reset(self, data_dir):
        edited = default_taxonomy().with_term("energy", "wind farm")
        path = save_taxonomy(edited)
        assert path == data_dir / "taxonomy.toml"
        assert active_taxonomy() == edited
        assert reset_taxonomy() == default_taxonomy()
        assert not path.exists()
        assert active_taxonomy() == default_taxonomy()

    def test_external_change_seen(self, data_dir):
        save_taxonomy(parse_taxonomy(GOOD))
        assert active_taxonomy().ids == ["trade", "peace"]
        user_taxonomy_path().write_text(GOOD.replace('"Peace"', '"Peace and quiet"') + "\n# edited\n")
        assert active_taxonomy().theme("peace").label == "Peace and quiet"

    def test_broken_user_file_falls_back_to_default_and_says_why(self, data_dir):
        user_taxonomy_path().write_text("not = = toml")
        assert active_taxonomy() == default_taxonomy()
        assert "not valid TOML" in user_taxonomy_error()


@settings(max_examples=60, deadline=None)
@given(
    label=st.text(min_size=1, max_size=30).filter(lambda s: s.strip()),
    terms=st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=5),
)
def test_toml_round_trip_any_text(label, terms):
    """Whatever the user types, what is saved reads back the same (or is refused with ValueError)."""
    try:
        taxonomy = Taxonomy((Theme("t", label, "d", tuple(terms)),)).with_term("t", "x")
    except ValueError:
        return
    assert parse_taxonomy(taxonomy_to_toml(taxonomy)) == taxonomy
