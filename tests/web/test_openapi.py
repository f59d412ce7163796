"""schemathesis against the dashboard's own /openapi.json: no generated request, valid or
not, gets a server error (500). Writes are tried with the token, so uploads of generated
bodies go through the whole path."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from marsad.web import create_app
from tests.web.conftest import TOKEN, make_settings


@pytest.fixture
def api_schema(writable_db, gaz_file):
    app = create_app(make_settings(writable_db, gaz_file))
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    app.state.store.close()


def test_no_request_gets_a_server_error(api_schema):
    # Each operation's strategy driven by hypothesis directly (schemathesis's pytest plugin
    # does not run under pytest 9).
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    for op in operations:

        @given(case=op.as_strategy())
        @settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), database=None,
                  derandomize=True)  # the same cases each run: CI never flakes on a new draw
        def check(case):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {TOKEN}"}
            case.call_and_validate(checks=[not_a_server_error])

        check()


def test_the_schema_lists_every_json_twin(writable_db, gaz_file):
    from fastapi.testclient import TestClient

    app = create_app(make_settings(writable_db, gaz_file))
    with TestClient(app) as c:
        paths = set(c.get("/openapi.json").json()["paths"])
    app.state.store.close()
    assert {"/events.json", "/event/{event_id}.json", "/article/{article_id}.json", "/control.json",
            "/map.json", "/timeline.json", "/search.json", "/source/{name}.json", "/api/ingest"} <= paths
