"""JSON Lines: one event per line, in the public shape of DESIGN §6.

    write_jsonl(events, sys.stdout)
    event_as_dict(event)["fatalities"]    # {"low": 19, "best": 19, "high": 40}

The keys are exactly those of §6, in its order; unknown values are null, never guessed.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import IO

from marsad.export import admin_name, country_name
from marsad.model import Claim, Event, Range


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _range(r: Range | None) -> dict:
    return {"low": r.low, "high": r.high} if r is not None else {"low": None, "high": None}


def claim_as_dict(claim: Claim) -> dict:
    """A claim as it appears in an event's `claims`."""
    source = claim.source
    return {
        "source": source.name if source is not None else None,
        "source_kind": source.kind if source is not None else None,
        "reported_by": claim.reported_by,
        "article_id": claim.article_id,
        "verb": claim.verb,
        "quote": claim.quote,
        "start": claim.start,
        "end": claim.end,
        "killed": _range(claim.killed),
        "wounded": _range(claim.wounded),
        "captured": _range(claim.captured),
    }


def _location(event: Event) -> dict:
    place = event.place
    code = place.country_code if place is not None else None
    return {
        "name": place.name if place is not None else None,
        "geonameid": place.geonameid if place is not None else None,
        "admin1": admin_name(place),
        "country": country_name(code),
        "country_code": code,
        "lat": place.lat if place is not None else None,
        "lon": place.lon if place is not None else None,
        "geo_precision": event.geo_precision,
        "as_written": event.place_as_written,
    }


def sources_of(event: Event) -> list[str]:
    """Claimants first, then the outlets that reported them; each once."""
    out, seen = [], set()
    names = [c.source.name if c.source is not None else None for c in event.claims]
    names += [c.reported_by for c in event.claims]
    for name in names:
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


def event_as_dict(event: Event) -> dict:
    """An event in the public JSON shape (DESIGN §6)."""
    return {
        "event_id": event.id,
        "event_date": _iso(event.date_start),
        "date_start": _iso(event.date_start),
        "date_end": _iso(event.date_end if event.date_end is not None else event.date_start),
        "time_precision": event.time_precision,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "actor2": event.actor2,
        "assoc_actors": list(event.assoc_actors),
        "location": _location(event),
        "fatalities": {"low": event.fatalities_low, "best": event.fatalities_best, "high": event.fatalities_high},
        "wounded": {"low": event.wounded_low, "best": event.wounded_best, "high": event.wounded_high},
        "weapons": list(event.weapons),
        "status": event.status,
        "claims": [claim_as_dict(c) for c in event.claims],
        "sources": sources_of(event),
        "notes": event.notes,
        "extractor": event.extractor,
    }


def disagreements(d: dict) -> dict[str, list[bool]]:
    """Per figure, which claims to highlight: where claimants give different figures, those
    whose range leaves out the reconciled best."""
    out = {}
    for name, which in (("fatalities", "killed"), ("wounded", "wounded")):
        best = d[name]["best"]
        ranges = [(c[which]["low"], c[which]["high"]) for c in d["claims"]]
        given = {r for r in ranges if r != (None, None)}
        out[name] = [
            len(given) > 1 and r != (None, None) and best is not None
            and not ((r[0] if r[0] is not None else r[1]) <= best <= (r[1] if r[1] is not None else r[0]))
            for r in ranges
        ]
    return out


def write_jsonl(events, fh: IO[str]) -> int:
    """Write one JSON object per event and line; returns how many were written."""
    n = 0
    for event in events:
        fh.write(json.dumps(event_as_dict(event), ensure_ascii=False) + "\n")
        n += 1
    return n
