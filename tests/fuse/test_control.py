"""Control periods: who held a place when, from territory-change events."""

from __future__ import annotations

import datetime as dt

from marsad.fuse import control_periods, fuse_claims, who_held
from marsad.model import Event, Place, Source

from tests.fuse.helpers import RAQQA, REUTERS, claim, day

TOWN = Place("Hajin", 34.6942, 40.8306, geonameid=8055525, country_code="SY", alternate_names=["Hajeen"])
OVERTAKES = "Non-state actor overtakes territory"
REGAINS = "Government regains territory"


def town_history():
    """One article: "militants overran the town in June 2014 and were driven out in March 2017"."""
    quote = "Islamic State overran the town in June 2014 and was driven out by the army in March 2017."
    return [
        claim("history", 0, quote=quote, source=REUTERS, when=(day(2014, 6, 1), day(2014, 6, 30)), precision="month",
              place=TOWN, event_type="Battles", sub_event_type=OVERTAKES, actor1="Islamic State", id="c-2014"),
        claim("history", 0, quote=quote, source=REUTERS, when=(day(2017, 3, 1), day(2017, 3, 31)), precision="month",
              place=TOWN, event_type="Battles", sub_event_type=REGAINS, actor1="Military Forces of Syria",
              actor2="Islamic State", id="c-2017"),
    ]


def test_history_of_a_town_gives_who_held_it_when():
    events = fuse_claims(town_history())
    assert len(events) == 2
    periods = control_periods(events)
    assert [(p.actor, p.since, p.until) for p in periods] == [
        ("Islamic State", day(2014, 6, 1), day(2017, 3, 1)),
        ("Military Forces of Syria", day(2017, 3, 1), None),
    ]
    assert who_held(periods, "Hajin", dt.date(2015, 1, 1)).actor == "Islamic State"
    assert who_held(periods, "Hajin", dt.date(2018, 1, 1)).actor == "Military Forces of Syria"
    assert who_held(periods, "Hajin", dt.date(2014, 1, 1)) is None  # nothing known before the first change
    assert periods[0].claim_ids == ["c-2014"]


def test_who_held_takes_a_place_a_geonameid_or_an_alternate_name():
    periods = control_periods(fuse_claims(town_history()))
    when = dt.date(2016, 5, 1)
    assert who_held(periods, TOWN, when).actor == "Islamic State"
    assert who_held(periods, 8055525, when).actor == "Islamic State"
    assert who_held(periods, "hajeen", when).actor == "Islamic State"
    assert who_held(periods, "Raqqa", when) is None


def test_a_change_without_a_date_adds_nothing():
    undated = Event(id="ev-x", claims=[], sub_event_type=OVERTAKES, actor1="Islamic State", place=RAQQA)
    assert control_periods([undated]) == []


def test_other_events_add_nothing():
    clash = Event(id="ev-y", claims=[], event_type="Battles", sub_event_type="Armed clash", actor1="Islamic State",
                  place=RAQQA, date_start=dt.date(2015, 1, 1))
    assert control_periods([clash]) == []


def test_repeated_changes_to_the_same_actor_extend_one_period():
    def change(i, actor, when):
        return Event(id=f"ev-{i}", claims=[], sub_event_type=OVERTAKES, actor1=actor, place=RAQQA, date_start=when)

    periods = control_periods([change(1, "Islamic State", dt.date(2014, 1, 13)),
                               change(2, "Islamic State", dt.date(2014, 2, 1)),
                               change(3, "Syrian Democratic Forces", dt.date(2017, 10, 17))])
    assert [(p.actor, p.since, p.until) for p in periods] == [
        ("Islamic State", dt.date(2014, 1, 13), dt.date(2017, 10, 17)),
        ("Syrian Democratic Forces", dt.date(2017, 10, 17), None),
    ]


def test_places_known_only_by_name_keep_their_own_history():
    written = Event(id="ev-z", claims=[], sub_event_type=OVERTAKES, actor1="al-Shabaab", place=None,
                    place_as_written="Mahaday", date_start=dt.date(2019, 5, 2))
    [period] = control_periods([written])
    assert period.place.name == "Mahaday"
    assert who_held([period], "Mahaday", dt.date(2020, 1, 1)).actor == "al-Shabaab"


def test_a_handover_counts_as_a_change():
    src = Source("Reuters", "wire")
    claims = [claim("a", 0, source=src, when=day(2019, 10, 14), place=RAQQA, event_type="Strategic developments",
                    sub_event_type="Non-violent transfer of territory", actor1="Military Forces of Syria")]
    [period] = control_periods(fuse_claims(claims))
    assert (period.actor, period.since) == ("Military Forces of Syria", day(2019, 10, 14))
