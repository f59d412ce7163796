"""`marsad export`: the stored events matching a filter, streamed in chunks into a format.

    export(store, EventFilter(...), "acled-csv", fh)          # text formats: to an open file
    export_parquet(store, EventFilter(...), Path("out/"))     # events/claims/articles.parquet

Events come from the store `CHUNK` at a time (marsad.store.events.iter_events), so
memory stays bounded whatever the database holds.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pyarrow.parquet as pq
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from marsad.export import acled, tables, ucdp
from marsad.export.jsonl import write_jsonl
from marsad.model import Article, Event
from marsad.store import Store, schema
from marsad.store.events import EventFilter, control_history, iter_events

FORMATS = ("acled-csv", "ucdp-csv", "geojson", "jsonl", "parquet")
CHUNK = 2000


def _vague_words(conn: Connection, events: list[Event]) -> dict[str, str]:
    """Claim id -> the words of its killed figure, for figures read from a vague word
    (their rule says so); read from the article's stored text."""
    wanted = []
    for e in events:
        for c in e.claims:
            ev = (c.evidence or {}).get("killed")
            if not isinstance(ev, dict) or "vague" not in str(ev.get("rule", "")):
                continue
            spans = ev.get("spans") or ([ev["span"]] if ev.get("span") else [])
            if spans:
                wanted.append((c.id, c.article_id, spans[0]))
    out: dict[str, str] = {}
    a = schema.articles
    for claim_id, article_id, (start, end) in wanted:
        out[claim_id] = conn.scalar(
            sa.select(sa.func.substr(a.c.text, start + 1, end - start)).where(a.c.id == article_id)) or ""
    return out


def _articles(conn: Connection, ids: set[str], with_text: bool = False) -> dict[str, Article]:
    a = schema.articles
    cols = [a.c.id, a.c.url, a.c.outlet, a.c.title, a.c.published, a.c.language] + ([a.c.text] if with_text else [])
    out = {}
    ids_list = sorted(ids)
    for i in range(0, len(ids_list), 500):
        for r in conn.execute(sa.select(*cols).where(a.c.id.in_(ids_list[i:i + 500]))):
            out[r.id] = Article(id=r.id, text=r.text if with_text else "", url=r.url, outlet=r.outlet,
                                title=r.title, published=r.published, language=r.language)
    return out


def _chunks(store: Store, f: EventFilter) -> Iterator[tuple[Connection, list[Event]]]:
    with store.read() as conn:
        for events in iter_events(conn, f, CHUNK):
            yield conn, events


def rowable(e: Event) -> bool:
    """Whether an event can be an ACLED or UCDP row: both need a date and a country."""
    return e.date_start is not None and e.place is not None and bool(e.place.country_code)


def export(store: Store, f: EventFilter, fmt: str, fh: IO[str]) -> tuple[int, int]:
    """Write the events matching `f` to `fh` in a text format; returns how many were
    written and how many were left out (ACLED and UCDP rows need a date and a country)."""
    n = left_out = 0
    if fmt in ("acled-csv", "ucdp-csv"):
        columns = acled.COLUMNS if fmt == "acled-csv" else ucdp.COLUMNS
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        stamp = int(time.time())
        for conn, chunk in _chunks(store, f):
            events = [e for e in chunk if rowable(e)]
            left_out += len(chunk) - len(events)
            if fmt == "acled-csv":
                vague = _vague_words(conn, events)
                rows = [acled.acled_row(e, vague, stamp) for e in events]
            else:
                arts = _articles(conn, {c.article_id for e in events for c in e.claims})
                rows = [ucdp.ucdp_row(e, arts) for e in events]
            writer.writerows(rows)
            n += len(rows)
    elif fmt == "jsonl":
        for _, events in _chunks(store, f):
            n += write_jsonl(events, fh)
    elif fmt == "geojson":
        def features():  # noqa: ANN202
            for _, events in _chunks(store, f):
                yield from (tables.event_feature(e) for e in events)
            with store.read() as conn:
                yield from (tables.control_feature(p) for p in control_history(conn) if _period_in(p, f))
        n = tables.write_features(features(), fh)
    else:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    return n, left_out


def _period_in(p, f: EventFilter) -> bool:  # noqa: ANN001
    """A control period overlaps the filter's dates (other filters are about events)."""
    if f.since and p.until is not None and p.until < f.since:
        return False
    return not (f.until and p.since is not None and p.since > f.until)


def export_parquet(store: Store, f: EventFilter, out_dir: Path) -> dict[str, int]:
    """events.parquet, claims.parquet and articles.parquet in `out_dir`, written chunk by chunk;
    returns rows per table. Files are written beside their final names and renamed into
    place at the end, so a failed export leaves no half-written table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = {"events": tables.EVENTS, "claims": tables.CLAIMS, "articles": tables.ARTICLES}
    partial = {k: out_dir / f".{k}.parquet.partial" for k in names}
    writers = {k: pq.ParquetWriter(partial[k], schema) for k, schema in names.items()}
    counts = dict.fromkeys(names, 0)
    seen: set[str] = set()
    try:
        for conn, events in _chunks(store, f):
            writers["events"].write_batch(tables.batch([tables.event_record(e) for e in events], tables.EVENTS))
            claims = [r for e in events for r in tables.claim_records(e)]
            writers["claims"].write_batch(tables.batch(claims, tables.CLAIMS))
            new = {c["article_id"] for c in claims} - seen
            seen |= new
            arts = _articles(conn, new, with_text=True)
            writers["articles"].write_batch(
                tables.batch([tables.article_record(arts[i]) for i in sorted(arts)], tables.ARTICLES))
            counts["events"] += len(events)
            counts["claims"] += len(claims)
            counts["articles"] += len(arts)
    except BaseException:
        for k, w in writers.items():
            w.close()
            partial[k].unlink(missing_ok=True)
        raise
    for k, w in writers.items():
        w.close()
        partial[k].replace(out_dir / f"{k}.parquet")
    return counts
