"""Party detection: how readouts introduce leaders, and how later mentions merge into one party."""

from __future__ import annotations

import pytest

from analysis import analyze


def parties_of(text, nlp):
    return {p.leader: p for p in analyze(text, nlp=nlp).parties}


class TestIntroductions:
    @pytest.mark.parametrize(
        ("text", "leader", "title", "country"),
        [
            ("Chinese President Xi Jinping spoke with Iranian President Ebrahim Raisi. Xi said ties are strong.",
             "Xi Jinping", "President", "China"),
            ("President Emmanuel Macron of France spoke with Chinese President Xi Jinping. Macron said trade matters.",
             "Emmanuel Macron", "President", "France"),
            ("President Joseph R. Biden, Jr. spoke today with Prime Minister Shri Narendra Modi of India.",
             "Joseph R. Biden Jr.", "President", None),
            ("President Joseph R. Biden, Jr. spoke today with Prime Minister Shri Narendra Modi of India.",
             "Narendra Modi", "Prime Minister", "India"),
            ("H.E. Mr. Moon Jae-in, President of the Republic of Korea, held talks with Foreign Minister Wang Yi of China.",
             "Moon Jae-in", "President", "South Korea"),
            ("H.E. Mr. Moon Jae-in, President of the Republic of Korea, held talks with Foreign Minister Wang Yi of China.",
             "Wang Yi", "Foreign Minister", "China"),
            ("Vladimir Putin had a telephone conversation with President of France Emmanuel Macron.",
             "Emmanuel Macron", "President", "France"),
            ("Tarsanian President Dong Weiming held talks with President Anselm Kravik of the Republic of Veloria.",
             "Anselm Kravik", "President", "Veloria"),
            # A first name that is also a capital (Sofia) is still a name.
            ("President Sofia Marin of Lusitara held a telephone conversation with President Kwame Mensah of Goldcoast.",
             "Sofia Marin", "President", "Lusitara"),
        ],
    )
    def test_leader_title_country(self, nlp, text, leader, title, country):
        found = parties_of(text, nlp)
        assert leader in found, list(found)
        assert found[leader].title == title
        assert found[leader].country == country

    def test_president_elect_is_a_party_without_a_name(self, nlp):
        text = "The president-elect spoke with President Volodymyr Zelenskyy of Ukraine. The president-elect said he would help."
        result = analyze(text, nlp=nlp)
        assert [p.title for p in result.parties] == ["president-elect", "President"]
        assert result.statements[1].speaker == result.parties[0].leader

    def test_collective_party(self, nlp):
        text = "President Biden spoke today with the European Council. The European Council said it stands with Ukraine."
        result = analyze(text, nlp=nlp)
        council = result.party("European Council")
        assert council.kind == "collective"
        assert council.country == "European Union"
        assert result.statements[1].speaker == "European Council"

    def test_multiparty_readout_keeps_every_leader(self, nlp):
        text = ("Prime Minister Anthony Albanese, Prime Minister Narendra Modi, Prime Minister Fumio Kishida and "
                "President Joe Biden met today. They agreed to meet again. Prime Minister Modi said the Quad matters.")
        result = analyze(text, nlp=nlp)
        assert len(result.parties) == 4
        assert [s.speaker for s in result.statements] == [None, "joint", "Narendra Modi"]


class TestMergingMentions:
    def test_every_way_of_referring_merges_into_one_party(self, nlp):
        text = ("Chinese President Xi Jinping held talks with President Emmanuel Macron of France. "
                "President Xi said China is ready. The Chinese President stressed trade. Beijing said it would help. "
                "The French side welcomed this. Macron agreed.")
        result = analyze(text, nlp=nlp)
        assert len(result.parties) == 2
        xi = result.party("Xi Jinping")
        assert {"President Xi", "The Chinese President", "Beijing"} <= set(xi.aliases)
        assert "The French side" in result.party("Emmanuel Macron").aliases
        assert [s.speaker for s in result.statements[1:]] == ["Xi Jinping"] * 3 + ["Emmanuel Macron"] * 2

    def test_surname_of_family_name_first_leader(self, nlp):
        text = ("President Moon Jae-in of the Republic of Korea spoke with Prime Minister Fumio Kishida of Japan. "
                "Moon said the two countries share values. Kishida agreed.")
        result = analyze(text, nlp=nlp)
        assert [s.speaker for s in result.statements] == [None, "Moon Jae-in", "Fumio Kishida"]

    def test_the_bare_title_means_the_publishers_leader(self, nlp):
        text = ("The Prime Minister spoke to Prime Minister Anthony Albanese of Australia this morning. "
                "The Prime Minister said AUKUS was vital. Prime Minister Albanese agreed.")
        result = analyze(text, nlp=nlp)
        host = result.parties[0]
        assert host.leader == "The Prime Minister"
        assert [s.speaker for s in result.statements] == [None, host.leader, "Anthony Albanese"]

    def test_typo_in_a_name_still_resolves(self, nlp):
        text = ("Chinese President Xi Jinping spoke with Iranian President Ebrahim Raisi. "
                "Raisi said Iran is ready. Rasi added that trade would grow.")
        result = analyze(text, nlp=nlp)
        assert result.statements[2].speaker == "Ebrahim Raisi"

    def test_hints_name_the_parties(self, nlp):
        text = "He said the talks went well. The other side agreed."
        result = analyze(text, parties=["Anselm Kravik", "Dong Weiming"], nlp=nlp)
        assert [p.leader for p in result.parties] == ["Anselm Kravik", "Dong Weiming"]
        assert any("never mentioned" in w for w in result.warnings)

    def test_more_than_six_leaders_are_capped_with_a_warning(self, nlp):
        names = ["Alda Brenn", "Corin Dask", "Edda Falk", "Gero Hask", "Ilse Jorn", "Kurt Lamm", "Mira Noss"]
        text = " ".join(f"President {n} of Veloria{i} said cooperation matters." for i, n in enumerate(names))
        result = analyze(text, nlp=nlp)
        assert len(result.parties) == 6
        assert any("More than 6" in w for w in result.warnings)


class TestCountries:
    def test_lowercase_us_is_not_the_united_states(self, nlp):
        text = ("Arkady Velmin held talks with President Nurlan Abenov of Karastan. "
                "Velmin said nobody would drive a wedge between us.")
        assert analyze(text, nlp=nlp).party("Arkady Velmin").country != "United States"

    def test_adjective_beside_its_state_names_a_state(self, nlp):
        text = ("Arkady Velmin held talks with President Nurlan Abenov of Karastan. Velmin praised Severnian-Karastani "
                "ties. The President of Severnia said trade grew. Severnia will keep supplying fuel.")
        result = analyze(text, nlp=nlp)
        assert result.party("Arkady Velmin").country == "Severnia"
        assert result.statements[2].speaker == "Arkady Velmin"

    def test_no_country_is_guessed_when_several_are_possible(self, nlp):
        text = ("President Thomas Avery spoke today with Prime Minister Fumio Kishida of Japan. The leaders discussed "
                "North Korea, China and the situation in Ukraine. The President stressed the alliance.")
        assert analyze(text, nlp=nlp).party("Thomas Avery").country is None

    def test_the_x_side_gives_its_leader_a_country(self, nlp):
        text = ("Emmanuel Macron spoke with the President of the People's Republic of China, Xi Jinping. "
                "The French side reaffirmed its attachment to freedom of navigation near Russia and Ukraine.")
        assert analyze(text, nlp=nlp).party("Emmanuel Macron").country == "France"


def test_dateline_split_by_the_parser_joins_its_sentence(nlp):
    text = ("VALDORA CITY, June 18 (VNA) -- Valdorian President Ana Kestrel held phone talks on Tuesday with "
            "Prime Minister Edwin Hale of Norland. Kestrel said ties are strong.")
    result = analyze(text, nlp=nlp)
    assert len(result.statements) == 2
    assert result.statements[0].text.startswith("VALDORA CITY")
    assert [p.leader for p in result.parties] == ["Ana Kestrel", "Edwin Hale"]


def test_party_words_cover_names_countries_and_their_forms(nlp):
    from analysis.parties import party_words

    result = analyze("Chinese President Xi Jinping spoke with Iranian President Ebrahim Raisi. Beijing said ties grow.",
                     nlp=nlp)
    words = party_words(result.parties)
    assert {"xi", "jinping", "raisi", "china", "chinese", "beijing", "iran", "iranian", "tehran"} <= words
    assert "ties" not in words and "the" not in words
