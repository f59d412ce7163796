"""Geocoding: phrases, context, and why a candidate lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.resolve.gazetteer import open_gazetteer
from marsad.resolve.geocode import Context, geocode, parse_phrase

DATA = Path(__file__).parent.parent / "data" / "gazetteer"


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    g = open_gazetteer(tmp_path_factory.mktemp("g") / "g.sqlite", build=False)
    g.import_file(DATA / "XX.txt", admin1_codes=DATA / "admin1CodesASCII.txt")
    g.import_file(DATA / "my_sites.csv")
    yield g
    g.close()


@pytest.mark.parametrize(
    "phrase, name, feature, relation",
    [
        ("the Conoco gas field", "Conoco", "gas field", None),
        ("al-Omar oil field", "al-Omar", "oil field", None),
        ("the Tiyas airbase", "Tiyas", "airbase", None),
        ("the Kilometre 40 checkpoint", "Kilometre 40", "checkpoint", None),
        ("the town of Afgoye", "Afgoye", "town", None),
        ("Deir Ezzor's eastern countryside", "Deir Ezzor", "countryside", "eastern countryside"),
        ("near Raqqa", "Raqqa", None, "near"),
        ("west of Palmyra", "Palmyra", None, "west of"),
        ("20 km south of Mosul", "Mosul", None, "20 km south of"),
        ("the outskirts of Maiduguri", "Maiduguri", None, "outskirts of"),
        ("the western countryside of Deir Ezzor", "Deir Ezzor", None, "western countryside of"),
        ("the Syrian desert", "Syrian", "desert", None),
        ("Teir Maaleh village", "Teir Maaleh", "village", None),
        ("Bab al Khayr village II", "Bab al Khayr", "village", None),
    ],
)
def test_phrase_parts(phrase, name, feature, relation):
    p = parse_phrase(phrase)
    assert (p.name, p.feature, p.relation) == (name, feature, relation)


def test_country_context_beats_a_famous_homonym(gaz):
    assert geocode("Tripoli", gaz).place.country_code == "LY"  # the capital, with no context
    assert geocode("Tripoli", gaz, Context(countries=["LB"])).place.country_code == "LB"


def test_a_local_village_beats_a_bigger_place_abroad(gaz):
    r = geocode("Hamra village", gaz, Context(countries=["SY"]))
    assert r.place.country_code == "SY"
    loser = next(c for c in r.candidates if c.place.country_code == "ES")
    assert any("not a country the article names" in why for why in loser.reasons)


def test_province_context_picks_the_homonym_in_that_province(gaz):
    r = geocode("Hamra", gaz, Context(countries=["SY"], admin1=["Aleppo"]))
    assert r.place.admin1 == "Aleppo"
    r = geocode("Hamra", gaz, Context(countries=["SY"], admin1=["Homs Governorate"]))
    assert r.place.admin1 == "Homs"


def test_nearby_places_in_the_article_decide(gaz):
    r = geocode("Hamra", gaz, Context(countries=["SY"], near=[(36.2, 37.15)]))  # Aleppo city
    assert r.place.admin1 == "Aleppo"


def test_a_city_name_alone_is_the_city_not_the_province(gaz):
    assert geocode("Deir Ezzor", gaz, Context(countries=["SY"])).place.feature_code == "PPLA"
    r = geocode("Deir ez-Zor Governorate", gaz, Context(countries=["SY"]))
    assert r.place.feature_code == "ADM1" and r.geo_precision == 3


@pytest.mark.parametrize(
    "phrase, precision",
    [("Raqqa", 1), ("near Raqqa", 2), ("the outskirts of Raqqa", 2), ("Raqqa province", 3), ("Raqqa's northern countryside", 3)],
)
def test_geo_precision(gaz, phrase, precision):
    assert geocode(phrase, gaz, Context(countries=["SY"])).geo_precision == precision


def test_feature_words_prefer_the_right_kind_of_place(gaz):
    r = geocode("the Omar oil field", gaz, Context(countries=["SY"]))
    assert r.place.feature_code == "OILF"
    r = geocode("the T4 airbase", gaz, Context(countries=["SY"]))
    assert r.place.name == "Tiyās"


def test_user_sites_resolve_by_their_alternate_names(gaz):
    assert geocode("Koniko", gaz, Context(countries=["SY"])).place.name == "Conoco gas field"


def test_unknown_name_is_unresolved_not_guessed(gaz):
    r = geocode("Qaryat Nowhere village", gaz, Context(countries=["SY"]))
    assert r.place is None and r.geo_precision is None and r.name == "Qaryat Nowhere"


def test_a_namesake_abroad_and_far_from_the_text_is_not_chosen(gaz):
    assert geocode("Tripoli", gaz, Context(countries=["SY"])).place.country_code == "LY"  # no other places known
    r = geocode("Tripoli", gaz, Context(countries=["SY"], near=[(35.34, 40.14)]))  # the article is in Deir ez-Zor
    assert r.place is None  # a village "Tripoli" there that no gazetteer lists, not Libya's capital
    assert any("outside the countries the text names" in why for why in r.candidates[0].reasons)
    near_homs = geocode("Tripoli", gaz, Context(countries=["SY"], near=[(34.73, 36.71)]))
    assert near_homs.place.country_code == "LB"  # abroad, but beside the article's other places
