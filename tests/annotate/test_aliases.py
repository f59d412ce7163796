"""Names a report teaches are learned, scoped to their country, and used afterwards."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from marsad.annotate.aliases import find_aliases
from marsad.annotate.places import find_places
from marsad.model import Place, PlaceAlias
from marsad.resolve.gazetteer import open_gazetteer
from marsad.resolve.geocode import Context, geocode
from marsad.resolve.names import name_key

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


# One sentence per phrasing (ours, written for these tests): the alias, the place it names, the rule.
TAUGHT = [
    ("Militants shelled Homs, also spelt Hums, in western Syria on Monday.", "Hums", "Homs", "also_written"),
    ("Gunmen raided Homs, also spelled Hums, in Syria.", "Hums", "Homs", "also_written"),
    ("Jets struck Albu Kamal, formerly known as Kamal Station, near the border in Syria.",
     "Kamal Station", "Ālbū Kamāl", "also_written"),
    ("Jets struck Albu Kamal (formerly Kamal Station) in Syria.", "Kamal Station", "Ālbū Kamāl", "also_written"),
    ("Rebels overran the Tiyas airbase, dubbed \"Nasr Base\" by its pilots, in central Syria.",
     "Nasr Base", "Tiyās", "also_written"),
    ("A bomb exploded in Maiduguri (Kanuri: Yerwa) in Nigeria on Sunday.", "Yerwa", "Maiduguri", "language"),
    ("Shells fell on Homs (in Arabic, \"Hims al-Adiya\") in Syria.", "Hims al-Adiya", "Homs", "language"),
    ("Shelling hit Afgooye (or Afgoy) in Somalia on Monday.", "Afgoy", "Afgooye", "or_name"),
    ("Fighters moved into Homs, or Hums as locals call it, in Syria.", "Hums", "Homs", "or_name"),
    ("Jihadists attacked Deir Ezzor, which the group calls Wilayat al-Khayr, in eastern Syria.",
     "Wilayat al-Khayr", "Deir ez-Zor", "calls"),
    ("Islamic State claimed an attack near Albu Kamal, what it calls \"Wilayat al-Furat\", in Syria.",
     "Wilayat al-Furat", "Ālbū Kamāl", "calls"),
    ("Islamic State fighters struck Albu Kamal, which it calls Wilayat al-Furat, in Syria.",
     "Wilayat al-Furat", "Ālbū Kamāl", "calls"),
    ("Farmers fled Homs, which locals call Umm al-Hijara, in Syria.", "Umm al-Hijara", "Homs", "calls"),
    ("The militants who seized Ar Raqqah in Syria renamed Albu Kamal \"Wilayat al-Furat\" in 2014.",
     "Wilayat al-Furat", "Ālbū Kamāl", "renamed"),
    ("Fighters captured Albu Kamal in Syria in 2014 and renamed it Wilayat al-Furat.",
     "Wilayat al-Furat", "Ālbū Kamāl", "renamed"),
    ("The group renamed Albu Kamal as \"Wilayat al-Furat\" after taking it in Syria.",
     "Wilayat al-Furat", "Ālbū Kamāl", "renamed"),
    ("The group renamed Albu Kamal to Wilayat al-Furat after taking it in Syria.",
     "Wilayat al-Furat", "Ālbū Kamāl", "renamed"),
    ("After its capture, Albu Kamal was renamed Wilayat al-Furat by the group, residents in Syria said.",
     "Wilayat al-Furat", "Ālbū Kamāl", "renamed"),
    ("Troops advanced on Homs in Syria on Monday. Fighting in Hums, as the city is sometimes spelled, went on.",
     "Hums", "Homs", "as_called"),
    ("Shelling hit Deir ez-Zor in Syria on Monday. Dair Azzor, as it is known locally, has been besieged for years.",
     "Dair Azzor", "Deir ez-Zor", "as_called"),
]


@pytest.mark.parametrize("text, alias, place, rule", TAUGHT, ids=[f"{t[3]}:{t[1]}" for t in TAUGHT])
def test_each_phrasing_teaches_its_alias(gaz, text, alias, place, rule):
    [a] = learn(text, gaz)
    assert (a.alias, a.place_name, a.rule) == (alias, place, f"aliases.v2:{rule}")
    assert a.place is not None and a.place.name == place and a.country_code == a.place.country_code
    assert alias in a.evidence and a.article_id == "a1"


@pytest.mark.parametrize(
    "text",
    [
        "Militants seized Homs, known as the capital of the revolution, in Syria.",  # not a name
        "Troops entered Homs, known as Syria's third city, on Monday.",  # a possessive: a description
        "An offensive on Afgooye, called Operation Badbaado, began in Somalia.",  # an operation's name
        "Residents of Homs, which Russia calls a terrorist haven, fled in Syria.",
        "A man from Homs called Ahmed was killed in Syria.",  # no comma: "called" is not about Homs
        "Shelling hit Homs (or Hamra) in Syria on Monday.",  # "(or Y)" naming another place of the country
        "Troops entered Deir ez-Zor, also written Dayr az Zawr, in Syria.",  # the gazetteer has that name
        "Troops entered Homs in Syria. Families from Himsiyya, as the province is called in Arabic, fled.",
        "Troops entered Homs in Syria. Fighting in Raqqat, as the town is sometimes spelled, went on.",  # unlike
        "The group renamed Kobani as \"Ayn al-Islam\" after taking it, residents of Homs in Syria said.",
    ],
)
def test_no_alias_without_a_name_for_a_known_place(gaz, text):
    assert learn(text, gaz) == []


@pytest.mark.parametrize(
    "text, dated",
    [
        ("Jihadists around Deir Ezzor in Syria renamed the province \"Wilayat al-Khayr\" in 2014.", True),
        ("Jihadists attacked Deir Ezzor, which the group calls Wilayat al-Khayr, in eastern Syria.", True),
        ("Rebels overran the Tiyas airbase, dubbed \"Nasr Base\" by its pilots, in central Syria.", True),
        ("Shelling hit Homs, now called Hums, in Syria.", True),
        ("Militants shelled Homs, also spelt Hums, in western Syria on Monday.", False),
        ("Farmers fled Homs, which locals call Umm al-Hijara, in Syria.", False),
        ("A bomb exploded in Maiduguri (Kanuri: Yerwa) in Nigeria on Sunday.", False),
        ("Jets struck Albu Kamal, formerly known as Kamal Station, near the border in Syria.", False),
    ],
)
def test_a_name_given_holds_from_the_article_date_a_spelling_always(gaz, text, dated):
    [a] = learn(text, gaz)
    assert a.valid_from == (dt.date(2020, 4, 4) if dated else None)


def test_a_list_of_spellings_closed_by_or_teaches_each(gaz):
    learned = learn("Raids hit Afgoye, also written Afgooyo, Afgoie or Afgooy, in Somalia.", gaz)
    assert [a.alias for a in learned] == ["Afgooyo", "Afgoie", "Afgooy"]


def test_a_name_taught_twice_is_one_alias(gaz):
    text = ("Jihadists attacked Deir Ezzor, which the group calls Wilayat al-Khayr, in eastern Syria. "
            "Deir Ezzor, which the group calls Wilayat al-Khayr, has been quiet since.")
    assert [a.alias for a in learn(text, gaz)] == ["Wilayat al-Khayr"]


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


def test_a_name_used_from_elsewhere_resolves_in_its_country_without_writing_the_file(gaz):
    text = "Fighters captured Albu Kamal in Syria in 2014 and renamed it Wilayat al-Furat."
    [a] = learn(text, gaz)
    assert not gaz.has_name(name_key("Wilayat al-Furat"))
    assert gaz.use_alias(a, a.place) is True
    assert gaz.use_alias(a, a.place) is False  # used once
    assert gaz.has_name(name_key("Wilayat al-Furat"))
    r = geocode("near Wilayat al-Furat", gaz, Context(countries=["SY"]))
    assert r.place.name == "Ālbū Kamāl" and r.geo_precision == 2
    [why] = [w for w in r.candidates[0].reasons if "learned from" in w]
    assert "renamed it Wilayat al-Furat" in why and "article a1" in why and "valid from 2020-04-04" in why
    assert geocode("Wilayat al-Furat", gaz, Context(countries=["SO"])).place is None
    assert gaz.stats()["aliases"] == 0  # the gazetteer file is unchanged


def test_a_name_for_a_place_this_gazetteer_lacks_is_not_used(gaz):
    elsewhere = Place(name="Nowhere", lat=1.0, lon=1.0, geonameid=999_999_999, country_code="SY")
    alias = PlaceAlias(alias="Wilayat Nowhere", place_name="Nowhere", country_code="SY", place=elsewhere)
    assert gaz.use_alias(alias, elsewhere) is False
    assert geocode("Wilayat Nowhere", gaz).place is None
