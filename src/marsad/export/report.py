"""`marsad report`: a situation report over a period, as one self-contained HTML file or a PDF.

    report = gather(conn, since, until, country="SY", actor=["Islamic State"], land=gazetteer)
    write_report(report, Path("week.html"))      # or week.pdf (WeasyPrint)

What an analyst sends on: headline figures with their ranges, a map, a weekly chart,
the deadliest and the most contested events with every claim side by side, control
changes in the period, surges against the trailing baseline (marsad.trends), and the
sources and articles it rests on. Every figure is summed from the stored events; a
figure no claim gives is counted as unknown, never as zero.

The HTML holds its CSS and its figures (SVG as data: URIs); it needs no network and no
script. The PDF is the same HTML laid out for print by WeasyPrint.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import jinja2
import sqlalchemy as sa
from sqlalchemy.engine import Connection

import marsad
from marsad.export import charts, country_name
from marsad.export.jsonl import disagreements, event_as_dict
from marsad.store import schema
from marsad.store.events import EventFilter, events_from, filtered, load_events
from marsad.store.views import timeline
from marsad.trends import Trend, week_of, week_trends, weekly_counts

TOP = 5  # deadliest and most contested events shown
MAX_ARTICLES = 60  # articles listed by name; the rest counted
MAX_CLAIMANTS = 30  # claimants listed by name; the rest counted
BASELINE = 8  # weeks of the surge test's baseline
TREND_KEYS = "actor,country"


@dataclass
class Report:
    title: str
    since: dt.date
    until: dt.date
    country: str | None
    actor: list[str] | None
    generated: dt.datetime
    headline: dict
    types: list[tuple[str, int, int, int]]  # event type, events, best fatalities, events with a figure
    map_svg: str | None
    chart_svg: str | None
    deadliest: list[dict]  # events in the public JSON shape, with "disagree"
    contested: list[dict]
    control: list[dict]
    surges: list[Trend]
    sources: list[dict]
    articles: list[dict]
    articles_total: int
    notes: list[str] = field(default_factory=list)


def _ids(f: EventFilter) -> sa.Select:
    ev = schema.events
    return filtered(sa.select(ev.c.id).select_from(events_from(f)), f)


def headline(conn: Connection, f: EventFilter) -> dict:
    """Counts and fatality sums over the events matching `f`. Killed low and high: the sums of
    the events' low and high figures, an event without one counting its best; `open_high`:
    events whose high is open ("at least 12"); `no_figure`: events no claim gives a figure for.
    A sum means something only when `with_figure` (`wounded_with_figure`) is above zero: with
    none, the number is not known, and the report says "no figures", never 0."""
    ev, pl = schema.events, schema.places
    best = ev.c.fatalities_best
    r = conn.execute(filtered(sa.select(
        sa.func.count().label("events"),
        sa.func.sum(sa.func.coalesce(ev.c.fatalities_low, best)).label("killed_low"),
        sa.func.sum(best).label("killed_best"),
        sa.func.sum(sa.func.coalesce(ev.c.fatalities_high, best)).label("killed_high"),
        sa.func.count(best).label("with_figure"),
        sa.func.sum(sa.case((sa.and_(best.is_not(None), ev.c.fatalities_high.is_(None)), 1), else_=0)).label("open_high"),
        sa.func.sum(ev.c.wounded_best).label("wounded_best"),
        sa.func.count(ev.c.wounded_best).label("wounded_with_figure"),
        sa.func.count(sa.distinct(ev.c.place_id)).label("places"),
        sa.func.count(sa.distinct(pl.c.country_code)).label("countries"),
        sa.func.sum(sa.case((ev.c.status == "corroborated", 1), else_=0)).label("corroborated"),
        sa.func.sum(sa.case((ev.c.status == "contested", 1), else_=0)).label("contested"),
    ).select_from(ev.outerjoin(pl, pl.c.id == ev.c.place_id)), f)).one()
    out = {k: (v or 0) for k, v in r._mapping.items()}
    out["no_figure"] = out["events"] - out["with_figure"]
    out["single_source"] = out["events"] - out["corroborated"] - out["contested"]
    ec, cl = schema.event_claims, schema.claims
    ids = _ids(f).subquery()
    c = conn.execute(sa.select(sa.func.count(sa.distinct(cl.c.id)), sa.func.count(sa.distinct(cl.c.article_id)),
                               sa.func.count(sa.distinct(cl.c.source_id)))
                     .select_from(ec.join(cl, cl.c.id == ec.c.claim_id))
                     .where(ec.c.event_id.in_(sa.select(ids.c.id)))).one()
    out.update(claims=c[0], articles=c[1], sources=c[2])
    return out


def types(conn: Connection, f: EventFilter) -> list[tuple[str, int, int, int]]:
    """Per event type: events, the sum of their best killed figures, and how many give one."""
    ev = schema.events
    q = filtered(sa.select(ev.c.event_type, sa.func.count(), sa.func.sum(ev.c.fatalities_best),
                           sa.func.count(ev.c.fatalities_best))
                 .select_from(events_from(f)), f).group_by(ev.c.event_type)
    return sorted(((t or "type not known", n, k or 0, w) for t, n, k, w in conn.execute(q)),
                  key=lambda r: (-r[1], r[0]))


def _events(conn: Connection, f: EventFilter, order: list, where, skip: list[dict] = ()) -> list[dict]:  # noqa: ANN001
    """The TOP events matching `f` and `where` in `order`, leaving out those in `skip`."""
    ev = schema.events
    q = _ids(f).where(where)
    if skip:
        q = q.where(ev.c.id.not_in([e["event_id"] for e in skip]))
    ids = list(conn.scalars(q.order_by(*order, ev.c.id).limit(TOP)))
    out = []
    for e in load_events(conn, ids):
        d = event_as_dict(e)
        d["disagree"] = disagreements(d)
        out.append(d)
    return out


def map_points(conn: Connection, f: EventFilter) -> list[dict]:
    """The events per place and type: one circle each, with the count and fatalities summed."""
    ev, pl = schema.events, schema.places
    q = filtered(sa.select(pl.c.name, pl.c.lat, pl.c.lon, ev.c.event_type, sa.func.count().label("n"),
                           sa.func.sum(sa.func.coalesce(ev.c.fatalities_best, 0)).label("fatalities"))
                 .select_from(ev.join(pl, pl.c.id == ev.c.place_id)), f)
    q = q.where(pl.c.lat.is_not(None), pl.c.lon.is_not(None)).group_by(pl.c.name, pl.c.lat, pl.c.lon, ev.c.event_type)
    return [dict(r._mapping) for r in conn.execute(q)]


def control_changes(conn: Connection, f: EventFilter) -> list[dict]:
    """Control periods that begin within the filter's dates (in its country, by its actors
    when given): the place, the new holder, the one before, and the claims behind it."""
    cp, pl, ce, cl, src = (schema.control_periods, schema.places, schema.control_evidence, schema.claims,
                           schema.sources)
    q = sa.select(cp.c.id, cp.c.place_id, cp.c.actor, cp.c.since, pl.c.name, pl.c.country_code).select_from(
        cp.join(pl, pl.c.id == cp.c.place_id)).where(cp.c.since >= f.since, cp.c.since <= f.until)
    if f.place:
        q = q.where(sa.func.lower(pl.c.country_code) == f.place.casefold())
    out = []
    for r in conn.execute(q.order_by(cp.c.since, pl.c.name, cp.c.id)):
        before = conn.execute(sa.select(cp.c.actor).where(cp.c.place_id == r.place_id, cp.c.since < r.since)
                              .order_by(cp.c.since.desc(), cp.c.id.desc()).limit(1)).scalar()
        if f.actor and not {n.casefold() for n in f.actor} & {(r.actor or "").casefold(), (before or "").casefold()}:
            continue
        evidence = conn.execute(
            sa.select(src.c.name, cl.c.quote, cl.c.article_id)
            .select_from(ce.join(cl, cl.c.id == ce.c.claim_id).join(src, src.c.id == cl.c.source_id))
            .where(ce.c.control_id == r.id).order_by(cl.c.date_start, cl.c.id)).all()
        out.append({"place": r.name, "country": country_name(r.country_code) or r.country_code, "actor": r.actor,
                    "before": before, "since": r.since,
                    "evidence": [{"source": e.name, "quote": e.quote} for e in evidence]})
    return out


def sources(conn: Connection, f: EventFilter) -> tuple[list[dict], list[dict], int]:
    """The claimants behind the events (kind, claims, events, articles) and the articles
    (newest first, at most MAX_ARTICLES) with how many articles there are in all."""
    ec, cl, src, art = schema.event_claims, schema.claims, schema.sources, schema.articles
    ids = _ids(f).subquery()
    joined = (sa.select(ec.c.event_id, cl.c.id, cl.c.article_id, cl.c.source_id, cl.c.source_kind)
              .select_from(ec.join(cl, cl.c.id == ec.c.claim_id))
              .where(ec.c.event_id.in_(sa.select(ids.c.id))).subquery())
    kind = sa.func.coalesce(sa.func.max(joined.c.source_kind), sa.func.max(src.c.kind))
    who = conn.execute(
        sa.select(src.c.name, kind.label("kind"), sa.func.count(sa.distinct(joined.c.id)).label("claims"),
                  sa.func.count(sa.distinct(joined.c.event_id)).label("events"),
                  sa.func.count(sa.distinct(joined.c.article_id)).label("articles"))
        .select_from(joined.join(src, src.c.id == joined.c.source_id)).group_by(src.c.name)).all()
    claimants = sorted((dict(r._mapping) for r in who), key=lambda r: (-r["claims"], r["name"]))
    article_ids = sa.select(joined.c.article_id).scalar_subquery()
    total = conn.scalar(sa.select(sa.func.count()).select_from(art).where(art.c.id.in_(article_ids))) or 0
    rows = conn.execute(sa.select(art.c.id, art.c.title, art.c.outlet, art.c.published, art.c.url)
                        .where(art.c.id.in_(article_ids))
                        .order_by(art.c.published.desc().nulls_last(), art.c.id).limit(MAX_ARTICLES)).all()
    return claimants, [dict(r._mapping) for r in rows], total


def surges(conn: Connection, f: EventFilter, baseline: int = BASELINE) -> list[Trend]:
    """The surges (marsad.trends, by actor in each country) of every week of the period,
    each against the `baseline` weeks before it; strongest first."""
    counts = weekly_counts(conn, dataclasses.replace(f, since=f.since - dt.timedelta(weeks=baseline)), TREND_KEYS)
    found = []
    week = week_of(f.since)
    while week <= f.until:
        found += [t for t in week_trends(counts, week, baseline) if t.surge]
        week += dt.timedelta(weeks=1)
    return sorted(found, key=lambda t: (t.p_value, -t.count, t.week, t.key))


def in_period(tl: dict, since: dt.date, until: dt.date) -> dict:
    """A `timeline` cut to the weeks of the period, with empty weeks at its ends (the
    filter keeps the events dated in the period; the weeks before it are the baseline's)."""
    first, last = week_of(since), week_of(until)
    weeks = [first + dt.timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    index = {w: i for i, w in enumerate(dt.date.fromisoformat(w) for w in tl["weeks"])}

    def cut(values: list[int]) -> list[int]:
        return [values[index[w]] if w in index else 0 for w in weeks]
    return {**tl, "weeks": [w.isoformat() for w in weeks], "series": {k: cut(v) for k, v in tl["series"].items()},
            "fatalities": {k: cut(v) for k, v in tl["fatalities"].items()}}


def _land(gazetteer, points: list[dict]) -> tuple[list, float]:  # noqa: ANN001
    if gazetteer is None or not points:
        return [], 1.0
    south, west, north, east = charts.view(points)
    cell = max(round(max(north - south, east - west) / 50, 2), 0.02)  # about 50 cells across
    return gazetteer.land_cells(cell, (south, west, north, east)), cell


def title_for(since: dt.date, until: dt.date, country: str | None, actor: list[str] | None) -> str:
    where = country_name(country) or country or "All countries"
    who = f", {actor[0]}" if actor else ""
    def day(d: dt.date, fmt: str) -> str:  # "1 March 2021": no %-d, which only glibc knows
        return f"{d.day} {d.strftime(fmt)}"
    if since.year == until.year:
        span = (f"{since.day}–{day(until, '%B %Y')}" if since.month == until.month
                else f"{day(since, '%B')} – {day(until, '%B %Y')}")
    else:
        span = f"{day(since, '%B %Y')} – {day(until, '%B %Y')}"
    return f"Situation report: {where}{who}, {span}"


def gather(conn: Connection, since: dt.date, until: dt.date, country: str | None = None,
           actor: list[str] | None = None, gazetteer=None, title: str | None = None) -> Report:  # noqa: ANN001
    """Everything the report shows, for the events dated from `since` to `until` (inclusive),
    in `country` (an ISO code) and involving `actor` (any of the names) when given;
    `gazetteer` (optional) draws the land under the map."""
    f = EventFilter(since=since, until=until, place=country, actor=actor)
    ev = schema.events
    points = map_points(conn, f)
    land, cell = _land(gazetteer, points)
    countries = {c for c in conn.scalars(
        filtered(sa.select(schema.places.c.country_code).select_from(events_from()), f).distinct()) if c}
    deadliest = _events(conn, f, [ev.c.fatalities_best.desc().nulls_last()], ev.c.fatalities_best > 0)
    spread = sa.func.coalesce(ev.c.fatalities_high, ev.c.fatalities_best, 0) - sa.func.coalesce(
        ev.c.fatalities_low, ev.c.fatalities_best, 0)
    contested = _events(conn, f, [spread.desc(), ev.c.fatalities_best.desc().nulls_last()], ev.c.status == "contested",
                        skip=deadliest)
    claimants, articles, total = sources(conn, f)
    top_places = sorted(points, key=lambda p: -p["fatalities"])[:6]
    report = Report(
        title=title or title_for(since, until, country, actor), since=since, until=until, country=country,
        actor=actor, generated=dt.datetime.now(dt.timezone.utc).replace(microsecond=0), headline=headline(conn, f),
        types=types(conn, f),
        map_svg=charts.event_map(points, land, cell, countries, [p for p in top_places if p["fatalities"]]),
        chart_svg=charts.weekly_chart(in_period(timeline(conn, f, "type"), since, until)), deadliest=deadliest, contested=contested,
        control=control_changes(conn, f), surges=surges(conn, f), sources=claimants, articles=articles,
        articles_total=total,
    )
    undated = conn.scalar(sa.select(sa.func.count()).select_from(
        filtered(sa.select(ev.c.id).select_from(events_from(f)), dataclasses.replace(f, since=None, until=None))
        .where(ev.c.date_start.is_(None)).subquery()))
    if undated:
        report.notes.append(f"{undated} stored events matching the place and actor have no date and are not counted.")
    return report


def _data_uri(svg: str | None) -> str | None:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii") if svg else None


def _safe_url(url: str | None) -> str | None:
    """An article's link only when it is http(s): a stored URL is untrusted text."""
    return url if url and re.match(r"https?://", url, re.I) else None


def render_html(report: Report) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resources.files("marsad") / "export" / "templates")),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["safe_url"] = _safe_url
    env.filters["country"] = lambda code: country_name(code) or code
    return env.get_template("report.html").render(
        r=report, map_uri=_data_uri(report.map_svg), chart_uri=_data_uri(report.chart_svg), version=marsad.__version__,
        max_claimants=MAX_CLAIMANTS)


def _data_only():  # noqa: ANN202
    """WeasyPrint's fetcher for the report: its figures are data: URIs; nothing goes out."""
    import weasyprint

    if hasattr(weasyprint, "URLFetcher"):  # WeasyPrint >= 66
        return weasyprint.URLFetcher(allowed_protocols={"data"})

    def fetch(url: str, *args, **kwargs) -> dict:  # noqa: ANN002, ANN003
        if not url.startswith("data:"):
            raise ValueError(f"the report fetches nothing from the network ({url})")
        return weasyprint.default_url_fetcher(url, *args, **kwargs)
    return fetch


class ReportError(Exception):
    """The report cannot be written; the message says why."""


def check_suffix(out: Path) -> str:
    suffix = out.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise ReportError(f"{out}: the report is written as .html or .pdf, not {out.suffix or 'a file without suffix'!r}")
    return suffix


def write_report(report: Report, out: Path) -> None:
    """`out` as HTML (.html, .htm) or PDF (.pdf), written beside its name then renamed into
    place, so a failure leaves no half-written file."""
    suffix = check_suffix(out)
    html = render_html(report)
    tmp = out.with_name(f".{out.name}.partial")
    try:
        if suffix == ".pdf":
            try:
                import weasyprint
            except OSError as exc:  # WeasyPrint loads Pango when imported
                raise ReportError(f"{out}: a PDF needs the Pango library (Debian: apt-get install libpango-1.0-0 "
                                  f"libpangoft2-1.0-0); write .html instead, or install it ({exc})") from exc
            weasyprint.HTML(string=html, url_fetcher=_data_only()).write_pdf(tmp)
        else:
            tmp.write_text(html, encoding="utf-8")
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
