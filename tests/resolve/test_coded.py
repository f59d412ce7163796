"""Coded event data as a place source: an ACLED export and a UCDP GED CSV, recognised by
their headers, become one place per distinct location. The rows here are invented, in
each format's columns (the real files' terms forbid copying their rows)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.resolve.coded import split_kind
from marsad.resolve.gazetteer import GazetteerError, hash_id, open_gazetteer

DATA = Path(__file__).parent.parent / "data" / "gazetteer"

ACLED = """\
event_id_cnty,event_date,year,event_type,actor1,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,notes,fatalities,iso3
BFA90001,2021-03-02,2021,Battles,JNIM,Burkina Faso,Sahel,Soum,Djibo,Kourfayel,14.2101,-1.5002,1,"Invented: clashes near Kourfayel.",3,BFA
BFA90002,2021-03-05,2021,Battles,JNIM,Burkina Faso,Sahel,Soum,Djibo,Kourfayel,14.21013,-1.50018,1,"Invented: the same village again.",0,BFA
BFA90003,2021-03-06,2021,Battles,JNIM,Burkina Faso,Sahel,Soum,,Sahel,14.0,-0.5,3,"Invented: somewhere in the region.",1,BFA
BFA90004,2021-03-07,2021,Battles,JNIM,Burkina Faso,Sahel,Soum,,Gaskindi,,,1,"Invented: no coordinates.",1,BFA
KEN90005,2021-04-01,2021,Violence against civilians,Al Shabaab,Kenya,Mandera,Mandera East,,Qarsa Dhere,3.6012,41.2044,2,"Invented.",2,KEN
COD90006,2016-06-20,2016,Battles,ADF,Democratic Republic of Congo,Nord-Kivu,Beni,,Mbau Kivu,0.6301,29.4807,1,"Invented; an older export without iso3.",5,
SYR90007,2017-01-10,2017,Battles,IS,Syria,Homs,Tadmur,,Tiyas Airbase,34.5223,37.6301,1,"Invented.",0,SYR
"""

UCDP = """\
id,year,type_of_violence,where_prec,where_coordinates,adm_1,adm_2,latitude,longitude,country,best
900001.0,2017.0,1.0,1.0,Qaryat Tajriba town,Deir ez Zor Governorate,Albu Kamal district,34.4511,40.9215,Syria,4.0
900002.0,2017.0,1.0,2.0,Tall  Mithal village,Hamah Governorate,Salamiyah district,35.0112,37.2104,Syria,1.0
900003.0,2017.0,1.0,2.0,Wadi Sabkha governorate,Wadi Sabkha Governorate,,35.5002,39.0001,Syria,2.0
900004.0,2017.0,1.0,1.0,Palmyra/Tadmur city,Homs Governorate,Tadmur district,34.5601,38.2802,Syria,7.0
900005.0,2017.0,1.0,3.0,Jabal Saman district,Aleppo Governorate,Jabal Saman district,36.2,37.1,Syria,3.0
900006.0,2017.0,1.0,4.0,Eastern Hamah Governorate,Hamah Governorate,,35.1,37.6,Syria,2.0
900007.0,2017.0,1.0,6.0,Syria,,,35.0,38.5,Syria,1.0
900008.0,2017.0,1.0,1.0,Qaryat Tajriba town,Deir ez Zor Governorate,Albu Kamal district,34.4511,40.9215,Syria,9.0
900009.0,2016.0,3.0,1.0,Bayt al-Faqih town,Al Hudaydah Governorate,,14.5162,43.3223,Yemen (North Yemen),2.0
900010.0,2018.0,1.0,1.0,Al Bayda Dam,Dara Governorate,,32.81,36.1,Syria,0.0
900011.0,2018.0,1.0,2.0,Road between Qaryat Tajriba and Tall Mithal,Hamah Governorate,,35.2,38.1,Syria,1.0
900012.0,2018.0,1.0,2.0,Northern Hamah Governorate,Hamah Governorate,,35.4,37.0,Syria,1.0
"""


@pytest.fixture
def gaz(tmp_path):
    g = open_gazetteer(tmp_path / "g.sqlite", build=False)
    g.import_file(DATA / "XX.txt")
    yield g
    g.close()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def imported(gaz, origin: str) -> dict[str, object]:
    rows = gaz.conn.execute("SELECT id FROM places WHERE origin = ? ORDER BY name", (origin,)).fetchall()
    return {p.name: p for p in (gaz.get(pid) for (pid,) in rows)}


def test_an_acled_export_gives_one_place_per_located_site(gaz, tmp_path):
    assert gaz.import_file(write(tmp_path, "acled_sahel.csv", ACLED)) == 4
    places = imported(gaz, "import:acled_sahel.csv")
    # The region row (geo_precision 3) and the row without coordinates are not places;
    # the village coded twice (to the fourth decimal) is one place.
    assert sorted(places) == ["Kourfayel", "Mbau Kivu", "Qarsa Dhere", "Tiyas Airbase"]
    k = places["Kourfayel"]
    assert (k.country_code, k.admin1, k.admin2, k.feature_class, k.feature_code) == ("BF", "Sahel", "Soum", "P", "PPL")
    assert (k.lat, k.lon) == (14.2101, -1.5002) and k.geonameid is None
    assert places["Qarsa Dhere"].country_code == "KE"
    assert places["Mbau Kivu"].country_code == "CD"  # no iso3: from the country name
    assert (places["Tiyas Airbase"].feature_class, places["Tiyas Airbase"].feature_code) == ("S", "AIRB")
    [c] = gaz.candidates("Kourfayel")
    assert c.place.name == "Kourfayel"


def test_ids_are_stable_so_a_reimport_replaces(gaz, tmp_path):
    path = write(tmp_path, "acled_sahel.csv", ACLED)
    gaz.import_file(path)
    before = gaz.stats()
    gaz.import_file(path)
    assert gaz.stats() == before
    [(pid,)] = gaz.conn.execute("SELECT id FROM places WHERE name = 'Kourfayel'").fetchall()
    assert pid == -hash_id("Kourfayel", 14.21, -1.5)


def test_province_names_are_filed_under_the_gazetteer_codes_when_it_knows_them(gaz, tmp_path):
    codes = write(tmp_path, "admin1CodesASCII.txt", "BF.78\tSahel\tSahel\t2597261\nSY.13\tHama\tHama\t170016\n")
    gaz.import_file(write(tmp_path, "acled_sahel.csv", ACLED), admin1_codes=codes)
    gaz.import_file(write(tmp_path, "ged.csv", UCDP))
    [k] = gaz.candidates("Kourfayel")
    assert (k.admin1_code, k.place.admin1) == ("78", "Sahel")  # same province as GeoNames' places
    [t] = gaz.candidates("Tall Mithal")
    assert (t.admin1_code, t.place.admin1) == ("13", "Hama")  # "Hamah" ~ "Hama": one province of SY has that skeleton


def test_a_ucdp_ged_file_gives_places_without_their_kind_words(gaz, tmp_path):
    assert gaz.import_file(write(tmp_path, "ged.csv", UCDP)) == 6
    places = imported(gaz, "import:ged.csv")
    # where_prec 3 and above (district, province, country) are regions, not places.
    assert sorted(places) == ["Al Bayda Dam", "Bayt al-Faqih", "Palmyra", "Qaryat Tajriba", "Tall Mithal", "Wadi Sabkha"]
    q = places["Qaryat Tajriba"]
    # The test dump's ADM1 record "Dayr az Zawr" (SY.07) is the province UCDP writes "Deir ez Zor Governorate".
    assert (q.country_code, q.admin1, q.admin2, q.feature_code) == ("SY", "Dayr az Zawr", "Albu Kamal", "PPL")
    assert places["Tall Mithal"].admin1 == "Hamah"  # a province the gazetteer does not know keeps its name
    assert (places["Wadi Sabkha"].feature_class, places["Wadi Sabkha"].feature_code) == ("A", "ADM1")
    assert places["Palmyra"].alternate_names == ["Tadmur"]
    assert places["Bayt al-Faqih"].country_code == "YE"  # "Yemen (North Yemen)"
    assert places["Al Bayda Dam"].feature_code == "DAM"
    assert [c.place.name for c in gaz.candidates("Tadmur")] == ["Palmyra"]


@pytest.mark.parametrize("written, names, code", [
    ("Palmyra/Tadmur city", ["Palmyra", "Tadmur"], "PPL"), ("Ayuj/al-Awaj village", ["Ayuj", "al-Awaj"], "PPL"),
    ("As Suwar town/Sur town", ["As Suwar", "Sur"], "PPL"),
    ("Silos east of Palmyra/Tadmur", ["Silos east of Palmyra/Tadmur"], "PPL"),  # not two names
    ("Khuwayn al Kabir village (Tell al-Khuwaiyn)", ["Khuwayn al Kabir"], "PPL"),
    ("Tiyas Military Airbase (T4)", ["Tiyas Military Airbase"], "AIRB"),
    ("Eastern Ghariyah town", ["Eastern Ghariyah"], "PPL"),
    ("Northern Aleppo Governorate", None, None), ("Road between Ariha and Saraqib", None, None),
    ("Western countryside of Raqqa", None, None),
])
def test_ucdp_place_names(written, names, code):
    from marsad.resolve.coded import ucdp_names

    parsed = ucdp_names(written)
    assert (parsed[0], parsed[1][1]) == (names, code) if names else parsed is None


@pytest.mark.parametrize("written, bare, code", [
    ("Hama town", "Hama", "PPL"), ("Deir ez-Zor governorate", "Deir ez-Zor", "ADM1"), ("Jobar suburb", "Jobar", "PPLX"),
    ("Ariha district", "Ariha", "ADM2"), ("Kafr Nabl area", "Kafr Nabl", "PPL"), ("Town", "Town", "PPL"),
    ("Saraqib", "Saraqib", "PPL"),
])
def test_a_trailing_kind_word_goes_into_the_feature(written, bare, code):
    from marsad.resolve.coded import TRAILING_KINDS

    name, (_, fcode) = split_kind(written, TRAILING_KINDS)
    assert (name, fcode) == (bare, code)


@pytest.mark.parametrize("fmt, line, bad, message", [
    ("acled", 6, ("3.6012", "north"), "acled.csv:6: latitude 'north' is not a number"),
    ("acled", 6, (",KEN", ",XKE"), "acled.csv:6: iso3 'XKE' is not an ISO 3166 alpha-3 country code"),
    ("acled", 6, ("41.2044", "241.2044"), "acled.csv:6: latitude/longitude 3.6012, 241.2044 out of range"),
    ("ucdp", 10, ("Yemen (North Yemen)", "Freedonia"), "ged.csv:10: country 'Freedonia' is not a country name"),
    ("ucdp", 2, ("1.0,Qaryat", "one,Qaryat"), "ged.csv:2: where_prec 'one' is not a number"),
    ("acled", 1, (",geo_precision,", ",precision,"), "acled.csv:1: an ACLED export without column(s) geo_precision"),
])
def test_a_bad_row_refuses_the_whole_file_and_changes_nothing(gaz, tmp_path, fmt, line, bad, message):
    text = ACLED if fmt == "acled" else UCDP
    lines = text.splitlines(keepends=True)
    lines[line - 1] = lines[line - 1].replace(*bad)
    path = write(tmp_path, "acled.csv" if fmt == "acled" else "ged.csv", "".join(lines))
    before = gaz.stats()
    with pytest.raises(GazetteerError, match="nothing was imported") as exc:
        gaz.import_file(path)
    assert message in str(exc.value)
    assert gaz.stats() == before  # the good rows before the bad one did not land either


def test_the_cli_imports_an_acled_export(gaz, tmp_path):
    path = write(tmp_path, "acled_sahel.csv", ACLED)
    gaz.close()
    result = CliRunner().invoke(app, ["gazetteer", "import", str(path), "--gazetteer", str(tmp_path / "g.sqlite")])
    assert result.exit_code == 0, result.output
    assert f"{path}: 4 places imported" in result.stdout
