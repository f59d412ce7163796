"""Place names learned during ingest: stored once, used by later articles, by `marsad place --db`
and `marsad annotate --db`; `marsad place --near` lets a homonym near the context win."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.store import open_store

# Ours: one article teaches a group's name for a town, the next names the town by it.
TEACHES = ('Islamic State fighters attacked Albu Kamal in Syria on Sunday, killing four soldiers. The group, '
           'which took the town in 2014, renamed it "Wilayat al-Furat".\n')
USES = "Two soldiers were killed in an ambush near Wilayat al-Furat in Syria on Monday, a monitor said.\n"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def reports(tmp_path):
    (tmp_path / "a.txt").write_text(TEACHES)
    (tmp_path / "b.txt").write_text(USES)
    return tmp_path / "a.txt", tmp_path / "b.txt"


def places_of_articles(db: str) -> list[str]:
    """The place of each article's claims (the two reports may fuse into one event)."""
    result = run("events", "--db", db, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    return sorted({(c["article_id"], e["location"]["name"]) for e in events for c in e["claims"]})


def test_an_alias_learned_by_one_article_places_the_next_in_the_same_run(reports, db_url):
    result = run("ingest", *map(str, reports), "--db", db_url, "--published", "2020-04-04", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["aliases"] == 1
    assert [name for _, name in places_of_articles(db_url)] == ["Ālbū Kamāl", "Ālbū Kamāl"]


def test_an_alias_learned_in_one_run_places_articles_of_later_runs(reports, db_url):
    teaches, uses = reports
    assert run("ingest", str(teaches), "--db", db_url, "--published", "2020-04-04").exit_code == 0
    result = run("ingest", str(uses), "--db", db_url, "--published", "2020-04-06")
    assert result.exit_code == 0, result.output
    assert [name for _, name in places_of_articles(db_url)] == ["Ālbū Kamāl", "Ālbū Kamāl"]


def test_ingesting_again_learns_nothing_twice(reports, db_url):
    for _ in range(2):
        result = run("ingest", *map(str, reports), "--db", db_url, "--published", "2020-04-04", "--format", "json")
        assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["aliases"] == 0
    store = open_store(db_url)
    [alias] = store.place_aliases()
    store.close()
    assert (alias.alias, alias.place.name, alias.country_code, str(alias.valid_from)) == (
        "Wilayat al-Furat", "Ālbū Kamāl", "SY", "2020-04-04")
    assert 'renamed it "Wilayat al-Furat"' in alias.evidence and alias.rule == "aliases.v2:renamed"


def test_place_finds_a_learned_alias_with_its_evidence(reports, db_url):
    assert run("ingest", str(reports[0]), "--db", db_url, "--published", "2020-04-04").exit_code == 0
    result = run("place", "Wilayat al-Furat", "--db", db_url, "--country", "SY", "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert (found["name"], found["country_code"], found["geonameid"]) == ("Ālbū Kamāl", "SY", 173046)
    [why] = [w for w in found["why"] if "learned from" in w]
    assert 'renamed it "Wilayat al-Furat"' in why and "valid from 2020-04-04" in why
    table = run("place", "Wilayat al-Furat", "--db", db_url)
    assert table.exit_code == 0 and "learned from" in table.stdout


def test_a_learned_alias_holds_in_its_country_only(reports, tmp_path):
    db = str(tmp_path / "m.db")
    assert run("ingest", str(reports[0]), "--db", db, "--published", "2020-04-04").exit_code == 0
    result = run("place", "Wilayat al-Furat", "--db", db, "--country", "SO", "--format", "json")
    assert result.exit_code == 1 and json.loads(result.stdout)["name"] is None


def test_place_without_a_database_knows_no_learned_alias():
    result = run("place", "Wilayat al-Furat")  # MARSAD_DB (the tests' default) does not exist yet
    assert result.exit_code == 1 and "no place called 'Wilayat al-Furat'" in result.output


def test_place_refuses_a_database_that_does_not_exist(tmp_path):
    result = run("place", "Homs", "--db", str(tmp_path / "typo.db"))
    assert result.exit_code == 2 and "typo.db" in result.output


def test_annotate_uses_the_aliases_a_database_learned(reports, tmp_path):
    db = str(tmp_path / "m.db")
    assert run("ingest", str(reports[0]), "--db", db, "--published", "2020-04-04").exit_code == 0
    result = run("annotate", str(reports[1]), "--db", db)
    assert result.exit_code == 0, result.output
    [m] = [m for m in json.loads(result.stdout)["mentions"] if "Wilayat al-Furat" in m["text"]]
    assert m["resolved"]["place"]["name"] == "Ālbū Kamāl"


@pytest.mark.parametrize(
    "near, country, winner",
    [
        (None, None, "LY"),  # the capital of millions, without context
        ("Homs", None, "LB"),  # the Tripoli 85 km from Homs
        ("Homs", "SY", "LB"),  # --near is placed in the context's countries; the homonym still wins by distance
    ],
)
def test_near_lets_the_homonym_close_to_a_context_place_win(near, country, winner):
    args = ["place", "Tripoli", "--format", "json"] + (["--near", near] if near else []) + (
        ["--country", country] if country else [])
    result = run(*args)
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["country_code"] == winner
    if near:
        assert any("km from another place" in w for w in found["why"])


def test_near_picks_the_namesake_village_close_to_it():
    result = run("place", "Al Hamra", "--country", "SY", "--near", "Homs", "--format", "json")
    assert result.exit_code == 0, result.output
    assert (json.loads(result.stdout)["lat"], json.loads(result.stdout)["lon"]) == (34.9, 37.1)


def test_near_an_unknown_place_is_refused_by_name():
    result = run("place", "Tripoli", "--near", "Atlantis")
    assert result.exit_code == 1 and "--near 'Atlantis'" in result.output
