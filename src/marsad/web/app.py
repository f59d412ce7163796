"""Routes of the dashboard and its JSON API (see the package docstring)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hmac
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

import sqlalchemy as sa
from sqlalchemy.engine import Connection
import xstatic.pkg.leaflet as leaflet
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad.annotate.actors import with_canonical_names
from marsad.export import TYPE_COLOURS
from marsad.export.jsonl import disagreements, event_as_dict
from marsad.fuse.reconcile import figure_sources
from marsad.ingest import IngestOptions, read_data
from marsad.model import Article, Event
from marsad.settings import Settings
from marsad.store import Store, open_store, schema
from marsad.store import views
from marsad.store.events import EventFilter
from marsad.web import render
from marsad.web.apidocs import operations
from marsad.web.asgi import HeadAsGet, TooLarge, read_body, replayed

HERE = Path(str(resources.files("marsad") / "web"))
MAX_LIMIT = 500
# An upload's body may pass max_input_bytes by this much: multipart boundaries and part
# headers, the other form fields, JSON's quotes and escapes around a pasted text.
ENVELOPE_BYTES = 64 * 1024
STATUSES = ("single_source", "corroborated", "contested")


class Status(str, Enum):
    single_source = "single_source"
    corroborated = "corroborated"
    contested = "contested"


class SeriesBy(str, Enum):
    type = "type"
    actor = "actor"


@dataclass
class Filters:
    """The query parameters shared by the map, the timeline and the events list."""

    since: dt.date | None = None
    until: dt.date | None = None
    actor: list[str] = field(default_factory=list)
    type: str | None = None
    source_kind: str | None = None
    place: str | None = None
    status: Status | None = None
    min_fatalities: int | None = None

    def event_filter(self, limit: int | None = None, offset: int = 0) -> EventFilter:
        actors = [a for a in self.actor if a.strip()]
        return EventFilter(
            since=self.since, until=self.until, actor=with_canonical_names(actors) if actors else None,
            place=self.place or None, event_type=self.type or None, status=self.status.value if self.status else None,
            min_fatalities=self.min_fatalities, source_kind=self.source_kind or None, limit=limit, offset=offset)

    def query(self) -> str:
        """The filters as a query string (for links that keep the view)."""
        pairs: list[tuple[str, Any]] = []
        for name in ("since", "until"):
            if getattr(self, name):
                pairs.append((name, getattr(self, name).isoformat()))
        pairs += [("actor", a) for a in self.actor if a]
        for name in ("type", "source_kind", "place", "min_fatalities"):
            if getattr(self, name) not in (None, ""):
                pairs.append((name, getattr(self, name)))
        if self.status:
            pairs.append(("status", self.status.value))
        return urlencode(pairs)


def _blank_is_none(value: str | None) -> str | None:
    """A form submits empty fields as empty strings: they mean "any"."""
    return value.strip() or None if value is not None else None


def filters(
    since: Annotated[str | None, Query(description="Events dated on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, Query(description="Events dated on or before this date (YYYY-MM-DD).")] = None,
    actor: Annotated[list[str], Query(description="Actor1, actor2 or associated actor; a name or alias; repeatable.")] = [],  # noqa: B006
    type: Annotated[str | None, Query(description="Event type or sub-event type.")] = None,  # noqa: A002
    source_kind: Annotated[str | None, Query(description="At least one claim from a claimant of this kind.")] = None,
    place: Annotated[str | None, Query(description="Place name, province or country code.")] = None,
    status: Annotated[str | None, Query(description="single_source, corroborated or contested.")] = None,
    min_fatalities: Annotated[str | None, Query(description="Best fatality figure at least this (an integer >= 0).")] = None,
) -> Filters:
    """The filters of a query string; an empty field means any, a bad one is a 422 naming it."""
    dates = {}
    for name, value in (("since", since), ("until", until)):
        value = _blank_is_none(value)
        try:
            dates[name] = dt.date.fromisoformat(value) if value else None
        except ValueError:
            raise HTTPException(422, f"{name} {value!r}: use a date as YYYY-MM-DD") from None
    status = _blank_is_none(status)
    if status is not None and status not in STATUSES:
        raise HTTPException(422, f"status {status!r}: use one of {', '.join(STATUSES)}")
    least = _blank_is_none(min_fatalities)
    if least is not None and not (least.isdigit() and len(least) < 10):
        raise HTTPException(422, f"min_fatalities {least!r}: use a whole number >= 0")
    return Filters(dates["since"], dates["until"], [a for a in actor if a.strip()], _blank_is_none(type),
                   _blank_is_none(source_kind), _blank_is_none(place), Status(status) if status else None,
                   int(least) if least is not None else None)


FiltersDep = Annotated[Filters, Depends(filters)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"At most this many (1 to {MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Skip this many.")]


def get_conn(request: Request) -> Iterator[Connection]:
    """A read transaction on the app's store, for one request."""
    with request.app.state.store.read() as c:
        yield c


Conn = Annotated[Connection, Depends(get_conn)]
Q = Annotated[str, Query(max_length=500, description="Words to find (all must occur).")]
PlaceId = Annotated[int, PathParam(ge=1, le=2**63 - 1, description="The place's id in the store.")]


class TextIn(BaseModel):
    """An article pasted as text."""

    text: str = Field(min_length=1, description="The article's text (plain text, Markdown or HTML).")
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None


def _bbox(value: str | None) -> views.BBox:
    if not value:
        return views.WORLD
    try:
        s, w, n, e = (float(x) for x in value.split(","))
    except ValueError:
        raise HTTPException(422, f"bbox {value!r}: give south,west,north,east in degrees") from None
    if not (-90 <= s <= n <= 90 and -540 <= w <= 540 and -540 <= e <= 540):
        raise HTTPException(422, f"bbox {value!r}: south <= north within -90..90, longitudes within -540..540")
    if e - w >= 360:
        w, e = -180.0, 180.0
    else:
        w, e = (w + 180) % 360 - 180, (e + 180) % 360 - 180
    return views.BBox(max(s, -90), w, min(n, 90), e)


def _with_words(evidence: dict, text: str | None) -> dict:
    """Each field's evidence with the words its span covers in the article's text."""
    out = {}
    for name, ev in (evidence or {}).items():
        ev = dict(ev) if isinstance(ev, dict) else {"rule": str(ev)}
        span = ev.get("span") or ev.get("from")
        if text and isinstance(span, (list, tuple)) and len(span) == 2 and all(isinstance(x, int) for x in span):
            ev["words"] = text[span[0]:span[1]]
        out[name] = ev
    return out


def _claims_detail(event: Event, texts: dict[str, str]) -> dict:
    """An event as DESIGN §6 has it, plus per claim its id, extractor and evidence (with the
    words read), and which claims give each reconciled figure."""
    d = event_as_dict(event)
    for cd, claim in zip(d["claims"], event.claims, strict=True):
        cd.update(claim_id=claim.id, extractor=claim.extractor, hedged=claim.hedged,
                  evidence=_with_words(claim.evidence, texts.get(claim.article_id)),
                  date_start=claim.date_start.isoformat() if claim.date_start else None,
                  event_type=claim.event_type, actor1=claim.actor1, actor2=claim.actor2,
                  place=claim.place.name if claim.place else claim.place_as_written)
    d["figures_from"] = figure_sources(event)
    return d


def _segments(text: str, mentions: list[dict]) -> list[tuple[str, dict | None]]:
    """The text cut into plain runs and mention runs (outermost first, no overlaps)."""
    out, pos = [], 0
    for m in sorted(mentions, key=lambda m: (m["start"], -m["end"])):
        if m["start"] < pos:
            continue
        if m["start"] > pos:
            out.append((text[pos:m["start"]], None))
        out.append((text[m["start"]:m["end"]], m))
        pos = m["end"]
    out.append((text[pos:], None))
    return out


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The dashboard over the store at `settings.db` (or `store`)."""
    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI):  # noqa: ANN202
        yield
        app.state.nlp.shutdown(wait=False)

    # No Swagger UI or ReDoc: FastAPI loads them from a CDN, which the CSP below blocks and
    # an offline machine cannot reach. /docs is a page of our own (web/apidocs.py).
    app = FastAPI(lifespan=lifespan, title="marsad", version="1", description="Conflict events from news reports: map, timeline, "
                  "events with their claims, control over time. Every page has a JSON twin.",
                  docs_url=None, redoc_url=None, swagger_ui_oauth2_redirect_url=None, openapi_url=None)
    app.state.store = store or open_store(settings.db, create=False)  # serving reads: a wrong db is refused
    app.state.settings = settings
    app.state.nlp = ThreadPoolExecutor(max_workers=1, thread_name_prefix="marsad-nlp")  # the gazetteer's one thread
    app.state.annotators = None
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["type_colours"] = TYPE_COLOURS
    templates.env.filters["link"] = render.external_link
    templates.env.filters["highlighted"] = render.highlighted
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.mount("/vendor/leaflet", StaticFiles(directory=leaflet.BASE_DIR), name="leaflet")
    tile_origin = "{uri.scheme}://{uri.netloc}".format(uri=urlsplit(settings.tile_url)) if settings.tile_url else ""
    tile_origin = tile_origin.replace("{s}", "*")
    csp = (f"default-src 'self'; img-src 'self' data: {tile_origin}; style-src 'self'; script-src 'self'; "
           "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # noqa: ANN001, ANN202
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = csp
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    app.add_middleware(HeadAsGet)

    def _wants_json(request: Request) -> bool:
        return request.url.path.endswith(".json") or request.url.path.startswith("/api/") or \
            "application/json" in request.headers.get("accept", "")

    def _error(request: Request, status: int, message: str, detail: Any = None) -> Response:
        if _wants_json(request) or request.url.path == "/openapi.json":
            body = {"error": message}
            if detail is not None:
                body["detail"] = detail
            return JSONResponse(body, status_code=status,
                                headers={"WWW-Authenticate": "Bearer"} if status == 401 else None)
        return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                          status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg"),
                     "given": e.get("input") if isinstance(e.get("input"), (str, int, float)) else None}
                    for e in exc.errors()]
        text = "; ".join(f"{p['where']}" + (f" {str(p['given'])[:80]!r}" if p["given"] is not None else "")
                         + f": {p['problem']}" for p in problems)
        return _error(request, 422, f"bad request: {text}", problems)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        return _error(request, 500, f"internal error: {type(exc).__name__}")

    def _token_ok(request: Request) -> bool:
        token = settings.token
        if not token:
            return False
        given = request.headers.get("authorization", "")
        given = given[7:] if given.lower().startswith("bearer ") else request.cookies.get("marsad_token", "")
        return hmac.compare_digest(given.encode(), token.encode())

    def reader(request: Request) -> None:
        if settings.private_reads and not _token_ok(request):
            raise HTTPException(401, "this dashboard is private: send the token (Authorization: Bearer ...)")

    def writer(request: Request) -> None:
        if not settings.token:
            raise HTTPException(401, "writes are disabled: start marsad serve with a token (setting token, "
                                     "MARSAD_TOKEN)")
        if not _token_ok(request):
            raise HTTPException(401, "a valid token is needed to write (Authorization: Bearer <token>)")

    read = [Depends(reader)]

    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"settings": settings, **context})

    # -- map, timeline, control ----------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, dependencies=read, include_in_schema=False)
    def index(request: Request, f: FiltersDep, c: Conn) -> HTMLResponse:
        types = list(c.scalars(sa.select(schema.events.c.event_type).where(schema.events.c.event_type.is_not(None))
                               .distinct().order_by(schema.events.c.event_type)))
        kinds = list(c.scalars(sa.select(schema.sources.c.kind).where(schema.sources.c.kind.is_not(None))
                               .distinct().order_by(schema.sources.c.kind)))
        span = c.execute(sa.select(sa.func.min(schema.control_periods.c.since),
                                   sa.func.max(schema.control_periods.c.since))).first()
        ev_span = c.execute(sa.select(sa.func.min(schema.events.c.date_start),
                                      sa.func.max(schema.events.c.date_start))).first()
        lo = min([d for d in (span[0], ev_span[0]) if d] or [dt.date.today()])
        hi = max([d for d in (span[1], ev_span[1]) if d] or [dt.date.today()])
        counts = {"events": c.scalar(sa.select(sa.func.count()).select_from(schema.events)),
                  "articles": c.scalar(sa.select(sa.func.count()).select_from(schema.articles))}
        return page(request, "index.html", f=f, types=types, kinds=kinds, statuses=STATUSES, counts=counts,
                    control_from=lo.isoformat(), control_to=(hi + dt.timedelta(days=1)).isoformat())

    @app.get("/docs", response_class=HTMLResponse, dependencies=read, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        spec = app.openapi()
        return page(request, "apidocs.html", ops=operations(spec), info=spec.get("info", {}),
                    openapi_version=spec.get("openapi", ""))

    @app.get("/openapi.json", dependencies=read, include_in_schema=False)
    def openapi_json() -> JSONResponse:
        """The schema, behind the same read setting as the pages it describes (private_reads)."""
        return JSONResponse(app.openapi())

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> Response:
        return RedirectResponse("/docs", status_code=308)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/map.json", dependencies=read, tags=["map"])
    def map_json(f: FiltersDep, c: Conn,
                 bbox: Annotated[str | None, Query(description="south,west,north,east in degrees.")] = None) -> dict:
        """The events in view as GeoJSON points, or grid cells with counts when there are
        more than 2,000 (never more than a few thousand features)."""
        return views.map_features(c, f.event_filter(), _bbox(bbox))

    @app.get("/timeline.json", dependencies=read, tags=["map"])
    def timeline_json(f: FiltersDep, c: Conn, by: SeriesBy = SeriesBy.type) -> dict:
        """Events per week in series by type or actor, and fatalities per week (low, best, high)."""
        return views.timeline(c, f.event_filter(), by.value)

    @app.get("/control.json", dependencies=read, tags=["control"])
    def control_json(c: Conn, at: Annotated[dt.date | None, Query(description="The date; default: latest.")] = None,
                     limit: Limit = MAX_LIMIT, offset: Offset = 0) -> dict:
        """Every place with a control history and who held it on `at` (null: no dated change says)."""
        places = views.control_at(c, at)
        return {"at": at.isoformat() if at else None, "total": len(places), "limit": limit, "offset": offset,
                "places": places[offset:offset + limit]}

    @app.get("/control/{place_id}.json", dependencies=read, tags=["control"])
    def place_control_json(place_id: PlaceId, c: Conn) -> dict:
        """A place's control periods, each with the claims (source, quote) behind it."""
        p = c.execute(sa.select(schema.places).where(schema.places.c.id == place_id)).first()
        if p is None:
            raise HTTPException(404, f"no place with id {place_id}")
        return {"place": p.name, "place_id": p.id, "geonameid": p.geonameid, "country_code": p.country_code,
                "lat": p.lat, "lon": p.lon, "periods": views.place_history(c, place_id)}

    @app.get("/control/{place_id}", response_class=HTMLResponse, dependencies=read, include_in_schema=False)
    def place_control_page(request: Request, place_id: PlaceId, c: Conn) -> HTMLResponse:
        return page(request, "control.html", p=place_control_json(place_id, c))

    @app.get("/basemap.json", dependencies=read, tags=["map"])
    async def basemap_json() -> dict:
        """Land for the offline map: 1-degree cells that hold a place in the gazetteer."""
        if getattr(app.state, "basemap", None) is None:
            app.state.basemap = await asyncio.get_running_loop().run_in_executor(app.state.nlp, _land_cells)
        return app.state.basemap

    def _land_cells() -> dict:
        from marsad.resolve.gazetteer import open_gazetteer

        path = Path(settings.gazetteer)
        if not path.exists():
            return {"cells": [], "degrees": 1}
        gaz = open_gazetteer(path, build=False)
        try:
            return {"cells": [[round(lat), round(lon)] for lat, lon, _ in gaz.land_cells(1.0)], "degrees": 1}
        finally:
            gaz.close()

    # -- events -----------------------------------------------------------------------

    def _events_page(c: Connection, f: Filters, limit: int, offset: int) -> dict:
        from marsad.store.events import event_ids, load_events

        ef = f.event_filter(limit + 1, offset)
        ids = event_ids(c, ef)
        more = len(ids) > limit
        events = load_events(c, ids[:limit])
        return {"limit": limit, "offset": offset, "more": more, "filters": f.query(),
                "events": [event_as_dict(e) for e in events]}

    @app.get("/events.json", dependencies=read, tags=["events"])
    def events_json(f: FiltersDep, c: Conn, limit: Limit = 100, offset: Offset = 0) -> dict:
        """Events newest first, in DESIGN §6's shape, with their claims; `more` says whether a next page exists."""
        return _events_page(c, f, limit, offset)

    @app.get("/events", response_class=HTMLResponse, dependencies=read, include_in_schema=False)
    def events_page(request: Request, f: FiltersDep, c: Conn, limit: Limit = 100, offset: Offset = 0) -> HTMLResponse:
        return page(request, "events.html", f=f, data=_events_page(c, f, limit, offset), statuses=STATUSES)

    def _event(ref: str) -> dict:
        from marsad.store.events import load_events

        with app.state.store.read() as c:
            events = load_events(c, [ref])
            if not events:
                raise HTTPException(404, f"no event with id {ref!r}")
            a = schema.articles
            ids = list({cl.article_id for cl in events[0].claims})
            texts = dict(c.execute(sa.select(a.c.id, a.c.text).where(a.c.id.in_(ids))).all())
        return _claims_detail(events[0], texts)

    @app.get("/event/{event_id}.json", dependencies=read, tags=["events"])
    def event_json(event_id: str) -> dict:
        """One event: reconciled fields, every claim with quote, evidence, and the claims behind each figure."""
        return _event(event_id)

    @app.get("/event/{event_id}", response_class=HTMLResponse, dependencies=read, include_in_schema=False)
    def event_page(request: Request, event_id: str) -> HTMLResponse:
        d = _event(event_id)
        return page(request, "event.html", e=d, disagree=disagreements(d))

    # -- articles, sources, search ---------------------------------------------------------

    async def _annotated(article: Article) -> list[dict]:
        def work() -> list[dict]:
            from marsad.annotate import annotate, load_annotators
            from marsad.resolve.gazetteer import open_gazetteer

            if app.state.annotators is None:
                app.state.annotators = load_annotators(open_gazetteer(settings.gazetteer))
            ann = annotate(article, app.state.annotators)
            return [{"start": m.start, "end": m.end, "text": m.text, "kind": m.kind, "resolved": m.resolved,
                     "evidence": m.evidence} for m in ann.mentions]
        return await asyncio.get_running_loop().run_in_executor(app.state.nlp, work)

    async def _article(article_id: str) -> dict:
        store = app.state.store
        with store.read() as c:
            row = c.execute(sa.select(schema.articles).where(schema.articles.c.id == article_id)).first()
            if row is None:
                raise HTTPException(404, f"no article with id {article_id!r}")
            claims = views.article_claims(c, article_id)
        article = store.get_article(article_id)
        return {"article_id": article.id, "title": article.title, "outlet": article.outlet, "url": article.url,
                "published": article.published.isoformat() if article.published else None,
                "text": article.text, "mentions": await _annotated(article), "claims": claims}

    @app.get("/article/{article_id}.json", dependencies=read, tags=["articles"])
    async def article_json(article_id: str) -> dict:
        """An article's cleaned text, every mention found in it (span, kind, resolution), and its claims."""
        return await _article(article_id)

    @app.get("/article/{article_id}", response_class=HTMLResponse, dependencies=read, include_in_schema=False)
    async def article_page(request: Request, article_id: str) -> HTMLResponse:
        a = await _article(article_id)
        return page(request, "article.html", a=a, segments=_segments(a["text"], a["mentions"]))

    @app.get("/sources.json", dependencies=read, tags=["sources"])
    def sources_json(c: Conn, limit: Limit = MAX_LIMIT, offset: Offset = 0) -> dict:
        """Every claimant with its kind and number of claims, most first."""
        found = views.sources_list(c)
        return {"total": len(found), "limit": limit, "offset": offset, "sources": found[offset:offset + limit]}

    @app.get("/sources", response_class=HTMLResponse, dependencies=read, include_in_schema=False)
    def sources_page(request: Request, c: Conn) -> HTMLResponse:
        return page(request, "sources.html", sources=views.sources_list(c))

    def _source(c: Connection, name: str, limit: int, offset: int) -> dict:
        found = views.source_profile(c, name, limit, offset)
        if found is None:
            raise HTTPException(404, f"no source named {name!r}")
        return found

    @app.get("/source/{name}.json", dependencies=read, tags=["sources"])
    def source_json(name: str, c: Conn, limit: Limit = 200, offset: Offset = 0) -> dict:
        """A claimant's claims and how its figures compare with other sources' for the same events."""
        return _source(c, name, limit, offset)

    @app.get("/source/{name}", response_class=HTMLResponse, dependencies=read, include_in_schema=False)
    def source_page(request: Request, name: str, c: Conn, limit: Limit = 200, offset: Offset = 0) -> HTMLResponse:
        return page(request, "source.html", s=_source(c, name, limit, offset))

    @app.get("/search.json", dependencies=read, tags=["search"])
    def search_json(c: Conn, q: Q = "", limit: Limit = 50, offset: Offset = 0) -> dict:
        """Articles (full-text, best first) and events matching the words. Each article's
        `snippet` is plain text; `highlights` lists the matched words in it as [start, end)
        offsets (code points, as Python counts them)."""
        return render.search_answer(views.search(c, q, limit, offset))

    @app.get("/search", response_class=HTMLResponse, dependencies=read, include_in_schema=False)
    def search_page(request: Request, c: Conn, q: Q = "", limit: Limit = 50, offset: Offset = 0) -> HTMLResponse:
        return page(request, "search.html", r=render.search_answer(views.search(c, q, limit, offset)))

    # -- writes --------------------------------------------------------------------------

    @app.get("/ingest", response_class=HTMLResponse, dependencies=read, include_in_schema=False)
    def ingest_page(request: Request) -> HTMLResponse:
        return page(request, "ingest.html")

    @app.post("/api/ingest", dependencies=[Depends(writer)], tags=["writes"],
              openapi_extra={"requestBody": {"content": {
                  "application/json": {"schema": TextIn.model_json_schema()},
                  "multipart/form-data": {"schema": {"type": "object", "properties": {
                      "file": {"type": "string", "format": "binary"}, "outlet": {"type": "string"},
                      "published": {"type": "string", "format": "date"}}, "required": ["file"]}}}}})
    async def ingest(request: Request) -> dict:
        """Ingest an uploaded file (multipart `file`) or pasted text (JSON `text`): the article
        is stored, its claims extracted and fused; answers what was stored and its events.
        A file or text over the max_input_bytes setting is refused with 413 (the body is
        counted as it arrives, never read whole past the limit)."""
        limit = settings.max_input_bytes
        raw = await read_body(request, limit + ENVELOPE_BYTES, limit)
        ctype = request.headers.get("content-type", "")
        if ctype.startswith("multipart/form-data"):
            async with replayed(request, raw).form(max_files=1, max_fields=10) as form:
                upload = form.get("file")
                if upload is None or isinstance(upload, str):
                    raise HTTPException(422, "multipart upload: a 'file' part is needed")
                data = await upload.read(limit + 1)
                name = f"upload:{Path(upload.filename or 'article.txt').name}"
                outlet, published = form.get("outlet") or None, form.get("published") or None
            if len(data) > limit:
                raise TooLarge(limit, f"the file {name[7:]!r}")
            title = url = None
        else:
            try:
                body = TextIn.model_validate_json(raw)
            except ValueError as exc:
                raise HTTPException(422, f"JSON body: {str(exc).splitlines()[0]} (expected {{\"text\": ...}})") from None
            data, name = body.text.encode("utf-8"), "upload:pasted.txt"
            if len(data) > limit:
                raise TooLarge(limit, f"the text ({len(data):,} bytes in UTF-8)")
            outlet, published, title, url = body.outlet, body.published, body.title, body.url
        if published and not isinstance(published, dt.date):
            try:
                published = dt.date.fromisoformat(str(published))
            except ValueError:
                raise HTTPException(422, f"published {published!r}: use YYYY-MM-DD") from None
        options = IngestOptions(max_input_bytes=settings.max_input_bytes, published=published, outlet=outlet,
                                title=title)
        return await asyncio.get_running_loop().run_in_executor(
            app.state.nlp, _ingest_bytes, data, name, options, url)

    def _ingest_bytes(data: bytes, name: str, options: IngestOptions, url: str | None) -> dict:
        from marsad.annotate import load_annotators
        from marsad.pipeline import ingest_paths
        from marsad.resolve.gazetteer import open_gazetteer

        if app.state.annotators is None:
            app.state.annotators = load_annotators(open_gazetteer(settings.gazetteer))
        drafts = list(read_data(data, name, options))
        for d in drafts:
            if url and hasattr(d, "url") and not d.url:
                d.url = url
        seen: list[str] = []
        notes: list[str] = []  # what reading an input repaired ("3 bytes that are not UTF-8 replaced ...")

        def on_item(item, new) -> None:  # noqa: ANN001
            seen.append(getattr(item, "id", None) or getattr(item, "article_id", None))
            notes.extend(f"{item.origin}: {n}" for n in getattr(item, "notes", []))

        summary = ingest_paths([], app.state.store, options, annotators=app.state.annotators,
                               commit_every=settings.commit_every, drafts_in=drafts, on_item=on_item)
        ids = [i for i in dict.fromkeys(seen) if i]
        with app.state.store.read() as c:
            events = list(dict.fromkeys(
                r.event_id for aid in ids for r in c.execute(
                    sa.select(schema.event_claims.c.event_id).select_from(
                        schema.event_claims.join(schema.claims, schema.claims.c.id == schema.event_claims.c.claim_id))
                    .where(schema.claims.c.article_id == aid))))
        if summary.refused and not ids:
            raise HTTPException(422, "; ".join(str(r) for r in summary.refused))
        return {"ingested": summary.ingested, "unchanged": summary.unchanged,
                "refused": [str(r) for r in summary.refused], "notes": notes, "claims": summary.claims,
                "articles": ids, "events": events}

    return app
