"""What the pages show of stored, untrusted text: links to an article's original only for
http(s) addresses."""

from __future__ import annotations

from urllib.parse import urlsplit

from markupsafe import Markup

LINK_SCHEMES = ("http", "https")


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
