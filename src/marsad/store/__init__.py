"""The store: one schema on SQLite (default) or PostgreSQL, migrated on first use.

    store = open_store("sqlite:///marsad.db")
    added = store.add_articles([article])      # [True] the first time, [False] after
    store.get_article(article.id[:8])

SQLite runs in WAL mode with foreign keys on; every write transaction takes the
write lock at its start (BEGIN IMMEDIATE), so a second process writing the same
file waits for it instead of failing half-way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Connection, Engine

from marsad.fuse import FuseRules, load_rules
from marsad.model import Article, Claim, ControlPeriod, Event, PlaceAlias
from marsad.store import schema
from marsad.store.aliases import add_place_aliases, load_place_aliases
from marsad.store.events import (
    EventFilter,
    add_claims,
    chunks,
    control_history,
    event_ids,
    event_ids_starting,
    load_claims,
    load_events,
)

MIGRATIONS = Path(__file__).parent / "migrations"
# Seconds a writer waits for another process's transaction on the same SQLite file.
SQLITE_BUSY_TIMEOUT_MS = 60_000
# Arbitrary constant shared by every marsad process: serialises migrations on PostgreSQL.
PG_MIGRATION_LOCK = 7_246_501


class StoreError(Exception):
    """The database cannot be used; the message says why and what to do."""


class SchemaTooNew(StoreError):
    """The database was migrated by a newer marsad than this one."""


def normalise_url(url: str) -> str:
    """A SQLAlchemy URL from what a user types: a path, sqlite:///..., or postgresql://..."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _alembic_config(connection: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def _configure_sqlite(engine: Engine) -> None:
    @sa_event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001
        # Let SQLAlchemy's "begin" hook below, not the sqlite3 module, open transactions.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA foreign_keys = ON")
        # NORMAL is durable in WAL mode against a process kill; only a power cut can lose
        # the last transactions, never corrupt the file.
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @sa_event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Readers take no lock; writers take the write lock up front, so two writers queue
        # on busy_timeout instead of one failing when it upgrades a read lock.
        write = conn.get_execution_options().get("marsad_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


class Store:
    """A migrated database and the queries marsad runs on it."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.dialect = engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction: committed on success, rolled back on any error."""
        with self.engine.connect().execution_options(marsad_write=True) as conn:
            with conn.begin():
                yield conn

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            with conn.begin():
                yield conn

    # -- articles -----------------------------------------------------------------

    def add_articles(
        self,
        articles: Iterable[Article],
        claims: dict[str, list[Claim]] | None = None,
        rules: FuseRules | None = None,
        extractor: str | None = None,
        aliases: dict[str, list[PlaceAlias]] | None = None,
    ) -> list[bool]:
        """Write articles in one transaction; for each, True if new, False if already stored.

        With `claims` (article id -> its claims, made by `extractor`), the claims of the
        new articles, and of stored ones never extracted, are stored in the same
        transaction and fused with the stored events (marsad.store.events); the
        articles are marked as extracted by `extractor`. With `aliases` (article id ->
        the place names it teaches), those articles' names are stored too, each name
        once per place and country (marsad.store.aliases).
        """
        articles = list(articles)
        if not articles:
            return []
        t = schema.articles
        now = dt.datetime.now(dt.timezone.utc)
        with self.write() as conn:
            state = _extraction_state(conn, [a.id for a in articles])
            known = set(state)
            added, rows = [], []
            for a in articles:
                new = a.id not in known
                added.append(new)
                if new:
                    known.add(a.id)
                    a.ingested_at = now
                    rows.append(_article_row(a))
            if claims is not None:
                for row in rows:
                    row["extracted_by"] = extractor
            if rows:
                conn.execute(_insert_ignore(self.dialect, t), rows)
            if claims is not None:
                late = sorted({a.id for a in articles if a.id in state and state[a.id] is None and a.id in claims})
                for chunk in chunks(late):
                    conn.execute(sa.update(t).where(t.c.id.in_(chunk)).values(extracted_by=extractor))
                take = {a.id for a, is_new in zip(articles, added, strict=True) if is_new} | set(late)
                found = [c for aid in dict.fromkeys(a.id for a in articles) if aid in take for c in claims.get(aid, [])]
                add_claims(conn, self.dialect, found, rules or load_rules())
                if aliases:
                    add_place_aliases(conn, self.dialect, [
                        x for aid in dict.fromkeys(a.id for a in articles) if aid in take for x in aliases.get(aid, [])])
        return added

    def extraction_state(self, ids: Iterable[str]) -> dict[str, str | None]:
        """For the stored ones among these article ids: the extractor that made their
        claims, or None when they were stored without extraction."""
        with self.read() as conn:
            return _extraction_state(conn, list(ids))

    def articles_for_raw_hashes(self, raw_hashes: Iterable[str]) -> dict[str, str]:
        """raw_hash -> article id, for the inputs whose exact bytes were ingested before."""
        t = schema.articles
        hashes = list(set(raw_hashes))
        found: dict[str, str] = {}
        with self.read() as conn:
            for i in range(0, len(hashes), 500):
                rows = conn.execute(sa.select(t.c.raw_hash, t.c.id).where(t.c.raw_hash.in_(hashes[i : i + 500])))
                found.update({h: aid for h, aid in rows})
        return found

    def get_article(self, ref: str) -> Article | None:
        """The article whose id is `ref` or starts with it (None if none or ambiguous)."""
        t = schema.articles
        with self.read() as conn:
            rows = conn.execute(
                sa.select(t).where(t.c.id.startswith(ref, autoescape=True)).limit(2)
            ).all()
        if len(rows) != 1:
            exact = [r for r in rows if r.id == ref]
            return _article(exact[0]) if exact else None
        return _article(rows[0])

    def list_articles(
        self,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        outlet: str | None = None,
        contains: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Article]:
        """Articles, newest publication first, filtered by date, outlet and title/text words."""
        t = schema.articles
        q = sa.select(t)
        if since:
            q = q.where(t.c.published >= since)
        if until:
            q = q.where(t.c.published <= until)
        if outlet:
            q = q.where(sa.func.lower(t.c.outlet) == outlet.lower())
        if contains:
            like = f"%{contains.lower()}%"
            q = q.where(sa.or_(sa.func.lower(t.c.title).like(like), sa.func.lower(t.c.text).like(like)))
        q = q.order_by(t.c.published.desc().nulls_last(), t.c.ingested_at.desc(), t.c.id)
        q = q.offset(offset).limit(limit)
        with self.read() as conn:
            return [_article(r) for r in conn.execute(q)]

    # -- events and control (marsad.store.events) ---------------------------------------

    def list_events(self, f: EventFilter | None = None) -> list[Event]:
        """Events with their claims, newest first, filtered by `f`."""
        with self.read() as conn:
            return load_events(conn, event_ids(conn, f or EventFilter()))

    def get_event(self, ref: str) -> Event | None:
        """The event whose id is `ref` or starts with it (None if none or ambiguous)."""
        with self.read() as conn:
            ids = event_ids_starting(conn, ref)
            if len(ids) != 1:
                ids = [i for i in ids if i == ref]
            return load_events(conn, ids)[0] if ids else None

    def control_periods(self) -> list[ControlPeriod]:
        """Every stored control period, by place, then date."""
        with self.read() as conn:
            return control_history(conn)

    def get_claims(self, ids: Iterable[str]) -> dict[str, Claim]:
        with self.read() as conn:
            return load_claims(conn, ids)

    def place_aliases(self) -> list[PlaceAlias]:
        """The place names ingest learned from articles, each with its place, country, period,
        evidence sentence and article, in the order they were learned."""
        with self.read() as conn:
            return load_place_aliases(conn)

    def count(self, table: str) -> int:
        with self.read() as conn:
            return conn.scalar(sa.select(sa.func.count()).select_from(schema.metadata.tables[table]))


def _extraction_state(conn: Connection, ids: list[str]) -> dict[str, str | None]:
    t = schema.articles
    state: dict[str, str | None] = {}
    for chunk in chunks(ids):
        state.update(tuple(r) for r in conn.execute(sa.select(t.c.id, t.c.extracted_by).where(t.c.id.in_(chunk))))
    return state


def _insert_ignore(dialect: str, table: sa.Table):
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:  # pragma: no cover - only the two supported dialects reach here
        raise StoreError(f"unsupported database {dialect!r}: use SQLite or PostgreSQL")
    return insert(table).on_conflict_do_nothing()


def _article_row(a: Article) -> dict:
    return {
        "id": a.id,
        "url": a.url,
        "outlet": a.outlet,
        "title": a.title,
        "published": a.published,
        "language": a.language,
        "text": a.text,
        "raw_hash": a.raw_hash,
        "origin": a.origin,
        "filed_from": a.filed_from,
        "ingested_at": a.ingested_at,
    }


def _article(row: sa.Row) -> Article:
    m = row._mapping
    return Article(
        id=m["id"],
        text=m["text"],
        url=m["url"],
        outlet=m["outlet"],
        title=m["title"],
        published=m["published"],
        language=m["language"],
        raw_hash=m["raw_hash"],
        origin=m["origin"],
        filed_from=m.get("filed_from"),
        ingested_at=m["ingested_at"],
    )


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema; refuse one that is newer than this code."""
    scripts = ScriptDirectory(str(MIGRATIONS))
    head = scripts.get_current_head()
    known = {rev.revision for rev in scripts.walk_revisions()}
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == head:
        return
    if current is not None and current not in known:
        raise SchemaTooNew(
            f"the database {engine.url.render_as_string(hide_password=True)} has schema "
            f"revision {current}, newer than this marsad knows (newest: {head}); "
            "upgrade marsad (pip install -U marsad) or use another --db"
        )
    with engine.connect().execution_options(marsad_write=True) as conn:
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK})
            command.upgrade(_alembic_config(conn), "head")


SQLITE_HEADER = b"SQLite format 3\x00"


def _check_sqlite_file(path: str, create: bool) -> None:
    """Refuse, by name, a path that is not a SQLite file, or (`create` false) one that does not exist."""
    file = Path(path)
    if not file.exists():
        if not create:
            raise StoreError(f"no database at {file}: nothing has been ingested there (check --db or MARSAD_DB; "
                             "`marsad ingest` creates a database)")
        return
    if file.is_dir():
        raise StoreError(f"{file} is a directory, not a database file")
    try:
        with file.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"cannot read the database {file} ({exc.strerror or exc})") from None
    if head != SQLITE_HEADER and (head or not create):
        what = "an empty file" if not head else "not a SQLite file"
        raise StoreError(f"{file} is {what}, not a marsad database (a marsad database is a SQLite file "
                         "made by `marsad ingest`, or a postgresql:// URL)")


def shown_url(url: sa.engine.URL) -> str:
    """A database as its user wrote it: the file path of a SQLite database, a PostgreSQL URL
    without its password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)


def shown_db_url(url: str) -> str:
    """`shown_url` of a database as the user gave it (a path, sqlite:///..., postgresql://...)."""
    return shown_url(sa.engine.make_url(normalise_url(url)))


def _check_marsad(engine: Engine, create: bool) -> None:
    """Refuse a database that marsad did not make: one with tables of its own (someone else's data
    is never written into), or (`create` false) one with no marsad schema at all."""
    with engine.connect() as conn:
        if MigrationContext.configure(conn).get_current_revision() is not None:
            return
        tables = sa.inspect(conn).get_table_names()
    where = shown_url(engine.url)
    if tables:
        raise StoreError(f"{where} is not a marsad database: it holds other tables ({', '.join(sorted(tables)[:5])}"
                         f"{', ...' if len(tables) > 5 else ''}); use another --db")
    if not create:
        raise StoreError(f"{where} is empty, not a marsad database: nothing has been ingested there "
                         "(check --db or MARSAD_DB; `marsad ingest` creates the schema)")


def open_store(url: str, create: bool = True) -> Store:
    """Open the database at `url`, migrating it to the newest schema.

    With `create` (writing commands), a database that does not exist is created. Without it
    (the reading commands), a database that does not exist, or that is not a marsad database,
    is refused: a misspelt --db must not show an empty list as if nothing had happened.
    Every refusal is a StoreError naming the database and the reason.
    """
    url = normalise_url(url)
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        raise StoreError(f"{url!r} is not a database URL; use a file path, sqlite:///PATH or postgresql://...") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _check_sqlite_file(parsed.database, create)
            if create:
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed)
        _configure_sqlite(engine)
    elif parsed.get_backend_name() == "postgresql":
        engine = sa.create_engine(parsed, pool_pre_ping=True)
    else:
        raise StoreError(f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL")
    try:
        _check_marsad(engine, create)
        migrate(engine)
    except sa.exc.DBAPIError as exc:
        engine.dispose()
        raise StoreError(f"cannot open the database {shown_url(parsed)}: {' '.join(str(exc.orig).split())}") from None
    except StoreError:
        engine.dispose()
        raise
    return Store(engine)
