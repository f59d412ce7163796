"""`marsad extract`: events in the DESIGN §6 shape from files, with no database."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from marsad.cli import app

KEYS = {"event_id", "event_date", "date_start", "date_end", "time_precision", "event_type", "sub_event_type",
        "actor1", "actor2", "assoc_actors", "location", "fatalities", "wounded", "weapons", "status", "claims",
        "sources", "notes", "extractor"}
CLAIM_KEYS = {"source", "source_kind", "reported_by", "article_id", "verb", "quote", "start", "end", "killed",
              "wounded", "captured"}
STORY = ("Islamic State fighters attacked army checkpoints near Deir ez-Zor in Syria late on Thursday. "
         "The group's Amaq news agency said 40 soldiers were killed.\n")
OTHER = ("Militants attacked an army post near Dayr az Zawr, Syria, on Thursday night. "
         "A monitoring group said at least 19 soldiers were killed.\n")


@pytest.fixture
def gaz_path(gaz_file):
    return str(gaz_file)


@pytest.fixture
def inputs(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(OTHER)
    return [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]


def run(args, gaz_path):
    result = CliRunner().invoke(app, ["extract", *args, "--gazetteer", gaz_path, "--published", "2020-04-04"])
    return result


def test_jsonl_is_the_design_shape_and_fuses_across_articles(inputs, gaz_path):
    result = run([*inputs, "--outlet", "Wire"], gaz_path)
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    [event] = events
    assert set(event) == KEYS and all(set(c) >= CLAIM_KEYS for c in event["claims"])
    assert len({c["article_id"] for c in event["claims"]}) == 2
    assert event["event_date"] == "2020-04-02" and event["status"] == "contested"
    assert event["location"]["country_code"] == "SY"
    assert event["fatalities"] == {"low": 19, "best": 19, "high": 40}


def test_separately_keeps_articles_apart_and_ids_are_stable(inputs, gaz_path):
    first = run([*inputs, "--separately"], gaz_path)
    again = run([*inputs, "--separately"], gaz_path)
    events = [json.loads(line) for line in first.stdout.splitlines()]
    assert len(events) == 2 and first.stdout == again.stdout
    for e in events:
        assert len({c["article_id"] for c in e["claims"]}) == 1


def test_json_csv_and_table(inputs, gaz_path):
    doc = json.loads(run([*inputs, "--format", "json"], gaz_path).stdout)
    assert isinstance(doc, list) and doc[0]["extractor"] == "rules.v1"
    rows = list(csv.DictReader(io.StringIO(run([*inputs, "--format", "csv"], gaz_path).stdout)))
    assert rows[0]["fatalities_best"] == "19" and rows[0]["country_code"] == "SY"
    table = run([*inputs, "--format", "table"], gaz_path)
    assert table.exit_code == 0 and "Islamic" in table.stdout and "2020-04-02" in table.stdout


def test_a_bad_input_is_named_and_the_rest_goes_on(inputs, gaz_path, tmp_path):
    (tmp_path / "bad.bin").write_bytes(b"\x00\x01\x02" * 100)
    result = run([*inputs, str(tmp_path / "bad.bin")], gaz_path)
    assert result.exit_code == 1
    assert "bad.bin" in result.stderr and len(result.stdout.splitlines()) == 1
