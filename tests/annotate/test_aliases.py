"""Names a report teaches are learned, scoped to their country, and used afterwards."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from marsad.annotate.aliases import find_aliases
from marsad.annotate.places import find_places
from marsad.resolve.gazetteer import open_gazetteer
from marsad.resolve.geocode import Context, geocode

DATA = Path(__file__).parent.parent / "data" / "gazetteer"


@pytest.fixture
def gaz(tmp_path):
    g = open_gazetteer(tmp_path / "g.sqlite", build=False)
    g.import_file(DATA / "XX.txt", admin1_codes=DATA / "admin1CodesASCII.txt")
    g.import_file(DATA / "my_sites.csv")
    yield g
    g.close()


def learn(text, gaz):
    return find_aliases(text, find_places(text, gaz), gaz, published=dt.date(2020, 4, 4), article_id="a1")


def test_renamed_province_is_learned_for_the_main_place(gaz):
    text = ("Islamic State fighters attacked army posts south of Deir Ezzor in Syria. The army holds Deir Ezzor city. "
            "For three years the jihadists, who renamed the province \"Wilayat al-Khayr\", besieged it.")
    [a] = learn(text, gaz)
    assert (a.alias, a.place_name, a.country_code, a.valid_from) == ("Wilayat al-Khayr", "Deir ez-Zor", "SY", dt.date(2020, 4, 4))
    assert "renamed the province" in a.evidence


@pytest.mark.parametrize(
    "text, alias, place",
    [
        ("Troops entered Afgoye, also written Afgooye or Afgooyo, in Somalia.", "Afgooyo", "Afgooye"),
        ("Fighters attacked Raqqa, known locally as \"Raqqat al-Rashid\", in northern Syria.", "Raqqat al-Rashid", "Ar Raqqah"),
    ],
)
def test_known_as_and_also_written_teach_new_names_only(gaz, text, alias, place):
    learned = learn(text, gaz)
    assert [(a.alias, a.place_name) for a in learned] == [(alias, place)]


def test_a_learned_alias_resolves_later_in_its_country_only(gaz):
    text = "Jihadists around Deir Ezzor in Syria renamed the province \"Wilayat al-Khayr\" in 2014."
    [a] = learn(text, gaz)
    place = next(p.place for p in find_places(text, gaz).places if p.place and p.place.name == a.place_name)
    assert gaz.add_alias(a, place) is True
    assert gaz.add_alias(a, place) is False  # learned once
    r = geocode("Wilayat al-Khayr", gaz, Context(countries=["SY"]))
    assert r.place.name == "Deir ez-Zor"
    assert any("learned from" in why for why in r.candidates[0].reasons)
    assert geocode("Wilayat al-Khayr", gaz, Context(countries=["SO"])).place is None
    assert gaz.stats()["aliases"] == 1
