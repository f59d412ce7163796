"""The JSON Lines export: exactly the public event shape of DESIGN §6."""

from __future__ import annotations

import io
import json

from marsad.export import country_name
from marsad.export.jsonl import claim_as_dict, event_as_dict, write_jsonl
from marsad.fuse import fuse_claims
from marsad.model import Event

from tests.fuse.helpers import headline_claims

EVENT_KEYS = ["event_id", "event_date", "date_start", "date_end", "time_precision", "event_type", "sub_event_type",
              "actor1", "actor2", "assoc_actors", "location", "fatalities", "wounded", "weapons", "status", "claims",
              "sources", "notes", "extractor"]
LOCATION_KEYS = ["name", "geonameid", "admin1", "country", "country_code", "lat", "lon", "geo_precision",
                 "as_written"]
CLAIM_KEYS = ["source", "source_kind", "reported_by", "article_id", "verb", "quote", "start", "end", "killed",
              "wounded", "captured"]


def headline_event() -> Event:
    [event] = fuse_claims(headline_claims())
    return event


def test_event_has_exactly_the_keys_of_the_design():
    d = event_as_dict(headline_event())
    assert list(d) == EVENT_KEYS
    assert list(d["location"]) == LOCATION_KEYS
    assert list(d["fatalities"]) == ["low", "best", "high"]
    assert list(d["wounded"]) == ["low", "best", "high"]
    for c in d["claims"]:
        assert list(c) == CLAIM_KEYS
        assert list(c["killed"]) == list(c["wounded"]) == list(c["captured"]) == ["low", "high"]


def test_event_values_for_the_headline_attack():
    d = event_as_dict(headline_event())
    assert d["event_date"] == d["date_start"] == d["date_end"] == "2020-04-02"
    assert d["fatalities"] == {"low": 19, "best": 19, "high": 40}
    assert d["wounded"] == {"low": None, "best": None, "high": None}
    assert d["status"] == "contested"
    assert d["location"]["country"] == "Syria" and d["location"]["country_code"] == "SY"
    assert d["location"]["geonameid"] == 170794 and d["location"]["geo_precision"] == 2
    assert d["sources"] == ["Amaq", "Syrian Observatory for Human Rights", "defence ministry"]
    assert [c["verb"] for c in d["claims"]] == ["claimed", "said", "said"]
    assert d["claims"][1]["killed"] == {"low": 19, "high": None}


def test_unknowns_are_null():
    d = event_as_dict(Event(id="ev_x", claims=[]))
    assert d["location"] == dict.fromkeys(LOCATION_KEYS)
    assert d["event_date"] is None and d["actor1"] is None and d["extractor"] is None
    assert d["fatalities"] == {"low": None, "best": None, "high": None}
    assert d["claims"] == [] and d["sources"] == [] and d["weapons"] == []


def test_claim_as_dict():
    c = headline_claims()[0]
    d = claim_as_dict(c)
    assert list(d) == CLAIM_KEYS
    assert (d["source"], d["source_kind"], d["article_id"], d["killed"]) == (
        "Amaq", "perpetrator_media", "art1", {"low": 40, "high": 40})


def test_write_jsonl_writes_one_parseable_line_per_event():
    events = fuse_claims(headline_claims()) * 2
    fh = io.StringIO()
    assert write_jsonl(events, fh) == 2
    lines = fh.getvalue().splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0])["notes"].endswith("19\u201340 killed (contested).")
    assert "\u2013" in lines[0]  # not escaped: readable in a terminal


def test_country_name_from_code():
    assert country_name("SO") == "Somalia"
    assert country_name("sy") == "Syria"
    assert country_name("XX") is None
    assert country_name(None) is None
