"""Feed URLs and --fetch, against a server on loopback (no outside network in tests)."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from pathlib import Path

import pytest

from marsad.ingest import IngestOptions, UnreadableInput, read_articles

DATA = Path(__file__).parent.parent / "data" / "ingest"


@pytest.fixture
def site():
    """A local web server: /feed.rss lists two items whose links are pages on it."""
    feed = (DATA / "feed.rss").read_text()
    page = (DATA / "page.html").read_text()
    served = {"/feed.rss": feed, "/kunduz-blast": page}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = served.get(self.path)
            self.send_response(200 if body else 404)
            self.end_headers()
            if body:
                self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_port}"
    served["/feed.rss"] = feed.replace("https://example.org", base)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield base
    server.shutdown()


def test_a_feed_url_is_fetched_and_its_items_read(site):
    items = list(read_articles([f"{site}/feed.rss"], IngestOptions()))
    assert [i.title for i in items] == ["Blast hits mosque in Kunduz", "Taliban say they killed ISKP cell in Nangarhar"]


def test_fetch_reads_each_item_page_and_refuses_the_missing_one(site):
    items = list(read_articles([f"{site}/feed.rss"], IngestOptions(fetch=True, fetch_timeout=5)))
    article, missing = items
    assert not isinstance(article, UnreadableInput)
    assert "no fewer than 19" in article.text  # the page's text, not the feed's summary
    assert article.outlet == "Euphrates Monitor" and article.published == dt.date(2020, 4, 4)
    assert isinstance(missing, UnreadableInput)
    assert missing.origin.endswith("item 2") and "cannot fetch (Not Found)" in missing.reason


def test_unreachable_url_is_refused_not_raised():
    [refused] = list(read_articles(["http://127.0.0.1:9/feed.xml"], IngestOptions(fetch_timeout=2)))
    assert isinstance(refused, UnreadableInput) and "cannot fetch" in refused.reason
