"""What the dashboard reads (marsad.web): aggregates over the stored events, computed in SQL.

    map_features(conn, f, bbox)       # events as points, or grid cells when there are many
    timeline(conn, f, by)             # events and fatalities per week, by type or actor
    control_at(conn, at)              # every place with a control history: who held it on a date
    source_profile(conn, name)        # a claimant's claims and how its figures compare
    search(conn, dialect, q)          # articles (full-text) and events matching words

Every function takes the caller's connection and an `EventFilter` where it lists events;
names from articles are bound as parameters, never spliced into SQL.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from marsad.store import schema
from marsad.store.events import EventFilter, events_from, filtered

MAX_POINTS = 2000  # above this many events in view, the map gets grid cells instead of points
GRID = 48  # cells across the larger side of the view
TOP_SERIES = 8  # the timeline's series by actor: the most active, the rest as "other"


@dataclass
class BBox:
    south: float
    west: float
    north: float
    east: float

    def cell(self) -> float:
        """Side of a grid cell in degrees: GRID cells across the larger side of the view."""
        return max(self.north - self.south, self.east - self.west, 1e-3) / GRID


WORLD = BBox(-90, -180, 90, 180)


def _in_view(lat: float | None, lon: float | None, bbox: BBox) -> bool:
    if lat is None or lon is None or not (bbox.south <= lat <= bbox.north):
        return False
    if bbox.west <= bbox.east:
        return bbox.west <= lon <= bbox.east
    return lon >= bbox.west or lon <= bbox.east  # across the antimeridian


def map_features(conn: Connection, f: EventFilter, bbox: BBox = WORLD, max_points: int = MAX_POINTS) -> dict:
    """The events in view as GeoJSON: one point each when there are at most `max_points`,
    else one feature per grid cell (count, fatalities, the most frequent type). The
    answer never holds more than max(max_points, GRID * GRID) features.

    The filtered events are first counted per place and type in SQL (an index-only scan
    of ix_events_place or ix_events_day), the places placed in view in Python; only a
    view of few events reads the events themselves."""
    ev, pl = schema.events, schema.places
    per_place = conn.execute(filtered(sa.select(
        ev.c.place_id, ev.c.event_type, sa.func.count().label("n"),
        sa.func.sum(sa.func.coalesce(ev.c.fatalities_best, 0)).label("fatalities"),
    ).select_from(events_from(f)), f).where(ev.c.place_id.is_not(None)).group_by(ev.c.place_id, ev.c.event_type)).all()
    coords: dict[int, tuple[float | None, float | None]] = {}
    ids = sorted({r.place_id for r in per_place})
    for i in range(0, len(ids), 500):
        coords.update((r.id, (r.lat, r.lon)) for r in conn.execute(
            sa.select(pl.c.id, pl.c.lat, pl.c.lon).where(pl.c.id.in_(ids[i:i + 500]))))
    seen = [r for r in per_place if _in_view(*coords.get(r.place_id, (None, None)), bbox)]
    if sum(r.n for r in seen) <= max_points:
        in_view = sorted({r.place_id for r in seen})
        rows = []
        for i in range(0, len(in_view), 500):
            q = filtered(sa.select(
                ev.c.id, ev.c.event_type, ev.c.sub_event_type, ev.c.date_start, ev.c.fatalities_best, ev.c.status,
                ev.c.actor1, ev.c.actor2, pl.c.name, pl.c.lat, pl.c.lon).select_from(events_from()), f)
            rows += conn.execute(q.where(ev.c.place_id.in_(in_view[i:i + 500]))).all()
        rows.sort(key=lambda r: (r.date_start is None, -(r.date_start.toordinal() if r.date_start else 0), r.id))
        features = [{
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r.lon, r.lat]},
            "properties": {"kind": "event", "event_id": r.id, "event_type": r.event_type,
                           "sub_event_type": r.sub_event_type, "date": r.date_start.isoformat() if r.date_start else None,
                           "fatalities": r.fatalities_best, "status": r.status, "actor1": r.actor1,
                           "actor2": r.actor2, "place": r.name},
        } for r in rows]
        return {"type": "FeatureCollection", "features": features, "aggregated": False}
    cell = bbox.cell()
    cells: dict[tuple[int, int], dict] = {}
    for r in seen:
        lat, lon = coords[r.place_id]
        c = cells.setdefault((int((lat + 90) / cell), int((lon + 180) / cell)),
                             {"n": 0, "fatalities": 0, "lat": 0.0, "lon": 0.0, "types": {}})
        c["n"] += r.n
        c["fatalities"] += r.fatalities or 0
        c["lat"] += lat * r.n
        c["lon"] += lon * r.n
        key = r.event_type or "unknown"
        c["types"][key] = c["types"].get(key, 0) + r.n
    features = [{
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(c["lon"] / c["n"], 4), round(c["lat"] / c["n"], 4)]},
        "properties": {"kind": "cell", "count": c["n"], "fatalities": c["fatalities"],
                       "event_type": max(c["types"].items(), key=lambda kv: (kv[1], kv[0]))[0],
                       "types": c["types"], "cell_degrees": cell},
    } for c in cells.values()]
    return {"type": "FeatureCollection", "features": features, "aggregated": True}


def _week(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def timeline(conn: Connection, f: EventFilter, by: str = "type") -> dict:
    """Events per ISO week (weeks start on Monday) in series by event type or by actor1 (the
    TOP_SERIES most active, the rest as "other"), and the fatalities per week as the sums
    of the events' low, best and high figures. Weeks without events are listed with zeros."""
    ev = schema.events
    key = ev.c.event_type if by == "type" else ev.c.actor1
    day = ev.c.date_start
    q = filtered(sa.select(
        day, key.label("key"), sa.func.count().label("n"),
        sa.func.sum(ev.c.fatalities_low).label("low"), sa.func.sum(ev.c.fatalities_best).label("best"),
        sa.func.sum(ev.c.fatalities_high).label("high"),
    ).select_from(events_from(f)), f).where(day.is_not(None)).group_by(day, key)
    rows = conn.execute(q).all()
    totals: dict[str, int] = {}
    for r in rows:
        totals[r.key or "unknown"] = totals.get(r.key or "unknown", 0) + r.n
    keep = sorted(totals, key=lambda k: (-totals[k], k))
    if by != "type" and len(keep) > TOP_SERIES:
        keep = keep[:TOP_SERIES] + ["other"]
    if not rows:
        return {"by": by, "weeks": [], "series": {}, "fatalities": {"low": [], "best": [], "high": []}}
    first, last = _week(min(r.date_start for r in rows)), _week(max(r.date_start for r in rows))
    weeks = [first + dt.timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    index = {w: i for i, w in enumerate(weeks)}
    series = {k: [0] * len(weeks) for k in keep}
    fat = {k: [0] * len(weeks) for k in ("low", "best", "high")}
    for r in rows:
        i = index[_week(r.date_start)]
        name = r.key or "unknown"
        series[name if name in series else "other"][i] += r.n
        for k in fat:
            fat[k][i] += getattr(r, k) or 0
    return {"by": by, "weeks": [w.isoformat() for w in weeks], "series": series, "fatalities": fat}


def control_at(conn: Connection, at: dt.date | None) -> list[dict]:
    """Every place with a control history, and who held it on `at` (null when no dated change
    says so yet; without `at`, the latest holder)."""
    cp, pl = schema.control_periods, schema.places
    rows = conn.execute(
        sa.select(cp.c.place_id, cp.c.actor, cp.c.since, cp.c.until, pl.c.name, pl.c.geonameid, pl.c.lat, pl.c.lon,
                  pl.c.country_code)
        .select_from(cp.join(pl, pl.c.id == cp.c.place_id)).order_by(cp.c.place_id, cp.c.since, cp.c.id)
    ).all()
    places: dict[int, dict] = {}
    for r in rows:
        p = places.setdefault(r.place_id, {
            "place": r.name, "place_id": r.place_id, "geonameid": r.geonameid, "lat": r.lat, "lon": r.lon,
            "country_code": r.country_code, "actor": None, "since": None, "until": None, "changes": 0})
        p["changes"] += 1
        held = at is None or ((r.since is None or r.since <= at) and (r.until is None or at < r.until))
        if held:
            p.update(actor=r.actor, since=r.since.isoformat() if r.since else None,
                     until=r.until.isoformat() if r.until else None)
    return list(places.values())


def place_history(conn: Connection, place_id: int) -> list[dict]:
    """A place's control periods, oldest first, each with the claims behind it (source and quote)."""
    cp, ce, cl, src = schema.control_periods, schema.control_evidence, schema.claims, schema.sources
    periods = conn.execute(sa.select(cp).where(cp.c.place_id == place_id).order_by(cp.c.since, cp.c.id)).all()
    out = []
    for p in periods:
        ev = conn.execute(
            sa.select(cl.c.id, cl.c.article_id, cl.c.quote, cl.c.verb, cl.c.date_start, src.c.name)
            .select_from(ce.join(cl, cl.c.id == ce.c.claim_id).join(src, src.c.id == cl.c.source_id))
            .where(ce.c.control_id == p.id).order_by(cl.c.date_start, cl.c.id)
        ).all()
        out.append({"actor": p.actor, "since": p.since.isoformat() if p.since else None,
                    "until": p.until.isoformat() if p.until else None,
                    "evidence": [{"claim_id": e.id, "article_id": e.article_id, "source": e.name, "verb": e.verb,
                                  "date": e.date_start.isoformat() if e.date_start else None, "quote": e.quote}
                                 for e in ev]})
    return out


def _mid(low: int | None, high: int | None) -> float | None:
    if low is None and high is None:
        return None
    if low is None or high is None:
        return float(low if low is not None else high)
    return (low + high) / 2


def source_profile(conn: Connection, name: str, limit: int = 200, offset: int = 0) -> dict | None:
    """A claimant's claims (newest first, paged) and how its killed figures compare with other
    claimants' for the same events: the median of (its figure / the others' median) over the
    events where both gave one, and the share of its claims whose event is contested or
    which are denials."""
    src, cl, ec, ev = schema.sources, schema.claims, schema.event_claims, schema.events
    s = conn.execute(sa.select(src).where(src.c.name == name)).first()
    if s is None:
        return None
    day = sa.func.coalesce(cl.c.date_start, ev.c.date_start)  # the claim's own date, else its event's
    mine = conn.execute(
        sa.select(cl.c.id, cl.c.article_id, cl.c.quote, cl.c.verb, cl.c.killed_low, cl.c.killed_high,
                  day.label("date_start"), cl.c.event_type, ec.c.event_id, ev.c.status)
        .select_from(cl.join(ec, ec.c.claim_id == cl.c.id).join(ev, ev.c.id == ec.c.event_id))
        .where(cl.c.source_id == s.id).order_by(day.desc().nulls_last(), cl.c.id)
    ).all()
    events = list({r.event_id for r in mine})
    others: dict[str, list[float]] = {}
    for i in range(0, len(events), 500):
        for r in conn.execute(
            sa.select(ec.c.event_id, cl.c.killed_low, cl.c.killed_high)
            .select_from(ec.join(cl, cl.c.id == ec.c.claim_id))
            .where(ec.c.event_id.in_(events[i:i + 500]), cl.c.source_id != s.id)
        ):
            m = _mid(r.killed_low, r.killed_high)
            if m is not None:
                others.setdefault(r.event_id, []).append(m)
    ratios = []
    for r in mine:
        m, theirs = _mid(r.killed_low, r.killed_high), others.get(r.event_id)
        if m is not None and theirs and statistics.median(theirs) > 0:
            ratios.append(m / statistics.median(theirs))
    n = len(mine)
    return {
        "source": s.name, "kind": s.kind, "affiliation": s.affiliation, "claims_total": n,
        "events": len(events),
        "compared": len(ratios),
        "median_ratio": round(statistics.median(ratios), 3) if ratios else None,
        "contested_share": round(sum(r.status == "contested" for r in mine) / n, 3) if n else None,
        "denied_share": round(sum(r.verb == "denied" for r in mine) / n, 3) if n else None,
        "claims": [{"claim_id": r.id, "event_id": r.event_id, "article_id": r.article_id, "verb": r.verb,
                    "date": r.date_start.isoformat() if r.date_start else None, "event_type": r.event_type,
                    "killed": {"low": r.killed_low, "high": r.killed_high}, "status": r.status, "quote": r.quote}
                   for r in mine[offset:offset + limit]],
    }


def sources_list(conn: Connection) -> list[dict]:
    """Every claimant with its kind and number of claims, most claims first."""
    src, cl = schema.sources, schema.claims
    q = (sa.select(src.c.name, src.c.kind, sa.func.count(cl.c.id).label("n"))
         .select_from(src.join(cl, cl.c.source_id == src.c.id)).group_by(src.c.name, src.c.kind)
         .order_by(sa.func.count(cl.c.id).desc(), src.c.name))
    return [{"source": r.name, "kind": r.kind, "claims": r.n} for r in conn.execute(q)]


# -- search ------------------------------------------------------------------------------

MARK_OPEN, MARK_CLOSE = "\x02", "\x03"  # snippet highlights; the page escapes, then turns them into <mark>


def has_fts(conn: Connection) -> bool:
    """Whether the full-text index exists (SQLite builds without FTS5 fall back to LIKE)."""
    if conn.dialect.name != "sqlite":
        return True
    return conn.scalar(sa.text("SELECT count(*) FROM sqlite_master WHERE name = 'articles_fts'")) > 0


def _fts5_query(q: str) -> str:
    """User words as an FTS5 query: each a quoted term (no operators), all required."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in q.split())


def search(conn: Connection, q: str, limit: int = 50, offset: int = 0) -> dict:
    """Articles whose title or text holds all the words (full-text: FTS5 on SQLite, tsvector on
    PostgreSQL, both with English stemming), best first, with a snippet; and the events
    drawn from them or naming the words as an actor or place."""
    q = " ".join(q.split())
    if not q:
        return {"query": q, "articles": [], "events": []}
    a = schema.articles
    if conn.dialect.name == "postgresql":
        doc = sa.func.to_tsvector(sa.literal_column("'english'"),
                                  sa.func.coalesce(a.c.title, "") + " " + a.c.text)
        tsq = sa.func.websearch_to_tsquery(sa.literal_column("'english'"), q)
        rows = conn.execute(
            sa.select(a.c.id, a.c.title, a.c.outlet, a.c.published,
                      sa.func.ts_headline(sa.literal_column("'english'"), a.c.text, tsq,
                                          f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=30, MinWords=10")
                      .label("snippet"))
            .where(doc.op("@@")(tsq)).order_by(sa.func.ts_rank(doc, tsq).desc(), a.c.id).offset(offset).limit(limit)
        ).all()
    elif has_fts(conn):
        rows = conn.execute(sa.text(
            "SELECT a.id, a.title, a.outlet, a.published, "
            f"snippet(articles_fts, 1, '{MARK_OPEN}', '{MARK_CLOSE}', '…', 24) AS snippet "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH :q ORDER BY articles_fts.rank, a.id LIMIT :limit OFFSET :offset"
        ), {"q": _fts5_query(q), "limit": limit, "offset": offset}).all()
    else:
        like = f"%{q.lower()}%"
        rows = conn.execute(
            sa.select(a.c.id, a.c.title, a.c.outlet, a.c.published, sa.func.substr(a.c.text, 1, 200).label("snippet"))
            .where(sa.or_(sa.func.lower(a.c.title).like(like), sa.func.lower(a.c.text).like(like)))
            .order_by(a.c.id).offset(offset).limit(limit)
        ).all()
    articles = [{"article_id": r.id, "title": r.title, "outlet": r.outlet,
                 "published": r.published.isoformat() if isinstance(r.published, dt.date) else r.published,
                 "snippet": r.snippet} for r in rows]
    ev, cl, ec, pl = schema.events, schema.claims, schema.event_claims, schema.places
    like = f"%{q.lower()}%"
    from_articles = sa.select(ec.c.event_id).select_from(ec.join(cl, cl.c.id == ec.c.claim_id)).where(
        cl.c.article_id.in_([x["article_id"] for x in articles]))
    named = sa.or_(sa.func.lower(ev.c.actor1).like(like), sa.func.lower(ev.c.actor2).like(like),
                   sa.func.lower(pl.c.name).like(like), sa.func.lower(ev.c.place_as_written).like(like))
    events = conn.execute(
        sa.select(ev.c.id, ev.c.date_start, ev.c.event_type, ev.c.actor1, ev.c.actor2, ev.c.fatalities_best,
                  pl.c.name).select_from(events_from())
        .where(sa.or_(ev.c.id.in_(from_articles), named))
        .order_by(ev.c.date_start.desc().nulls_last(), ev.c.id).limit(limit)
    ).all()
    return {"query": q, "articles": articles, "events": [
        {"event_id": r.id, "date": r.date_start.isoformat() if r.date_start else None, "event_type": r.event_type,
         "actor1": r.actor1, "actor2": r.actor2, "fatalities": r.fatalities_best, "place": r.name} for r in events]}


def article_claims(conn: Connection, article_id: str) -> list[dict]:
    """The claims drawn from an article, in text order, with their events."""
    cl, ec, src = schema.claims, schema.event_claims, schema.sources
    rows = conn.execute(
        sa.select(cl.c.id, cl.c.start, cl.c.end, cl.c.quote, cl.c.verb, cl.c.event_type, cl.c.sub_event_type,
                  cl.c.actor1, cl.c.actor2, cl.c.killed_low, cl.c.killed_high, cl.c.wounded_low, cl.c.wounded_high,
                  cl.c.date_start, src.c.name, sa.func.coalesce(cl.c.source_kind, src.c.kind).label("kind"),
                  ec.c.event_id)
        .select_from(cl.join(src, src.c.id == cl.c.source_id).outerjoin(ec, ec.c.claim_id == cl.c.id))
        .where(cl.c.article_id == article_id).order_by(cl.c.start, cl.c.id)
    ).all()
    return [{"claim_id": r.id, "event_id": r.event_id, "source": r.name, "source_kind": r.kind, "verb": r.verb,
             "event_type": r.event_type, "sub_event_type": r.sub_event_type, "actor1": r.actor1, "actor2": r.actor2,
             "date": r.date_start.isoformat() if r.date_start else None,
             "killed": {"low": r.killed_low, "high": r.killed_high},
             "wounded": {"low": r.wounded_low, "high": r.wounded_high},
             "start": r.start, "end": r.end, "quote": r.quote} for r in rows]
