"""The dashboard's fixtures: a copy of the sample database (tests/conftest.py `sample_db`)
per test that writes, and an app over it (FastAPI's test client)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.settings import Settings
from marsad.web import create_app

TOKEN = "t0ken-for-tests"


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
