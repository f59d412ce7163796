"""`marsad ingest` to events, then `marsad events`, `marsad event --explain` and `marsad control`
(DESIGN §6), over a real SQLite file and the small test gazetteer."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from marsad.cli import app

MONITOR = ("Islamic State fighters attacked an army checkpoint near Deir ez-Zor in Syria late on 3 March 2021, "
           "killing 19 soldiers, the Syrian Observatory for Human Rights said.")
AGENCY = ("Islamic State's Amaq news agency claimed that its fighters killed 40 soldiers in an attack on an army "
          "checkpoint near Deir ez-Zor in Syria on 4 March 2021.")
HISTORY = ("Islamic State militants overran Tiyas in Syria in June 2014, and government forces retook the town "
           "in October 2017.")


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def db(tmp_path):
    db = str(tmp_path / "events.db")
    for name, text, outlet, published in (("m.txt", MONITOR, "Euphrates Monitor", "2021-03-04"),
                                          ("a.txt", AGENCY, "Levant Wire", "2021-03-05"),
                                          ("h.txt", HISTORY, "Syria Desk", "2021-03-05")):
        (tmp_path / name).write_text(text)
        result = run("ingest", str(tmp_path / name), "--db", db, "--outlet", outlet, "--published", published)
        assert result.exit_code == 0, result.output
    return db


def test_ingest_reports_the_claims_and_no_extract_skips_them(tmp_path):
    (tmp_path / "m.txt").write_text(MONITOR)
    done = run("ingest", str(tmp_path / "m.txt"), "--db", str(tmp_path / "x.db"), "--format", "json")
    assert json.loads(done.stdout)["claims"] == 1
    bare = run("ingest", str(tmp_path / "m.txt"), "--db", str(tmp_path / "y.db"), "--no-extract")
    assert "1 ingested" in bare.stdout and "claims" not in bare.stdout
    assert run("events", "--db", str(tmp_path / "y.db"), "--format", "json").stdout.strip() == "[]"


def test_events_prints_the_design_shape_with_claims(db, tmp_path):
    events = [json.loads(line) for line in run("events", "--db", db, "--format", "jsonl").stdout.splitlines()]
    assert [e["event_date"] for e in events] == ["2021-03-03", "2017-10-01", "2014-06-01"]
    attack = events[0]
    (tmp_path / "again").mkdir()
    (tmp_path / "again" / "m.txt").write_text(MONITOR)
    extracted = json.loads(run("extract", str(tmp_path / "again" / "m.txt"), "--format", "jsonl").stdout)
    assert list(attack) == list(extracted)  # the same keys, in the same order, as extract
    assert attack["fatalities"] == {"low": 19, "best": 19, "high": 40} and attack["status"] == "contested"
    assert sorted(c["source"] for c in attack["claims"]) == ["Amaq", "Syrian Observatory for Human Rights"]
    assert {c["reported_by"] for c in attack["claims"]} == {"Euphrates Monitor", "Levant Wire"}


def test_events_filters_resolve_actor_aliases(db):
    def dates(*args):
        result = run("events", "--db", db, "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return [e["event_date"] for e in json.loads(result.stdout)]

    assert dates("--actor", "ISIS") == ["2021-03-03", "2017-10-01", "2014-06-01"]  # as actor1 or actor2
    assert dates("--type", "Government regains territory") == ["2017-10-01"]
    assert dates("--since", "2015-01-01", "--until", "2018-01-01") == ["2017-10-01"]
    assert dates("--place", "Deir ez-Zor", "--status", "contested") == ["2021-03-03"]
    assert dates("--source-kind", "monitor") == ["2021-03-03"]  # the Observatory's claim
    assert dates("--source-kind", "un_agency") == []
    bad = run("events", "--db", db, "--status", "maybe")
    assert bad.exit_code == 2 and "--status 'maybe'" in bad.output


def test_event_explain_shows_the_rule_and_the_words_behind_each_field(db):
    attack = json.loads(run("events", "--db", db, "--format", "jsonl", "--limit", "1").stdout)
    shown = run("event", attack["event_id"][:10], "--db", db, "--explain")
    assert shown.exit_code == 0, shown.output
    assert "killed:  19–40 (best 19)" in shown.stdout and "contested" in shown.stdout
    assert 'rules.v1:' in shown.stdout and '"late on 3 March 2021"' in shown.stdout
    as_json = json.loads(run("event", attack["event_id"], "--db", db, "--explain", "--format", "json").stdout)
    for claim in as_json["claims"]:
        assert claim["extractor"] == "rules.v1" and claim["claim_id"].startswith("c_")
        rule = claim["evidence"]["event_type"]
        start, end = rule["span"]
        assert rule["rule"].startswith("rules.v1:") and 0 <= start < end
    amaq = [c["claim_id"] for c in as_json["claims"] if c["source"] == "Amaq"]
    assert as_json["figures_from"]["fatalities"]["high"] == amaq  # the 40 is the agency's
    assert "fatalities: low 19 from claim" in shown.stdout
    missing = run("event", "ev_nothing", "--db", db)
    assert missing.exit_code == 1 and "no event with id 'ev_nothing'" in missing.output


def test_control_answers_who_held_a_place_on_a_date(db):
    def at(date: str, place: str = "Tiyas"):
        result = run("control", place, "--at", date, "--db", db, "--format", "json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    held = at("2015-06-01")
    assert (held["actor"], held["since"], held["until"]) == ("Islamic State", "2014-06-01", "2017-10-01")
    assert held["place"]["name"] == "Tiyās" and held["place"]["country_code"] == "SY"
    assert [e["quote"] for e in held["evidence"]] == [HISTORY]
    assert at("2019-01-01", "Tiyās")["actor"] == "Military Forces of Syria"
    assert at("2019-01-01")["until"] is None
    before = at("2010-01-01")
    assert before["actor"] is None and before["evidence"] == []  # nothing invented before the first change
    history = run("control", "Tiyas", "--db", db)
    assert "Islamic State, since 2014-06-01 until 2017-10-01" in history.stdout
    unknown = run("control", "Atlantis", "--db", db)
    assert unknown.exit_code == 1 and "no dated change of control recorded at 'Atlantis'" in unknown.output


def test_every_command_keeps_the_events_dated_in_the_period(db, tmp_path):
    """--since/--until mean the event's date (its first day) is in the period, in events,
    export, trends and report alike: "in June 2014" (1-30 June) is not an event of
    15 June 2014 onwards, though its month overlaps that period."""
    period = ("--since", "2014-06-15", "--until", "2017-10-15")
    listed = run("events", "--db", db, "--format", "json", *period)
    assert [e["event_date"] for e in json.loads(listed.stdout)] == ["2017-10-01"]
    exported = run("export", "--db", db, "--format", "jsonl", *period)
    assert [json.loads(line)["event_date"] for line in exported.stdout.splitlines()] == ["2017-10-01"]
    counted = run("trends", "--db", db, "--format", "json", "--by", "country", *period)
    assert [(t["key"], t["count"]) for t in json.loads(counted.stdout)] == [("SY", 1)]
    out = tmp_path / "r.html"
    reported = run("report", "--db", db, "--from", "2014-06-15", "--to", "2017-10-15", "--out", str(out))
    assert reported.exit_code == 0, reported.output
    assert "<b>1</b><span>events</span>" in out.read_text("utf-8")
    after = run("events", "--db", db, "--format", "json", "--since", "2017-10-02")
    assert [e["event_date"] for e in json.loads(after.stdout)] == ["2021-03-03"]


@pytest.mark.parametrize("figure, shown", [
    ({"low": None, "best": None, "high": None}, ""),
    ({"low": 12, "best": 12, "high": 12}, "12"),
    ({"low": 12, "best": 12, "high": None}, "at least 12"),
    ({"low": None, "best": None, "high": 40}, "up to 40"),
    ({"low": 19, "best": 19, "high": 40}, "19–40 (best 19)"),
    ({"low": 4, "best": 6, "high": 9}, "4–9 (best 6)"),
    ({"low": 1, "high": None}, "at least 1"),  # a claim's range: "a number of soldiers were killed"
])
def test_figures_print_as_people_write_them(figure, shown):
    from marsad.cli import fmt_range

    assert fmt_range(figure) == shown
