"""/docs: the API's reference, drawn on the server from /openapi.json (Swagger UI from a
CDN was blank under the dashboard's CSP, and offline)."""

from __future__ import annotations

import re

from markupsafe import escape


def test_docs_lists_every_operation_of_the_schema_without_anything_from_another_host(client):
    spec = client.get("/openapi.json").json()
    r = client.get("/docs")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    wanted = [(m.upper(), path) for path, item in spec["paths"].items() for m in item]
    assert len(wanted) >= 10
    for method, path in wanted:
        assert f'data-method="{method}" data-path="{path}"' in r.text, (method, path)
        assert escape(spec["paths"][path][method.lower()]["summary"]) in r.text
    # The parameters with their descriptions (the events list's filters and paging).
    section = r.text.split('data-path="/events.json"', 1)[1].split("</section>", 1)[0]
    for name in ("since", "until", "actor", "status", "min_fatalities", "limit", "offset"):
        assert f"<code>{name}</code>" in section
    assert "YYYY-MM-DD" in section
    # Nothing from elsewhere: every reference is to this server.
    refs = re.findall(r'(?:href|src|action)="([^"]*)"', r.text)
    assert refs and all(ref.startswith(("/", "#")) for ref in refs), refs
    assert client.get("/redoc", follow_redirects=False).headers["location"] == "/docs"
