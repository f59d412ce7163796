"""HEAD on every GET page and JSON answer: the headers GET would send, no body."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from marsad.web import create_app
from tests.web.conftest import TOKEN, make_settings

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def samples(client) -> dict[str, str]:
    """A real value for each path parameter of the app's routes."""
    events = client.get("/events.json", params={"limit": 5}).json()["events"]
    place = next(p for p in client.get("/control.json").json()["places"])
    return {"event_id": events[0]["event_id"], "article_id": events[0]["claims"][0]["article_id"],
            "name": client.get("/sources.json").json()["sources"][0]["source"], "place_id": str(place["place_id"])}


def _get_routes(app) -> list[str]:
    return sorted({r.path for r in app.routes if isinstance(r, APIRoute) and "GET" in r.methods})


def test_head_answers_every_get_page_and_json_answer_like_get(client, samples):
    paths = _get_routes(client.app)
    assert {"/", "/events", "/docs", "/events.json", "/event/{event_id}"} <= set(paths)
    for template in paths + ["/openapi.json", "/static/app.css", "/vendor/leaflet/leaflet.js"]:
        url = re.sub(r"\{(\w+)\}", lambda m: quote(samples[m.group(1)]), template)
        get, head = client.get(url, follow_redirects=False), client.head(url, follow_redirects=False)
        assert get.status_code in (200, 204, 308), url  # /favicon.ico: 204, /redoc: 308 to /docs
        assert head.status_code == get.status_code, f"HEAD {url}: {head.status_code}"
        assert head.content == b"", url
        assert head.headers.get("content-type") == get.headers.get("content-type"), url
        assert head.headers.get("content-security-policy") == get.headers.get("content-security-policy"), url
    assert client.head("/event/ev_nope").status_code == 404
    assert client.head("/api/ingest").status_code == 405  # POST only: HEAD is not a way round it


def test_head_never_runs_a_write(writable_db, gaz_file):
    app = create_app(make_settings(writable_db, gaz_file))
    with TestClient(app) as c:
        before = c.get("/events.json", params={"limit": 500}).json()["events"]
        r = c.request("HEAD", "/api/ingest", headers=AUTH)
        assert r.status_code == 405
        assert c.get("/events.json", params={"limit": 500}).json()["events"] == before
    app.state.store.close()
