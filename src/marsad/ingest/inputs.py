"""Finding, reading and decoding inputs: paths, directories, standard input, URLs.

Every failure here is an `UnreadableInput` naming the input and the reason in one
line; the batch carries on with the next input.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import charset_normalizer

# Input kinds by file suffix. Walking a directory takes only these; a file named
# on the command line with another suffix is sniffed.
SUFFIX_KINDS = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".xml": "feed", ".rss": "feed", ".atom": "feed", ".rdf": "feed",
}
# Magic numbers of binary formats people drop into a folder of reports by mistake.
MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "a SQLite database",
    b"\xd0\xcf\x11\xe0": "an old Office document",
}
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


class UnreadableInput(Exception):
    """An input that cannot become an article; str() is "ORIGIN: reason"."""

    def __init__(self, origin: str, reason: str):
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


def unexpected(origin: str, exc: Exception, stage: str = "reading") -> UnreadableInput:
    """The refusal of an input that raised what no reader expected: the batch goes on, and
    the user has the input's name and the error to report."""
    detail = str(exc)
    detail = detail if len(detail) <= 200 else detail[:200] + "…"
    return UnreadableInput(origin, f"failed in {stage} ({type(exc).__name__}: {detail}); "
                                   "the rest of the batch goes on; please report this input")


def expand(paths: list[str]) -> Iterator[str | UnreadableInput]:
    """Each input to read, in order: files as given, directories walked, "-" and URLs as is."""
    for raw in paths:
        if raw == "-" or raw.startswith(("http://", "https://")):
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            found = False
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix.lower() in SUFFIX_KINDS:
                        found = True
                        yield str(Path(root) / name)
            if not found:
                kinds = ", ".join(sorted(SUFFIX_KINDS))
                yield UnreadableInput(raw, f"directory with no inputs (looked for {kinds})")
        elif path.is_file():
            yield raw
        elif path.exists():
            yield UnreadableInput(raw, "not a regular file")
        else:
            yield UnreadableInput(raw, "no such file or directory")


def read_bytes(source: str, max_bytes: int, timeout: float = 20.0) -> bytes:
    """The bytes of a file, of standard input ("-") or of a URL, refusing more than `max_bytes`."""
    if source == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    elif source.startswith(("http://", "https://")):
        data = fetch(source, max_bytes, timeout)
    else:
        try:
            size = os.stat(source).st_size
            if size > max_bytes:
                raise UnreadableInput(source, f"file too large ({size:,} bytes; the limit is {max_bytes:,}, setting max_input_bytes)")
            with open(source, "rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise UnreadableInput(source, f"cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise UnreadableInput(source, f"input too large (over {max_bytes:,} bytes, setting max_input_bytes)")
    if not data.strip():
        raise UnreadableInput(source, "empty file" if source != "-" else "empty standard input")
    return data


def fetch(url: str, max_bytes: int, timeout: float) -> bytes:
    """GET a URL the user asked for (a feed, or an item page with --fetch)."""
    req = urllib.request.Request(url, headers={"User-Agent": "marsad (+https://example.org/marsad)"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - user-given URL
            return resp.read(max_bytes + 1)
    except (urllib.error.URLError, TimeoutError, ValueError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise UnreadableInput(url, f"cannot fetch ({reason})") from None


def binary_kind(data: bytes, records: bool = False) -> str | None:
    """What binary format `data` is ("a PDF document"), or None if it may be text. With
    `records` (JSON Lines), a NUL byte is not taken for binary: it spoils its own line only."""
    if any(data.startswith(bom) for bom, _ in BOMS):
        return None
    for magic, name in MAGIC.items():
        if data.startswith(magic):
            return name
    head = data[:8192]
    if b"\x00" in head and not records:
        return "not text"
    return None


def decode(data: bytes, origin: str) -> tuple[str, str | None]:
    """Text from bytes, and a note for the user when the bytes were not clean UTF-8.

    The one decoding policy, for every input kind that marsad decodes itself:
    a byte-order mark's encoding; else UTF-8; a text that is UTF-8 (it has multi-byte
    UTF-8 characters) with some bytes that are not is decoded as UTF-8 with those bytes
    replaced by U+FFFD, and the note says how many and where the first one is: guessing
    a code page for the whole text would turn its good characters into junk. A text
    with no UTF-8 character at all is in a legacy encoding: it is detected, and the note
    names the encoding used. Never silent.
    """
    data = data.removeprefix(b"\xef\xbb\xbf")
    for bom, encoding in BOMS[1:]:
        if data.startswith(bom):
            try:
                return data.decode(encoding), None
            except UnicodeDecodeError as exc:
                raise UnreadableInput(origin, f"starts with a {encoding} byte-order mark but is not {encoding} "
                                              f"(bad bytes at offset {exc.start:,})") from None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        first = exc.start
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if any(ch > "\x7f" and ch != "\ufffd" for ch in text):
        line = data.count(b"\n", 0, first) + 1
        # The column in characters, as an editor shows it, not in bytes.
        column = len(data[data.rfind(b"\n", 0, first) + 1:first].decode("utf-8", errors="replace")) + 1
        return text, (f"{replaced:,} byte{'s' if replaced != 1 else ''} that {'are' if replaced != 1 else 'is'} not UTF-8 "
                      f"replaced with U+FFFD (the first, 0x{data[first]:02X}, at line {line:,}, column {column:,})")
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise UnreadableInput(origin, "undecodable text (not UTF-8, and no other encoding fits)")
    text = str(best)
    # A "detected" encoding that turns most of the input into symbols is a wrong guess.
    letters = sum(ch.isalpha() or ch.isspace() for ch in text)
    if letters < 0.7 * max(1, len(text)):
        raise UnreadableInput(origin, f"undecodable text (best guess {best.encoding} gives mostly symbols)")
    return text, f"not UTF-8: decoded as {best.encoding}, the encoding that fits it best"


def declared_charset(data: bytes) -> str | None:
    """The encoding a web page declares in its head (`<meta charset=...>`), if Python knows it."""
    import codecs
    import re

    m = re.search(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", data[:4096], re.I)
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None


def sniff_kind(source: str, data: bytes) -> str:
    """The input kind of a file: by suffix, else by its first bytes."""
    suffix = Path(source).suffix.lower() if source != "-" else ""
    if suffix in SUFFIX_KINDS and not source.startswith(("http://", "https://")):
        return SUFFIX_KINDS[suffix]
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed"):
        return "feed" if (b"<rss" in head or b"<feed" in head or b"<rdf" in head) else "html"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"---"):
        return "markdown"
    return "text"
