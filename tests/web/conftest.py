"""The dashboard's fixtures: the sample corpus ingested once into a real SQLite file, a copy
per test that writes, and an app over it (FastAPI's test client)."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.annotate import load_annotators
from marsad.ingest import IngestOptions
from marsad.pipeline import ingest_paths
from marsad.resolve.gazetteer import open_gazetteer
from marsad.settings import Settings
from marsad.store import open_store
from marsad.web import create_app

TOKEN = "t0ken-for-tests"
CORPUS = Path(str(resources.files("marsad") / "data" / "samples" / "corpus"))


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


def make_settings(db: Path | str, gaz_file: Path, **kw) -> Settings:
    url = db if str(db).startswith(("sqlite:", "postgresql")) else f"sqlite:///{db}"
    return Settings(db=url, gazetteer=str(gaz_file), tile_url="", **{"token": TOKEN, **kw})


@pytest.fixture
def writable_db(sample_db, tmp_path) -> Path:
    """A copy of the sample database that a test may write to."""
    path = tmp_path / "copy.db"
    shutil.copy(sample_db, path)
    return path


@pytest.fixture(scope="module")
def client(sample_db, gaz_file):
    app = create_app(make_settings(sample_db, gaz_file))
    with TestClient(app) as c:
        yield c
    app.state.store.close()
