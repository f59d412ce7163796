"""Who held a place when: control periods from territory-change events (DESIGN §3).

    periods = control_periods(events)
    who_held(periods, "Raqqa", dt.date(2015, 1, 1))   # ControlPeriod(actor="Islamic State", ...)

Only events whose sub-event type hands territory to their actor1 count (data/reconcile.yaml
`control.territory_changes`: an actor overtakes, a government regains, a peaceful
handover). Per place (its GeoNames id, or its name when it has none), sorted by date,
each change opens a period for its actor1 that the next change to another actor closes
(`until` is that change's first day; the period covers since <= d < until). Successive
changes to the same actor extend one period. Nothing is invented: a change without a
date, a place or an actor1 adds nothing, and no period starts before its first change.
"""

from __future__ import annotations

import datetime as dt

from marsad.fuse.cluster import claim_key, norm_actor, norm_name
from marsad.fuse.rules import FuseRules, load_rules
from marsad.model import ControlPeriod, Event, Place


def place_key(place: Place) -> tuple:
    """A place's identity for control: its GeoNames id, else its name."""
    if place.geonameid is not None:
        return ("g", place.geonameid)
    return ("n", norm_name(place.name))


def control_place(event: Event) -> Place | None:
    """Where a change of territory happened: its place, else a place known only by its written name."""
    if event.place is not None:
        return event.place
    return Place(name=event.place_as_written) if event.place_as_written else None


def control_periods(events: list[Event], rules: FuseRules | None = None) -> list[ControlPeriod]:
    """Control periods per place, from the territory-change events; sorted by place, then date."""
    rules = rules or load_rules()
    changes: dict[tuple, list[tuple[dt.date, str, Event, Place]]] = {}
    for event in events:
        if event.sub_event_type not in rules.territory_changes or event.date_start is None or not event.actor1:
            continue
        place = control_place(event)
        if place is None or (place.geonameid is None and not norm_name(place.name)):
            continue
        changes.setdefault(place_key(place), []).append((event.date_start, event.id, event, place))

    periods: list[ControlPeriod] = []
    for key in sorted(changes, key=lambda k: (k[0], str(k[1]))):
        history = sorted(changes[key], key=lambda t: (t[0], t[1]))
        current: ControlPeriod | None = None
        for date, _id, event, place in history:
            ids = [claim_key(c) for c in event.claims]
            if current is not None and norm_actor(current.actor) == norm_actor(event.actor1):
                current.claim_ids.extend(i for i in ids if i not in current.claim_ids)
                continue
            if current is not None:
                current.until = date
            current = ControlPeriod(place=place, actor=event.actor1, since=date, until=None, claim_ids=ids)
            periods.append(current)
    return periods


def place_matches(period: ControlPeriod, place: Place | str | int) -> bool:
    held = period.place
    if isinstance(place, int) and not isinstance(place, bool):
        return held.geonameid == place
    if isinstance(place, Place):
        if place.geonameid is not None and held.geonameid is not None:
            return place.geonameid == held.geonameid
        place = place.name
    wanted = norm_name(place)
    return bool(wanted) and (wanted == norm_name(held.name)
                             or any(wanted == norm_name(n) for n in held.alternate_names or []))


def who_held(periods: list[ControlPeriod], place: Place | str | int, date: dt.date) -> ControlPeriod | None:
    """The period in which `place` (a Place, a name or a GeoNames id) was held on `date`, or None."""
    found = None
    for period in periods:
        if not place_matches(period, place) or period.since is None or period.since > date:
            continue
        if period.until is not None and date >= period.until:
            continue
        if found is None or period.since > found.since:
            found = period
    return found
