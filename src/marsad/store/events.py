"""Claims, events and control periods in the store (DESIGN §3, §5 "fuse -> store").

    add_claims(conn, dialect, claims, rules)    # write, fuse against stored events, update control
    load_events(conn, ids)                      # Event objects with their claims
    event_ids(conn, filters)                    # ids of the events matching `EventFilter`

Cross-article fusion is incremental and blocked by date: new claims are fused together
with the stored events whose dates fall within a day of theirs (the only ones they could
join, see marsad.fuse), and those events are replaced by the result. Events whose
interval is longer than `max_across_span_days` never merge across articles, so they are
never loaded. Control periods are recomputed for every place whose history a territory
change touched. Everything happens in the caller's transaction: an article, its claims
and the events they changed are stored together or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from marsad.fuse import FuseRules, claim_key, control_periods, fuse_claims
from marsad.fuse.control import control_place
from marsad.model import Claim, ControlPeriod, Event, Place, Range, Source
from marsad.store import schema

# Arbitrary constant shared by every marsad process: serialises fusion on PostgreSQL.
PG_FUSION_LOCK = 7_246_502
CHUNK = 500


def chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


# -- places and sources ---------------------------------------------------------------


class _Ids:
    """Row ids of places and sources, created on first use within one transaction."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.places: dict[tuple, int] = {}
        self.sources: dict[str, int] = {}

    def place(self, place: Place | None) -> int | None:
        if place is None:
            return None
        t = schema.places
        if place.geonameid is not None:
            key: tuple = ("g", place.geonameid)
            where = t.c.geonameid == place.geonameid
        else:
            key = ("n", place.name, place.country_code, place.lat, place.lon)
            where = sa.and_(
                t.c.geonameid.is_(None), t.c.name == place.name,
                t.c.country_code.is_not_distinct_from(place.country_code),
                t.c.lat.is_not_distinct_from(place.lat), t.c.lon.is_not_distinct_from(place.lon),
            )
        if key not in self.places:
            found = self.conn.scalar(sa.select(t.c.id).where(where).limit(1))
            if found is None:
                found = self.conn.execute(sa.insert(t).values(
                    geonameid=place.geonameid, name=place.name, alternate_names=list(place.alternate_names or []),
                    lat=place.lat, lon=place.lon, feature_class=place.feature_class,
                    feature_code=place.feature_code, admin1=place.admin1, admin2=place.admin2,
                    country_code=place.country_code, population=place.population,
                )).inserted_primary_key[0]
            self.places[key] = found
        return self.places[key]

    def source(self, source: Source | None) -> int:
        name = (source.name if source is not None else None) or "unknown"
        if name not in self.sources:
            t = schema.sources
            found = self.conn.scalar(sa.select(t.c.id).where(t.c.name == name))
            if found is None:
                found = self.conn.execute(sa.insert(t).values(
                    name=name, kind=source.kind if source else None, affiliation=source.affiliation if source else None,
                )).inserted_primary_key[0]
            self.sources[name] = found
        return self.sources[name]


def _place(m) -> Place:
    return Place(
        name=m["name"], lat=m["lat"], lon=m["lon"], geonameid=m["geonameid"],
        alternate_names=list(m["alternate_names"] or []), feature_class=m["feature_class"],
        feature_code=m["feature_code"], admin1=m["admin1"], admin2=m["admin2"],
        country_code=m["country_code"], population=m["population"],
    )


def _places(conn: Connection, ids: Iterable[int | None]) -> dict[int, Place]:
    wanted = sorted({i for i in ids if i is not None})
    t = schema.places
    found: dict[int, Place] = {}
    for chunk in chunks(wanted):
        for row in conn.execute(sa.select(t).where(t.c.id.in_(chunk))):
            found[row.id] = _place(row._mapping)
    return found


# -- rows <-> dataclasses ------------------------------------------------------------


def _claim_row(c: Claim, ids: _Ids) -> dict:
    return {
        "id": c.id, "article_id": c.article_id, "source_id": ids.source(c.source),
        "source_kind": c.source.kind if c.source is not None else None, "verb": c.verb,
        "reported_by": c.reported_by, "quote": c.quote, "start": c.start, "end": c.end,
        "event_type": c.event_type, "sub_event_type": c.sub_event_type, "actor1": c.actor1, "actor2": c.actor2,
        "assoc_actors": list(c.assoc_actors), "place_id": ids.place(c.place), "place_as_written": c.place_as_written,
        "geo_precision": c.geo_precision, "date_start": c.date_start, "date_end": c.date_end,
        "time_precision": c.time_precision, "weapons": list(c.weapons),
        "killed_low": c.killed.low, "killed_high": c.killed.high,
        "wounded_low": c.wounded.low, "wounded_high": c.wounded.high,
        "captured_low": c.captured.low, "captured_high": c.captured.high,
        "hedged": bool(c.hedged), "evidence": c.evidence or {}, "extractor": c.extractor,
    }


def _claims_query(*columns) -> sa.Select:
    """Claims with their source's name, kind and affiliation (for `_source` and `_claim`)."""
    cl, src = schema.claims, schema.sources
    return (sa.select(*columns, cl, src.c.name.label("source_name"), src.c.kind.label("source_default_kind"),
                      src.c.affiliation.label("source_affiliation"))
            .select_from(cl).join(src, src.c.id == cl.c.source_id))


def _source(m) -> Source:
    return Source(m["source_name"], m["source_kind"] or m["source_default_kind"], m["source_affiliation"])


def _claim(m, source: Source, place: Place | None) -> Claim:
    return Claim(
        id=m["id"], article_id=m["article_id"], quote=m["quote"], start=m["start"], end=m["end"], source=source,
        verb=m["verb"], reported_by=m["reported_by"], event_type=m["event_type"], sub_event_type=m["sub_event_type"],
        actor1=m["actor1"], actor2=m["actor2"], assoc_actors=list(m["assoc_actors"] or []), place=place,
        place_as_written=m["place_as_written"], geo_precision=m["geo_precision"], date_start=m["date_start"],
        date_end=m["date_end"], time_precision=m["time_precision"], weapons=list(m["weapons"] or []),
        killed=Range(m["killed_low"], m["killed_high"]), wounded=Range(m["wounded_low"], m["wounded_high"]),
        captured=Range(m["captured_low"], m["captured_high"]), hedged=bool(m["hedged"]),
        evidence=dict(m["evidence"] or {}), extractor=m["extractor"],
    )


_EVENT_FIELDS = (
    "event_type", "sub_event_type", "actor1", "actor2", "place_as_written", "geo_precision", "date_start",
    "date_end", "time_precision", "fatalities_low", "fatalities_best", "fatalities_high", "wounded_low",
    "wounded_best", "wounded_high", "status", "notes", "extractor",
)


def _event_row(e: Event, ids: _Ids) -> dict:
    row = {name: getattr(e, name) for name in _EVENT_FIELDS}
    row.update(id=e.id, assoc_actors=list(e.assoc_actors), weapons=list(e.weapons), place_id=ids.place(e.place))
    return row


def load_events(conn: Connection, ids: Iterable[str]) -> list[Event]:
    """The events with these ids, each with its claims in text order; in the order of `ids`."""
    ids = list(dict.fromkeys(ids))
    ev, ec, cl = schema.events, schema.event_claims, schema.claims
    rows: dict[str, sa.Row] = {}
    claim_rows: dict[str, list] = {}
    for chunk in chunks(ids):
        rows.update((r.id, r) for r in conn.execute(sa.select(ev).where(ev.c.id.in_(chunk))))
        q = _claims_query(ec.c.event_id).join(ec, ec.c.claim_id == cl.c.id).where(ec.c.event_id.in_(chunk))
        for r in conn.execute(q):
            claim_rows.setdefault(r.event_id, []).append(r._mapping)
    places = _places(conn, [r.place_id for r in rows.values()]
                     + [m["place_id"] for ms in claim_rows.values() for m in ms])
    events = []
    for event_id in ids:
        row = rows.get(event_id)
        if row is None:
            continue
        m = row._mapping
        claims = [
            _claim(c, _source(c), places.get(c["place_id"]))
            for c in sorted(claim_rows.get(event_id, []), key=lambda c: (c["article_id"], c["start"], c["id"]))
        ]
        events.append(Event(
            id=event_id, claims=claims, assoc_actors=list(m["assoc_actors"] or []), weapons=list(m["weapons"] or []),
            place=places.get(m["place_id"]), **{name: m[name] for name in _EVENT_FIELDS},
        ))
    return events


# -- writing -------------------------------------------------------------------------


def _windows(claims: list[Claim], rules: FuseRules) -> list[tuple[dt.date, dt.date]]:
    """Merged date intervals within which stored events could join these claims."""
    gap = dt.timedelta(days=rules.across_articles_day_gap)
    spans = []
    for c in claims:
        start = c.date_start or c.date_end
        end = c.date_end or c.date_start
        if start is None or (end - start).days > rules.max_across_span_days:
            continue
        spans.append((start - gap, end + gap))
    merged: list[list[dt.date]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


def _candidates(conn: Connection, windows: list[tuple[dt.date, dt.date]], rules: FuseRules) -> list[str]:
    ev = schema.events
    end = sa.func.coalesce(ev.c.date_end, ev.c.date_start)
    found: list[str] = []
    for lo, hi in windows:
        q = sa.select(ev.c.id, ev.c.date_start, end.label("end")).where(ev.c.date_start <= hi, end >= lo)
        found += [r.id for r in conn.execute(q) if (r.end - r.date_start).days <= rules.max_across_span_days]
    return list(dict.fromkeys(found))


def _write_events(conn: Connection, events: list[Event], ids: _Ids) -> None:
    rows = [_event_row(e, ids) for e in events]
    links = [{"event_id": e.id, "claim_id": claim_key(c)} for e in events for c in e.claims]
    for chunk in chunks(rows):
        conn.execute(sa.insert(schema.events), chunk)
    for chunk in chunks(links):
        conn.execute(sa.insert(schema.event_claims), chunk)


def _delete_events(conn: Connection, ids: list[str]) -> None:
    for chunk in chunks(ids):
        conn.execute(sa.delete(schema.event_claims).where(schema.event_claims.c.event_id.in_(chunk)))
        conn.execute(sa.delete(schema.events).where(schema.events.c.id.in_(chunk)))


def add_claims(conn: Connection, dialect: str, claims: list[Claim], rules: FuseRules) -> None:
    """Store new claims and fuse them with the stored events they could join.

    Claims already stored (by id) are skipped, so running the same batch twice changes nothing.
    """
    if not claims:
        return
    if dialect == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_FUSION_LOCK})
    for c in claims:
        c.id = claim_key(c)
    cl = schema.claims
    stored: set[str] = set()
    for chunk in chunks([c.id for c in claims]):
        stored.update(conn.scalars(sa.select(cl.c.id).where(cl.c.id.in_(chunk))))
    claims = [c for c in dict((c.id, c) for c in claims).values() if c.id not in stored]
    if not claims:
        return
    ids = _Ids(conn)
    for chunk in chunks(claims):
        conn.execute(sa.insert(cl), [_claim_row(c, ids) for c in chunk])

    old = load_events(conn, _candidates(conn, _windows(claims, rules), rules))
    fused = fuse_claims([c for e in old for c in e.claims] + claims, rules)
    _delete_events(conn, [e.id for e in old])
    _write_events(conn, fused, ids)
    _update_control(conn, old + fused, rules, ids)


# -- control -------------------------------------------------------------------------


def _update_control(conn: Connection, events: list[Event], rules: FuseRules, ids: _Ids) -> None:
    """Recompute the control periods of every place a territory change among `events` is at."""
    changes = [e for e in events if e.sub_event_type in rules.territory_changes]
    place_ids = {ids.place(p) for p in map(control_place, changes) if p is not None}
    if not place_ids:
        return
    ev = schema.events
    history: list[str] = []
    for chunk in chunks(sorted(place_ids)):
        history += conn.scalars(sa.select(ev.c.id).where(
            ev.c.sub_event_type.in_(sorted(rules.territory_changes)), ev.c.place_id.in_(chunk)))
    written = {p.name for e in changes if e.place is None for p in [control_place(e)] if p is not None}
    for chunk in chunks(sorted(written)):
        history += conn.scalars(sa.select(ev.c.id).where(
            ev.c.sub_event_type.in_(sorted(rules.territory_changes)), ev.c.place_id.is_(None),
            ev.c.place_as_written.in_(chunk)))
    periods = control_periods(load_events(conn, history), rules)

    cp, ce = schema.control_periods, schema.control_evidence
    for chunk in chunks(sorted(place_ids)):
        old = list(conn.scalars(sa.select(cp.c.id).where(cp.c.place_id.in_(chunk))))
        for old_chunk in chunks(old):
            conn.execute(sa.delete(ce).where(ce.c.control_id.in_(old_chunk)))
            conn.execute(sa.delete(cp).where(cp.c.id.in_(old_chunk)))
    for period in periods:
        place_id = ids.place(period.place)
        control_id = conn.execute(sa.insert(cp).values(
            place_id=place_id, actor=period.actor, since=period.since, until=period.until,
        )).inserted_primary_key[0]
        if period.claim_ids:
            conn.execute(sa.insert(ce), [{"control_id": control_id, "claim_id": i}
                                         for i in dict.fromkeys(period.claim_ids)])


# -- reading -------------------------------------------------------------------------


@dataclass
class EventFilter:
    """What `marsad events`, `export`, `trends`, `report` and the dashboard can ask for; every
    field optional, all given ones must hold.

    `since` and `until` are about the event's date (`event_date`, its interval's first day,
    `date_start`): an event is in the period when since <= date_start <= until, both ends
    included. An event whose interval merely overlaps the period (a coarse "in 2018", or a
    siege from November to February) is not in it; an undated event is in no period."""

    since: dt.date | None = None
    until: dt.date | None = None
    actor: list[str] | None = None  # any of these names, as actor1, actor2 or associated
    place: str | None = None  # place name, name as written, admin1 or country code
    event_type: str | None = None  # event type or sub-event type
    status: str | None = None
    min_fatalities: int | None = None
    source_kind: str | None = None  # at least one claim from a claimant of this kind
    limit: int | None = None
    offset: int = 0


def filtered(q: sa.Select, f: EventFilter) -> sa.Select:
    """`q` (a select from events outer-joined with places) restricted to the events matching `f`."""
    ev, pl = schema.events, schema.places
    # A range on date_start alone: ix_events_date and ix_events_day (which leads with it) serve it.
    if f.since:
        q = q.where(ev.c.date_start >= f.since)
    if f.until:
        q = q.where(ev.c.date_start <= f.until)
    if f.actor:
        names = [n.casefold() for n in f.actor]
        q = q.where(sa.or_(sa.func.lower(ev.c.actor1).in_(names), sa.func.lower(ev.c.actor2).in_(names),
                           *[sa.func.lower(sa.cast(ev.c.assoc_actors, sa.Text)).like(f"%{n}%") for n in names]))
    if f.place:
        p = f.place.casefold()
        q = q.where(sa.or_(sa.func.lower(pl.c.name) == p, sa.func.lower(ev.c.place_as_written) == p,
                           sa.func.lower(pl.c.admin1) == p, sa.func.lower(pl.c.country_code) == p))
    if f.event_type:
        t = f.event_type.casefold()
        q = q.where(sa.or_(sa.func.lower(ev.c.event_type) == t, sa.func.lower(ev.c.sub_event_type) == t))
    if f.status:
        q = q.where(ev.c.status == f.status)
    if f.min_fatalities is not None:
        q = q.where(ev.c.fatalities_best >= f.min_fatalities)
    if f.source_kind:
        cl, ec, src = schema.claims, schema.event_claims, schema.sources
        kind = sa.func.coalesce(cl.c.source_kind, src.c.kind)
        q = q.where(sa.exists(
            sa.select(1).select_from(ec.join(cl, cl.c.id == ec.c.claim_id).join(src, src.c.id == cl.c.source_id))
            .where(ec.c.event_id == ev.c.id, kind == f.source_kind)))
    return q


def events_from(f: EventFilter | None = None) -> sa.FromClause:
    """What `filtered` selects from: events outer-joined with their places, or the events
    alone when the filter `f` does not ask about places (an aggregate then reads an index
    alone)."""
    ev, pl = schema.events, schema.places
    return ev if f is not None and not f.place else ev.outerjoin(pl, pl.c.id == ev.c.place_id)


def event_ids(conn: Connection, f: EventFilter) -> list[str]:
    """Ids of the events matching `f`, newest first."""
    ev = schema.events
    q = filtered(sa.select(ev.c.id).select_from(events_from(f)), f)
    q = q.order_by(ev.c.date_start.desc().nulls_last(), ev.c.id).offset(f.offset).limit(f.limit)
    return list(conn.scalars(q))


def iter_events(conn: Connection, f: EventFilter, chunk: int = 2000) -> Iterator[list[Event]]:
    """The events matching `f` (limit and offset ignored), oldest first then by id, undated
    ones last, `chunk` at a time with their claims: memory stays bounded whatever the store
    holds. Pages by key (date, id), never by offset, so each chunk costs the same."""
    ev = schema.events
    base = filtered(sa.select(ev.c.id, ev.c.date_start).select_from(events_from(f)), f)
    last: tuple[dt.date, str] | None = None
    while True:  # dated events, by (date_start, id)
        q = base.where(ev.c.date_start.is_not(None))
        if last is not None:
            q = q.where(sa.or_(ev.c.date_start > last[0], sa.and_(ev.c.date_start == last[0], ev.c.id > last[1])))
        rows = conn.execute(q.order_by(ev.c.date_start, ev.c.id).limit(chunk)).all()
        if not rows:
            break
        last = (rows[-1].date_start, rows[-1].id)
        yield load_events(conn, [r.id for r in rows])
    after = ""
    while True:  # then the undated, by id
        rows = conn.execute(base.where(ev.c.date_start.is_(None), ev.c.id > after).order_by(ev.c.id).limit(chunk)).all()
        if not rows:
            break
        after = rows[-1].id
        yield load_events(conn, [r.id for r in rows])


def event_ids_starting(conn: Connection, ref: str) -> list[str]:
    ev = schema.events
    return list(conn.scalars(sa.select(ev.c.id).where(ev.c.id.startswith(ref, autoescape=True)).limit(2)))


def control_history(conn: Connection) -> list[ControlPeriod]:
    """Every stored control period with its place and supporting claim ids."""
    cp, ce = schema.control_periods, schema.control_evidence
    rows = conn.execute(sa.select(cp).order_by(cp.c.place_id, cp.c.since, cp.c.id)).all()
    places = _places(conn, [r.place_id for r in rows])
    evidence: dict[int, list[str]] = {}
    for r in conn.execute(sa.select(ce.c.control_id, ce.c.claim_id).order_by(ce.c.claim_id)):
        evidence.setdefault(r.control_id, []).append(r.claim_id)
    return [ControlPeriod(place=places[r.place_id], actor=r.actor, since=r.since, until=r.until,
                          claim_ids=evidence.get(r.id, [])) for r in rows]


def load_claims(conn: Connection, ids: Iterable[str]) -> dict[str, Claim]:
    """Claims by id, with their sources and places."""
    cl = schema.claims
    ids = list(dict.fromkeys(ids))
    rows = []
    for chunk in chunks(ids):
        rows += conn.execute(_claims_query().where(cl.c.id.in_(chunk))).all()
    places = _places(conn, [r.place_id for r in rows])
    return {r.id: _claim(r._mapping, _source(r._mapping), places.get(r.place_id)) for r in rows}
