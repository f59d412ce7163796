"""Events, claims and articles as flat tables: Parquet files and GeoJSON features.

Parquet (one directory, three files; schema in docs/exports.md):

    events.parquet     one row per event: reconciled fields, place, figures, status, sources
    claims.parquet     one row per claim, with its event_id and article_id
    articles.parquet   the articles those claims come from, with their cleaned text

GeoJSON: events as points with their properties; control periods as points with
`start` and `end` dates, for QGIS's temporal controller.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import IO

import pyarrow as pa

from marsad.export import admin_name, country_name
from marsad.export.jsonl import sources_of
from marsad.model import Article, ControlPeriod, Event

_S, _I, _F, _D = pa.string(), pa.int64(), pa.float64(), pa.date32()

EVENTS = pa.schema([
    ("event_id", _S), ("date_start", _D), ("date_end", _D), ("time_precision", _S), ("event_type", _S),
    ("sub_event_type", _S), ("actor1", _S), ("actor2", _S), ("assoc_actors", pa.list_(_S)), ("location", _S),
    ("as_written", _S), ("geonameid", _I), ("admin1", _S), ("country", _S), ("country_code", _S),
    ("latitude", _F), ("longitude", _F), ("geo_precision", pa.int8()), ("fatalities_low", _I),
    ("fatalities_best", _I), ("fatalities_high", _I), ("wounded_low", _I), ("wounded_best", _I),
    ("wounded_high", _I), ("weapons", pa.list_(_S)), ("status", _S), ("n_claims", pa.int32()),
    ("sources", pa.list_(_S)), ("notes", _S), ("extractor", _S),
])

CLAIMS = pa.schema([
    ("claim_id", _S), ("event_id", _S), ("article_id", _S), ("source", _S), ("source_kind", _S),
    ("reported_by", _S), ("verb", _S), ("hedged", pa.bool_()), ("quote", _S), ("start", _I), ("end", _I),
    ("event_type", _S), ("sub_event_type", _S), ("actor1", _S), ("actor2", _S), ("date_start", _D),
    ("date_end", _D), ("location", _S), ("latitude", _F), ("longitude", _F), ("killed_low", _I),
    ("killed_high", _I), ("wounded_low", _I), ("wounded_high", _I), ("captured_low", _I), ("captured_high", _I),
    ("extractor", _S),
])

ARTICLES = pa.schema([
    ("article_id", _S), ("url", _S), ("outlet", _S), ("title", _S), ("published", _D), ("language", _S),
    ("text", _S),
])


def event_record(e: Event) -> dict:
    p = e.place
    return {
        "event_id": e.id, "date_start": e.date_start, "date_end": e.date_end or e.date_start,
        "time_precision": e.time_precision, "event_type": e.event_type, "sub_event_type": e.sub_event_type,
        "actor1": e.actor1, "actor2": e.actor2, "assoc_actors": list(e.assoc_actors),
        "location": p.name if p else None, "as_written": e.place_as_written, "geonameid": p.geonameid if p else None,
        "admin1": admin_name(p), "country": country_name(p.country_code) if p else None,
        "country_code": p.country_code if p else None, "latitude": p.lat if p else None,
        "longitude": p.lon if p else None, "geo_precision": e.geo_precision,
        "fatalities_low": e.fatalities_low, "fatalities_best": e.fatalities_best, "fatalities_high": e.fatalities_high,
        "wounded_low": e.wounded_low, "wounded_best": e.wounded_best, "wounded_high": e.wounded_high,
        "weapons": list(e.weapons), "status": e.status, "n_claims": len(e.claims), "sources": sources_of(e),
        "notes": e.notes, "extractor": e.extractor,
    }


def claim_records(e: Event) -> list[dict]:
    out = []
    for c in e.claims:
        p = c.place
        out.append({
            "claim_id": c.id, "event_id": e.id, "article_id": c.article_id,
            "source": c.source.name if c.source else None, "source_kind": c.source.kind if c.source else None,
            "reported_by": c.reported_by, "verb": c.verb, "hedged": c.hedged, "quote": c.quote, "start": c.start,
            "end": c.end, "event_type": c.event_type, "sub_event_type": c.sub_event_type, "actor1": c.actor1,
            "actor2": c.actor2, "date_start": c.date_start, "date_end": c.date_end,
            "location": p.name if p else c.place_as_written, "latitude": p.lat if p else None,
            "longitude": p.lon if p else None, "killed_low": c.killed.low, "killed_high": c.killed.high,
            "wounded_low": c.wounded.low, "wounded_high": c.wounded.high, "captured_low": c.captured.low,
            "captured_high": c.captured.high, "extractor": c.extractor,
        })
    return out


def article_record(a: Article) -> dict:
    return {"article_id": a.id, "url": a.url, "outlet": a.outlet, "title": a.title, "published": a.published,
            "language": a.language, "text": a.text}


def batch(records: list[dict], schema: pa.Schema) -> pa.RecordBatch:
    return pa.RecordBatch.from_pylist(records, schema=schema)


def _json_value(v):  # noqa: ANN001, ANN202
    return v.isoformat() if isinstance(v, dt.date) else v


def event_feature(e: Event) -> dict | None:
    """An event as a GeoJSON point (None when it has no coordinates)."""
    if e.place is None or e.place.lat is None or e.place.lon is None:
        return None
    props = {k: _json_value(v) for k, v in event_record(e).items() if k not in ("latitude", "longitude")}
    props["kind"] = "event"
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [e.place.lon, e.place.lat]},
            "properties": props}


def control_feature(p: ControlPeriod) -> dict | None:
    """A control period as a point with `start`/`end` (end null: still held), for QGIS's
    temporal controller."""
    if p.place.lat is None or p.place.lon is None:
        return None
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [p.place.lon, p.place.lat]},
            "properties": {"kind": "control", "place": p.place.name, "geonameid": p.place.geonameid,
                           "actor": p.actor, "start": _json_value(p.since), "end": _json_value(p.until),
                           "claim_ids": list(p.claim_ids)}}


def write_features(features, fh: IO[str]) -> int:
    """A GeoJSON FeatureCollection written feature by feature (never held whole in memory)."""
    fh.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for f in features:
        if f is None:
            continue
        fh.write((",\n" if n else "") + json.dumps(f, ensure_ascii=False))
        n += 1
    fh.write("\n]}\n")
    return n
