"""What pages and JSON answers show of stored text: links to an article's original only
for http(s) addresses (one filter decides), search snippets as clean text with highlight
offsets (and <mark> on the page)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from marsad.store import views
from marsad.web import create_app
from marsad.web.render import external_link, highlighted, http_url, unmark
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


# -- search snippets ------------------------------------------------------------------------------

@pytest.mark.parametrize(("snippet", "clean", "ranges"), [
    ("a \x02b\x03 c", "a b c", [[2, 3]]),
    ("\x02Raqqa\x03 and \x02Raqqa\x03…", "Raqqa and Raqqa…", [[0, 5], [10, 15]]),
    ("no marks", "no marks", []),
    ("open \x02to the end", "open to the end", [[5, 15]]),
    ("stray\x03 close", "stray close", []),
    ("empty \x02\x03here", "empty here", []),
    ("\U0001f600 \x02x\x03", "\U0001f600 x", [[2, 3]]),
    ("", "", []),
    (None, "", []),
])
def test_unmark_gives_clean_text_and_ranges(snippet, clean, ranges):
    assert unmark(snippet) == (clean, ranges)
    assert str(highlighted(clean, ranges)).count("<mark>") == len(ranges)


def test_highlighted_escapes_the_text_around_and_inside_marks():
    assert str(highlighted("<b>x</b> y", [[3, 4]])) == "&lt;b&gt;<mark>x</mark>&lt;/b&gt; y"


def test_search_json_gives_clean_snippets_with_highlight_offsets(client):
    r = client.get("/search.json", params={"q": "Raqqa"}).json()
    assert r["articles"]
    for a in r["articles"]:
        assert views.MARK_OPEN not in a["snippet"] and views.MARK_CLOSE not in a["snippet"]
        assert a["highlights"], a
        for start, end in a["highlights"]:
            assert a["snippet"][start:end].lower() == "raqqa"
    stemmed = client.get("/search.json", params={"q": "attacks"}).json()["articles"]
    assert all(a["snippet"][s:e].lower().startswith("attack") for a in stemmed for s, e in a["highlights"])
    page = client.get("/search", params={"q": "Raqqa"}).text
    assert "<mark>Raqqa</mark>" in page and views.MARK_OPEN not in page
