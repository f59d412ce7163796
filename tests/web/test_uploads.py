"""Uploads (POST /api/ingest) at and over the max_input_bytes limit: at it, ingested; over
it, 413 with a message naming the limit and the setting, and the body never read whole."""

from __future__ import annotations

import asyncio

import pytest
from fastapi.testclient import TestClient

from marsad.web import create_app
from marsad.web.asgi import TooLarge, read_body
from tests.web.conftest import TOKEN, make_settings

AUTH = {"Authorization": f"Bearer {TOKEN}"}

LIMIT = 4000


def _article(size: int) -> bytes:
    head = ("Gunmen kill 5 near Tillaberi\n\nNIAMEY, 6 March 2024 - Gunmen killed five villagers near Tillaberi "
            "on Tuesday, a local official said.\n\n").encode()
    filler = b"Residents said the market stayed closed on Wednesday and families left for the town. "
    body = head + filler * ((size - len(head)) // len(filler) + 1)
    return body[:size - 1] + b"\n"


@pytest.fixture
def small_limit(writable_db, gaz_file):
    app = create_app(make_settings(writable_db, gaz_file, max_input_bytes=LIMIT))
    with TestClient(app) as c:
        yield c
    app.state.store.close()


def test_an_upload_at_the_limit_is_ingested(small_limit):
    data = _article(LIMIT)
    assert len(data) == LIMIT
    r = small_limit.post("/api/ingest", files={"file": ("at-limit.txt", data, "text/plain")}, headers=AUTH)
    assert r.status_code == 200, r.text
    assert len(r.json()["ingested"]) == 1
    text = _article(LIMIT).replace(b"five", b"four").decode()
    r = small_limit.post("/api/ingest", json={"text": text}, headers=AUTH)
    assert r.status_code == 200, r.text


def test_an_upload_over_the_limit_is_refused_with_413_and_says_why(small_limit):
    r = small_limit.post("/api/ingest", files={"file": ("big.txt", _article(LIMIT + 1), "text/plain")}, headers=AUTH)
    assert r.status_code == 413, r.text
    message = r.json()["error"]
    assert "big.txt" in message and "4,000" in message and "max_input_bytes" in message
    r = small_limit.post("/api/ingest", json={"text": _article(LIMIT + 1).decode()}, headers=AUTH)
    assert r.status_code == 413 and "4,000" in r.json()["error"]
    # Far over: refused on the declared length, whatever the body.
    r = small_limit.post("/api/ingest", content=b"x" * (LIMIT * 100), headers={**AUTH, "Content-Type": "text/plain"})
    assert r.status_code == 413 and "400,000 bytes" in r.json()["error"]


def test_a_body_without_a_length_is_read_no_further_than_the_cap():
    """A chunked body that never ends: read_body stops at the cap, having pulled at most
    one chunk past it."""
    from starlette.requests import Request

    chunk = b"x" * 65536
    pulled = 0

    async def receive():
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": chunk, "more_body": True}

    scope = {"type": "http", "method": "POST", "path": "/api/ingest", "headers": [], "query_string": b""}
    with pytest.raises(TooLarge) as refused:
        asyncio.run(read_body(Request(scope, receive), cap=1_000_000, limit=900_000))
    assert refused.value.status_code == 413 and "900,000" in refused.value.detail
    assert pulled <= 1_000_000 // len(chunk) + 1
