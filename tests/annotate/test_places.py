"""Place mentions found in text, with the words around them, geocoded in the article's context."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.annotate.places import detect_countries, find_places
from marsad.resolve.gazetteer import open_gazetteer

DATA = Path(__file__).parent.parent / "data" / "gazetteer"


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    g = open_gazetteer(tmp_path_factory.mktemp("g") / "g.sqlite", build=False)
    g.import_file(DATA / "XX.txt", admin1_codes=DATA / "admin1CodesASCII.txt")
    g.import_file(DATA / "my_sites.csv")
    yield g
    g.close()


def placed(text, gaz):
    return [(p.text, p.place.name if p.place else None, p.resolution.geo_precision) for p in find_places(text, gaz).places]


def test_countries_come_from_names_and_demonyms(gaz):
    assert detect_countries("Syrian troops and Iraqi militias crossed from Iraq into Syria. Iraq said ...", gaz) == ["IQ", "SY"]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Militants attacked a checkpoint near Dayr az Zawr on Sunday, Syrian state media said.",
         ("near Dayr az Zawr", "Deir ez-Zor", 2)),
        ("Fighting spread to the western countryside of Deir Ezzor, the Syrian army said.",
         ("the western countryside of Deir Ezzor", "Deir ez-Zor", 2)),
        ("Rockets hit the Conoco gas field in Syria overnight.", ("Conoco gas field", "Conoco gas field", 1)),
        ("The group struck the T4 airbase in Syria's Homs province.", ("T4 airbase", "Tiyās", 1)),
        ("A car bomb exploded in Afgoye, 30 km from Mogadishu, Somali police said.", ("Afgoye", "Afgooye", 1)),
        ("Clashes were reported in al-Bukamal, near the Iraqi border, Syrian media said.", ("al-Bukamal", "Ālbū Kamāl", 1)),
    ],
)
def test_place_phrase_found_and_resolved(gaz, sentence, expected):
    assert expected in placed(sentence, gaz)


def test_country_named_alone_is_a_region(gaz):
    assert ("Iraq", "Iraq", 3) in placed("Attacks in Iraq rose in March, officials said.", gaz)


@pytest.mark.parametrize(
    "sentence",
    [
        "Islamic State claimed the attack on Sunday, Syrian officials said.",
        "The SDF said the Hamra brigade had withdrawn; more details were not given in Syria.",
    ],
)
def test_groups_weekdays_and_acronyms_are_not_places(gaz, sentence):
    names = [p.name for p in find_places(sentence, gaz).places]
    assert not {"Islamic State", "Sunday", "SDF", "Hamra"} & set(names)


def test_homonym_resolved_by_another_place_in_the_article(gaz):
    text = "Shelling hit Hamra, a village near Aleppo in Syria, and later Homs."
    found = {p.name: p.place for p in find_places(text, gaz).places}
    assert found["Homs"].name == "Homs"


def test_offsets_point_into_the_text(gaz):
    text = "Gunmen opened fire in Raqqa, Syria, on Monday."
    for p in find_places(text, gaz).places:
        assert text[p.start:p.end] == p.text
        m = p.to_mention()
        assert m.kind == "place" and m.evidence == "places.v1"


def test_an_unknown_name_with_a_place_cue_is_kept_near_the_place_beside_it(gaz):
    text = "Gunmen raided the village of Qaryat Zahra near Homs in Syria on Monday."
    [unknown] = [p for p in find_places(text, gaz).places if p.name == "Qaryat Zahra"]
    assert unknown.text == "the village of Qaryat Zahra"
    assert unknown.place.name == "Homs" and unknown.resolution.geo_precision == 2
    assert unknown.rule == "places.v1:unknown_name"


def test_an_unknown_name_alone_is_kept_unresolved(gaz):
    [unknown] = [p for p in find_places("Militants attacked the Abu Zaid checkpoint at dawn.", gaz).places]
    assert unknown.name == "Abu Zaid" and unknown.place is None
