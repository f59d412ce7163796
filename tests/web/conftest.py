"""The dashboard's fixtures: a copy of the sample database (tests/conftest.py `sample_db`)
per test that writes, and an app over it (FastAPI's test client)."""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import time
from collections.abc import Iterator
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(app) -> Iterator[str]:
    """`app` served by uvicorn on a free loopback port in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
