"""What the pages and the JSON answers show of stored, untrusted text: links to an
article's original only for http(s) addresses, and search snippets without the store's
highlight markers."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from marsad.store.views import MARK_CLOSE, MARK_OPEN

LINK_SCHEMES = ("http", "https")
_MARKS = re.compile(f"([{MARK_OPEN}{MARK_CLOSE}])")


def http_url(url: object) -> str | None:
    """`url` if it is an http(s) address with a host ("https://example.org/a"), else None
    ("javascript:alert(1)", "data:…", "file:///etc/passwd", "//host/x", "https:foo").

    A stored URL came from an article, a feed or an upload: the one thing that decides
    whether it may become a link. Python's split drops tabs and newlines inside the
    scheme as browsers do, so "java\\tscript:" is judged as the browser would read it.
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # a malformed netloc (an unclosed IPv6 bracket, a bad port)
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not host:
        return None
    return url


def external_link(url: object, text: str | None = None) -> Markup:
    """The template filter `link`: an http(s) URL as a link that tells the other site
    nothing (`text`, or the URL itself, as its words); any other value as escaped text."""
    safe = http_url(url)
    if safe is None:
        return Markup('<span class="url" title="not an http(s) address, so not a link">{}</span>').format(
            "" if url is None else str(url))
    return Markup('<a class="url" href="{}" rel="noreferrer noopener nofollow">{}</a>').format(safe, text or safe)


def unmark(snippet: str | None) -> tuple[str, list[list[int]]]:
    """A search snippet without the store's highlight markers, and the highlighted ranges
    as [start, end) offsets into the clean text, in code points as Python and the
    article's mention spans count them ("a \\x02b\\x03" -> ("a b", [[2, 3]])). An
    unclosed highlight ends with the snippet; a stray close or an empty one is dropped."""
    text: list[str] = []
    ranges: list[list[int]] = []
    pos, start = 0, None
    for part in _MARKS.split(snippet or ""):
        if part == MARK_OPEN:
            start = pos if start is None else start
        elif part == MARK_CLOSE:
            if start is not None and pos > start:
                ranges.append([start, pos])
            start = None
        else:
            text.append(part)
            pos += len(part)
    if start is not None and pos > start:
        ranges.append([start, pos])
    return "".join(text), ranges


def highlighted(text: str, ranges: list[list[int]]) -> Markup:
    """The template filter `highlighted`: clean text with its ranges in <mark>, escaped."""
    out, pos = [], 0
    for start, end in ranges:
        if start < pos:
            continue
        out.append(escape(text[pos:start]))
        out.append(Markup("<mark>{}</mark>").format(text[start:end]))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def search_answer(found: dict) -> dict:
    """The store's search answer with each article's snippet clean and its `highlights`."""
    articles = []
    for a in found["articles"]:
        clean, ranges = unmark(a.get("snippet"))
        articles.append({**a, "snippet": clean, "highlights": ranges})
    return {**found, "articles": articles}
