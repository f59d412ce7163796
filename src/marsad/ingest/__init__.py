"""Ingest: from paths (files, directories, "-", feed URLs) to cleaned `Article`s.

    for item in read_articles(["reports/"], IngestOptions()):
        if isinstance(item, UnreadableInput): print(item)   # "reports/x.pdf: binary file (a PDF document)"
        else: print(item.id, item.title)

Order of stages per input: expand paths -> read bytes (size limit) -> refuse binary ->
decode -> reader by kind (text, markdown, html, jsonl, feed) -> `finish`: overrides,
title and dateline of plain text, boilerplate removal, article id.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from marsad.ingest.clean import article_id, explain_clean, guess_language, normalise_unicode
from marsad.ingest.dateline import dateline_date, filed_from
from marsad.ingest.formats import (
    Draft,
    raw_hash,
    read_feed,
    read_html,
    read_jsonl,
    read_markdown,
    noted,
    read_text,
    stream_jsonl,
)
from marsad.ingest.inputs import (
    UnreadableInput,
    binary_kind,
    decode,
    expand,
    fetch,
    read_bytes,
    sniff_kind,
    unexpected,
)
from marsad.model import Article

__all__ = ["AlreadyStored", "Draft", "IngestOptions", "UnreadableInput", "finish", "read_articles", "read_drafts",
           "read_source"]

# A first line longer than this is prose, not a headline.
MAX_TITLE_CHARS = 200
# Datelines sit in the first few lines of a plain-text report.
DATELINE_LINES = 4


@dataclass(frozen=True)
class IngestOptions:
    """What the user said about the inputs; a given value overrides the input's own."""

    published: dt.date | None = None
    outlet: str | None = None
    title: str | None = None
    fetch: bool = False  # fetch each feed item's page instead of using the feed's text
    max_input_bytes: int = 10_000_000
    fetch_timeout: float = 20.0


@dataclass(frozen=True)
class AlreadyStored:
    """An input whose exact bytes were ingested before: nothing to clean or store."""

    origin: str
    article_id: str


def _split_title_and_dateline(draft: Draft) -> str:
    """Take a plain text's headline (first short line) and dateline out of its body."""
    lines = draft.text.split("\n")
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()][:DATELINE_LINES]
    drop: set[int] = set()
    for i in nonblank:
        date = dateline_date(lines[i].strip())
        if date:
            if draft.published is None:
                draft.published = date
            drop.add(i)
            break
    if nonblank and draft.kind in ("text", "markdown"):
        first = lines[nonblank[0]].strip()
        if nonblank[0] not in drop and _is_headline(first) and len(nonblank) > 1:
            if draft.title is None:
                draft.title = first
            if first == draft.title:
                drop.add(nonblank[0])
    return "\n".join(ln for i, ln in enumerate(lines) if i not in drop)


def _is_headline(line: str) -> bool:
    return len(line) <= MAX_TITLE_CHARS and not line.endswith((".", ":", ";", ",")) and len(line.split()) >= 2


def finish(draft: Draft, options: IngestOptions) -> Article | UnreadableInput:
    """A cleaned Article from a Draft, with the user's overrides applied; an input that
    breaks the cleaning is refused by name, never raised into the batch."""
    try:
        # On a copy: the draft stays as read, so finishing it again gives the same article.
        return _finish(dataclasses.replace(draft, notes=list(draft.notes)), options)
    except Exception as exc:  # noqa: BLE001 - one input's failure must not stop the batch
        return unexpected(draft.origin, exc, "cleaning")


def _finish(draft: Draft, options: IngestOptions) -> Article | UnreadableInput:
    draft.text = normalise_unicode(draft.text)
    if draft.title:
        draft.title = " ".join(draft.title.split())
    if options.title:
        draft.title = options.title
    body = _split_title_and_dateline(draft)
    text, _ = explain_clean(body, normalised=True)
    if draft.title:
        # Extractors put the headline atop the text; it is metadata, not a paragraph.
        first, _, rest = text.partition("\n")
        if first.strip() == draft.title:
            text = rest.strip()
    if not text:
        what = "HTML with no article text" if draft.kind == "html" else "no article text"
        return UnreadableInput(draft.origin, f"{what} after cleaning (only page furniture such as menus, tags, share prompts)")
    return Article(
        id=article_id(text),
        text=text,
        url=draft.url,
        outlet=options.outlet or draft.outlet,
        title=draft.title,
        published=options.published or draft.published,
        language=guess_language(text),
        raw_hash=draft.raw_hash,
        origin=draft.origin,
        filed_from=filed_from(text),
        notes=list(draft.notes),
    )


def read_source(source: str, options: IngestOptions) -> Iterator[Draft | UnreadableInput]:
    """Drafts from one file, "-" or URL; problems come out as UnreadableInput, never raised."""
    if Path(source).suffix.lower() in (".jsonl", ".ndjson") and os.path.isfile(source):
        yield from stream_jsonl(source, options.max_input_bytes)
        return
    try:
        data = read_bytes(source, options.max_input_bytes, options.fetch_timeout)
    except UnreadableInput as exc:
        yield exc
        return
    yield from read_data(data, source, options)


def read_data(data: bytes, source: str, options: IngestOptions) -> Iterator[Draft | UnreadableInput]:
    """Drafts from the bytes of one input named `source` (its name's suffix tells the format
    where the bytes don't); problems come out as UnreadableInput, never raised."""
    try:
        if len(data) > options.max_input_bytes:
            raise UnreadableInput(source, f"input too large ({len(data):,} bytes; the limit is {options.max_input_bytes:,}, setting max_input_bytes)")
        kind = sniff_kind(source, data)
        binary = binary_kind(data, records=kind == "jsonl")
        if binary:
            raise UnreadableInput(source, "binary file, not text" if binary == "not text" else f"binary file ({binary}), not text")
        rhash = raw_hash(data)
        if kind == "html":
            yield from read_html(data, source, rhash)
        elif kind == "feed":
            fetch_page = (lambda url: fetch(url, options.max_input_bytes, options.fetch_timeout)) if options.fetch else None
            yield from read_feed(data, source, rhash, fetch_page)
        else:
            text, note = decode(data, source)
            reader = {"text": read_text, "markdown": read_markdown, "jsonl": read_jsonl}[kind]
            yield from noted(reader(text, source, rhash), note)
    except UnreadableInput as exc:
        yield exc
    except Exception as exc:  # noqa: BLE001 - one input's failure must not stop the batch
        yield unexpected(source, exc)


def read_drafts(paths: list[str], options: IngestOptions) -> Iterator[Draft | UnreadableInput]:
    """Every input in `paths` as read, before cleaning; refusals in place of bad inputs."""
    for source in expand(paths):
        if isinstance(source, UnreadableInput):
            yield source
        else:
            yield from read_source(source, options)


def read_articles(paths: list[str], options: IngestOptions) -> Iterator[Article | UnreadableInput]:
    """Every article in `paths`, cleaned, in input order; refusals in place of bad inputs."""
    for item in read_drafts(paths, options):
        yield item if isinstance(item, UnreadableInput) else finish(item, options)
