"""What pages show of stored text: links to an article's original only for http(s)
addresses (one filter decides)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from marsad.web import create_app
from marsad.web.render import external_link, http_url
from tests.web.conftest import TOKEN, make_settings

AUTH = {"Authorization": f"Bearer {TOKEN}"}
TEMPLATES = Path(str(resources.files("marsad") / "web" / "templates"))


class _Links(HTMLParser):
    """The attributes of each <a> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.anchors: list[dict] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001, ANN201
        a = dict(attrs)
        if tag == "a":
            self.anchors.append(a)


def links(html: str) -> _Links:
    p = _Links()
    p.feed(html)
    return p


# -- links to an article's original -------------------------------------------------------------

LINKABLE = ["https://example.org/news/1?a=1&b=2", "http://example.org", "HTTPS://EXAMPLE.ORG/x", " https://example.org/y "]
NOT_LINKABLE = ["javascript:alert(1)", "JavaScript:alert(1)", "  javascript:alert(1)", "java\tscript:alert(1)",
                "java\nscript:alert(1)", "\x01javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                "vbscript:msgbox(1)", "file:///etc/passwd", "ftp://example.org/report.txt", "//evil.example/x",
                "https:evil.example", "https:///no-host", "mailto:desk@example.org", "/article/local", "http://[::1",
                "", None]


@pytest.mark.parametrize("url", LINKABLE)
def test_http_urls_become_links(url):
    html = str(external_link(url, "original"))
    anchors = links(html).anchors
    assert len(anchors) == 1 and anchors[0]["href"] == url.strip()
    assert "noreferrer" in anchors[0]["rel"] and "noopener" in anchors[0]["rel"]
    assert http_url(url) == url.strip()


@pytest.mark.parametrize("url", NOT_LINKABLE)
def test_other_urls_are_shown_as_escaped_text(url):
    html = str(external_link(url, "original"))
    assert http_url(url) is None
    assert links(html).anchors == [] and "href" not in html
    assert "<script>" not in html
    if url:
        assert str(escape(url)) in html


def test_templates_make_links_only_to_routes_or_through_the_link_filter():
    """A template that writes a value into an href by hand would decide for itself what
    may be a link: every href is a route of ours ("/event/{{ id }}"), a fragment, or
    comes from the `link` filter."""
    allowed_whole_values = {"{{ action }}"}  # _filters.html: the page's own route, given by the code
    for path in TEMPLATES.glob("*.html"):
        for value in re.findall(r'href="([^"]*)"', path.read_text()):
            assert value.startswith(("/", "#")) or value in allowed_whole_values, f"{path.name}: href=\"{value}\""


def test_an_article_with_a_javascript_url_shows_it_as_text(writable_db, gaz_file):
    app = create_app(make_settings(writable_db, gaz_file))
    text = ("Militants killed 3 soldiers near Tillaberi on 4 March 2024, the army said in a statement on "
            "Tuesday.\n")
    with TestClient(app) as c:
        bad = c.post("/api/ingest", json={"text": text, "url": "javascript:alert(document.cookie)"}, headers=AUTH)
        good = c.post("/api/ingest", json={"text": text.replace("3 soldiers", "4 soldiers"),
                                           "url": "https://example.org/story?id=1&x=<b>"}, headers=AUTH)
        assert bad.status_code == good.status_code == 200, (bad.text, good.text)
        page = c.get(f"/article/{bad.json()['articles'][0]}").text
        assert not [a for a in links(page).anchors if "javascript" in (a.get("href") or "").lower()]
        assert "javascript:alert(document.cookie)" in page  # shown, as text
        assert c.get(f"/article/{bad.json()['articles'][0]}.json").json()["url"] == "javascript:alert(document.cookie)"
        page = c.get(f"/article/{good.json()['articles'][0]}").text
        originals = [a for a in links(page).anchors if a.get("class") == "url"]
        assert [a["href"] for a in originals] == ["https://example.org/story?id=1&x=<b>"]
    app.state.store.close()
