"""Each kind of place error seen on real reports, with a sentence of that kind (written for
these tests) and a gazetteer that holds the trap: a namesake abroad that a careless
matcher would take.
"""

from __future__ import annotations

import datetime as dt

import pytest

from marsad.annotate import annotate, load_annotators
from marsad.model import Article
from marsad.resolve.gazetteer import open_gazetteer

# id, name, alternate names, lat, lon, feature class, feature code, country, admin1, population
PLACES = [
    (1, "Kallio", "29,Berghäll", 60.18, 24.95, "P", "PPLX", "FI", "18", 30000),
    (2, "Anyang", "Jan,Anyang Shi", 36.09, 114.38, "P", "PPL", "CN", "09", 900000),
    (3, "Kalalé", "Kalale", 10.29, 3.38, "P", "PPL", "BJ", "10", 20000),
    (4, "Borno", "", 45.95, 10.20, "P", "PPL", "IT", "09", 2600),
    (5, "Borno State", "Borno", 11.50, 13.00, "A", "ADM1", "NG", "05", 0),
    (6, "Maiduguri", "", 11.85, 13.16, "P", "PPLA", "NG", "05", 1100000),
    (7, "Al Bayda", "Al Bayḑā’,Bayda", 32.76, 21.74, "P", "PPLA", "LY", "12", 250000),
    (8, "Al Bayda", "Al Bayḑā’,Bayda", 13.99, 45.57, "P", "PPLA", "YE", "23", 37000),
    (9, "Gao", "", 16.27, -0.04, "P", "PPLA", "ML", "07", 86000),
    (10, "Gao", "", 21.90, -79.90, "P", "PPL", "CU", "05", 600),
    (11, "Bamako", "", 12.65, -8.00, "P", "PPLC", "ML", "08", 1300000),
    (12, "Beirut", "Beyrouth", 33.89, 35.50, "P", "PPLC", "LB", "04", 1900000),
    (13, "Lebanon", "", 36.21, -86.29, "P", "PPL", "US", "TN", 26000),
    (14, "Rod", "", -33.80, 19.88, "P", "PPL", "ZA", "11", 50000),
    (15, "Paul", "", 17.13, -25.03, "P", "PPL", "CV", "13", 8000),
    (16, "Granada", "Grenade,Grenada", 37.19, -3.61, "P", "PPLA2", "ES", "AN", 230000),
    (17, "Haram", "", 62.66, 6.24, "A", "ADM2", "NO", "15", 9000),
    (18, "Colonia", "", -34.47, -57.84, "P", "PPLA", "UY", "04", 27000),
    (19, "Deir ez-Zor", "Dayr az Zawr,دير الزور", 35.33, 40.14, "P", "PPLA", "SY", "07", 240000),
    (20, "Mali", "", 16.0, -2.0, "A", "PCLI", "ML", "00", 19000000),
    (21, "Lebanon", "", 33.9, 35.8, "A", "PCLI", "LB", "00", 6800000),
    (22, "Shabaab", "Al Shabaab", -1.0, 40.0, "P", "PPL", "KE", "02", 500),
    (23, "Yemen", "", 15.5, 47.5, "A", "PCLI", "YE", "00", 28000000),
    (24, "Ghazni", "", 33.55, 68.42, "P", "PPLA", "AF", "08", 140000),
    (25, "Ghazni Province", "Ghazni", 33.3, 68.0, "A", "ADM1", "AF", "08", 0),
    (26, "Gelan District", "Gelan", 32.7, 67.6, "A", "ADM2", "AF", "08", 0),
    (27, "Afghanistan", "", 33.0, 66.0, "A", "PCLI", "AF", "00", 37000000),
    (28, "Guantánamo", "GAO,Guantanamo", 20.14, -75.21, "P", "PPLA", "CU", "10", 272000),  # its airport code
    (29, "Dhaka", "", 23.71, 90.41, "P", "PPLC", "BD", "81", 10356500),
    (30, "Dhāka", "Dhaka", 26.67, 85.17, "P", "PPL", "IN", "34", 42000),
]


@pytest.fixture(scope="module")
def annotators(tmp_path_factory):
    folder = tmp_path_factory.mktemp("traps")
    dump = folder / "TRAPS.txt"
    with open(dump, "w", encoding="utf-8") as fh:
        for gid, name, alts, lat, lon, fclass, fcode, cc, a1, pop in PLACES:
            fh.write("\t".join(map(str, [gid, name, name, alts, lat, lon, fclass, fcode, cc, "", a1, "", "", "",
                                         pop, "", "", "", "2026-01-01"])) + "\n")
    gaz = open_gazetteer(folder / "g.sqlite", build=False)
    gaz.import_file(dump)
    gaz.add_admin_layer()  # the named regions of data/regions.yaml (no cities here to name provinces from)
    yield load_annotators(gaz)
    gaz.close()


def places(text: str, annotators) -> list[tuple[str, str | None, str | None, int | None]]:
    a = annotate(Article(id="t", text=text, published=dt.date(2021, 5, 3)), annotators)
    return [(p.name, p.place.name if p.place else None, p.place.country_code if p.place else None,
             p.resolution.geo_precision if p.resolution else None) for p in a.places]


def names(text: str, annotators) -> list[str | None]:
    return [p[1] for p in places(text, annotators)]


def test_a_day_of_the_month_is_not_a_place(annotators):
    found = places("Gunmen killed four villagers on 29 April in Kalale, local officials said.", annotators)
    assert [p[1] for p in found] == ["Kalalé"]


def test_a_month_abbreviation_is_not_a_place(annotators):
    assert "Anyang" not in names("On 19 Jan. 2020, gunmen attacked a market in Kalale.", annotators)


@pytest.mark.parametrize("text", [
    "Grenade attack by unknown men kills two traders.",          # a common word at a sentence's start
    "President Paul Biya condemned the attack.",                   # a person, after a title
    "Fighters of al-Shabaab ambushed a convoy on the main road.",   # a group's name
    "Two soldiers died in an exchange of fire in Surkh Rod district.",  # the tail of a longer name
    "Boko Haram fighters raided two villages overnight.",          # the tail of a group's name
])
def test_words_and_names_that_are_not_places_here(annotators, text):
    assert all(n is None for n in names(text, annotators)), places(text, annotators)  # nothing resolved


def test_a_province_named_in_the_text_is_the_province_not_a_village_abroad(annotators):
    found = places("Insurgents attacked a village in Borno State on Sunday.", annotators)
    assert ("Borno State", "Borno State", "NG", 3) in [(p[0], p[1], p[2], p[3]) for p in found]


def test_the_article_country_chooses_among_homonyms(annotators):
    found = places("Houthi fighters shelled Al Bayda in central Yemen on Monday.", annotators)
    assert ("Al Bayda", "YE") in [(p[1], p[2]) for p in found]


def test_a_capital_named_without_a_cue_is_the_capital_not_its_namesake(annotators):
    found = places("Thousands rallied outside the National Press Club, Dhaka, on Friday.", annotators)
    assert [(p[1], p[2]) for p in found] == [("Dhaka", "BD")]


def test_with_no_context_the_known_town_beats_a_hamlet_abroad(annotators):
    found = places("Clashes in Gao left three soldiers dead.", annotators)
    assert [(p[1], p[2]) for p in found] == [("Gao", "ML")]


def test_the_dateline_is_where_the_report_was_filed_not_the_events_place(annotators):
    text = "BAMAKO (Reuters) - Gunmen killed 12 people in the north of the country on Sunday, the army said."
    a = annotate(Article(id="t", text=text, published=dt.date(2021, 5, 3)), annotators)
    assert a.filed_from is not None and a.filed_from.place.name == "Bamako"
    assert all(p.place is None or p.place.name != "Bamako" for p in a.places)
    assert a.countries[:1] == ["ML"]  # weak context, still context


def test_a_dateline_country_is_the_country_not_a_town_of_that_name(annotators):
    text = "BEIRUT, LEBANON — Air strikes hit villages in southern Lebanon on Monday."
    found = places(text, annotators)
    assert ("Lebanon", "LB", 3) in [(p[1], p[2], p[3]) for p in found]
    assert ("Lebanon", "US") not in [(p[1], p[2]) for p in found]


def test_a_country_has_coordinates_and_geo_precision_3(annotators):
    a = annotate(Article(id="t", text="Gunmen killed 12 soldiers in Mali on Sunday.", published=dt.date(2021, 5, 3)),
                 annotators)
    [mali] = [p for p in a.places if p.place and p.place.name == "Mali"]
    assert mali.resolution.geo_precision == 3 and mali.place.lat is not None


def test_a_place_in_arabic_script_resolves_to_the_imported_spelling(annotators):
    assert ("Deir ez-Zor", "SY") in [(p[1], p[2]) for p in places("قصف مدفعي على دير الزور", annotators)]


@pytest.mark.parametrize("text, region", [
    ("Islamic State fighters ambushed an army convoy in the Syrian desert on Friday.", "Syrian Desert"),
    ("Troops raided insurgent camps in Sambisa forest, the army said.", "Sambisa Forest"),
    ("Gunmen attacked fishermen on the Lake Chad islands overnight.", "Lake Chad islands"),
])
def test_a_named_region_without_an_administrative_entry_is_a_region_on_the_map(annotators, text, region):
    a = annotate(Article(id="t", text=text, published=dt.date(2021, 5, 3)), annotators)
    [hit] = [p for p in a.places if p.place and p.place.name == region]
    assert hit.resolution.geo_precision == 3 and hit.place.lat is not None


def test_a_name_where_a_province_stands_is_the_province_not_its_capital(annotators):
    found = places("Taliban fighters ambushed an army patrol in Gelan district, Ghazni, in Afghanistan.", annotators)
    assert ("Ghazni Province", 3) in [(p[1], p[3]) for p in found]
    assert ("Gelan District", 3) in [(p[1], p[3]) for p in found]
