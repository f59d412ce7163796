"""One reader per input kind: plain text, Markdown, HTML, JSON Lines, RSS/Atom.

A reader turns decoded input into `Draft`s (text not yet cleaned, plus whatever
metadata the input carries) or `UnreadableInput`s, one per bad record, so that
one malformed line of a JSON Lines file costs that line only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import yaml

from marsad.ingest.clean import strip_markdown
from marsad.ingest.dateline import parse_date
from marsad.ingest.inputs import UnreadableInput, declared_charset, decode, unexpected


@dataclass
class Draft:
    """An article as read, before cleaning and overrides."""

    text: str
    origin: str
    raw_hash: str
    kind: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: dt.date | None = None
    notes: list[str] = field(default_factory=list)  # what the user should know, e.g. bytes replaced


Result = Draft | UnreadableInput

# The longest date a metadata field spells out ("Wednesday, 14 September 2022 08:15:00 +0300").
MAX_DATE_CHARS = 64


def noted(items: Iterable[Result], note: str | None) -> Iterator[Result]:
    """`items`, each draft carrying `note` (what decoding its input repaired), if there is one."""
    for item in items:
        if note and isinstance(item, Draft):
            item.notes.append(note)
        yield item


def raw_hash(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def to_date(value: object, origin: str, field: str = "published") -> dt.date | None:
    """A date from metadata: a date, datetime, ISO string or anything with a calendar date in it."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, time.struct_time):
        try:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
        except ValueError:
            raise UnreadableInput(origin, f"{field} {time.strftime('%Y-%m-%d', value)!r} is not a date") from None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        # A metadata field holds a date, not a text to search: a long value is not one.
        found = parse_date(text) if len(text) <= MAX_DATE_CHARS else None
        if found:
            return found[0]
    shown = text if len(text) <= MAX_DATE_CHARS else text[:MAX_DATE_CHARS] + "…"
    raise UnreadableInput(origin, f"{field} {shown!r} is not a date (use YYYY-MM-DD)")


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(value: object) -> object:
    """Strings of parsed JSON or YAML as text: an escaped surrogate pair ("\\ud83d\\ude00") joined into
    its character, a lone one replaced with U+FFFD (it cannot be stored or written as UTF-8)."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace") if _SURROGATE.search(value) else value
    if isinstance(value, list):
        return [without_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {without_surrogates(k): without_surrogates(v) for k, v in value.items()}
    return value


def _str_or_none(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


# -- plain text and Markdown ------------------------------------------------------

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


class _AliasInFrontMatter(yaml.YAMLError):
    """Front matter that uses a YAML alias: a few lines of them can stand for billions of values."""


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML without implicit timestamps (`published: 2021-14-25` stays text, so that `to_date`
    refuses it by name instead of PyYAML raising from inside its parser) and without aliases
    (an article's metadata needs none, and nested aliases expand exponentially)."""

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201 - PyYAML's signature
        if self.check_event(yaml.events.AliasEvent):
            raise _AliasInFrontMatter(f"line {self.peek_event().start_mark.line + 2}")
        return super().compose_node(parent, index)


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_text(text: str, origin: str, rhash: str) -> Iterator[Result]:
    yield Draft(text=text, origin=origin, raw_hash=rhash, kind="text")


def read_markdown(text: str, origin: str, rhash: str) -> Iterator[Result]:
    meta: dict = {}
    m = FRONT_MATTER.match(text.lstrip("\ufeff"))
    if m:
        try:
            loaded = yaml.load(m.group(1), Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader
        except RecursionError:
            yield UnreadableInput(origin, "front matter is nested too deeply to be metadata")
            return
        except _AliasInFrontMatter as exc:
            yield UnreadableInput(origin, f"front matter uses a YAML alias ({exc}); metadata needs none")
            return
        except yaml.YAMLError as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", None)
            where = f" (line {line + 2})" if line is not None else ""
            yield UnreadableInput(origin, f"front matter is not valid YAML{where}")
            return
        if not isinstance(loaded, dict):
            yield UnreadableInput(origin, "front matter must be a mapping of url, outlet, title, published")
            return
        meta = without_surrogates(loaded)
        text = text.lstrip("\ufeff")[m.end() :]
    try:
        published = to_date(meta.get("published") or meta.get("date"), origin)
    except UnreadableInput as exc:
        yield exc
        return
    yield Draft(
        text=strip_markdown(text),
        origin=origin,
        raw_hash=rhash,
        kind="markdown",
        url=_str_or_none(meta.get("url")),
        outlet=_str_or_none(meta.get("outlet") or meta.get("source")),
        title=_str_or_none(meta.get("title")),
        published=published,
    )


# -- HTML ----------------------------------------------------------------------------


# libxml2, under trafilatura, stops reading at about 255 nested elements: a page nested deeper
# ("div soup") is read again with its layout containers taken out, so its story is not lost.
DEEP_NESTING = 250
_CONTAINER = re.compile(r"</?(?:div|span|section|font|center|main|aside|table|tbody|thead|tr|td|th)\b[^>]{0,2000}>", re.I)


def html_to_draft(data: bytes | str, origin: str, rhash: str, url: str | None = None) -> Result:
    """Main text and metadata of a web page, by trafilatura."""
    doc = _extract_html(data, url)
    if isinstance(doc, Exception):
        return UnreadableInput(origin, f"HTML could not be parsed ({type(doc).__name__}: {doc})")
    # trafilatura puts one block (paragraph, heading, list item) per line; marsad's texts
    # separate paragraphs with a blank line, whatever the input kind.
    text = "\n\n".join(ln.strip() for ln in (doc.text or "").split("\n") if ln.strip()) if doc else ""
    if not text:
        markup = data if isinstance(data, str) else data.decode("utf-8", errors="replace")
        if len(_CONTAINER.findall(markup, 0, 200_000)) > 2 * DEEP_NESTING:
            flat = _extract_html(_CONTAINER.sub("\n", markup), url)
            if flat and not isinstance(flat, Exception) and (flat.text or "").strip():
                doc = flat
                text = "\n\n".join(ln.strip() for ln in doc.text.split("\n") if ln.strip())
    if not text:
        return UnreadableInput(origin, "HTML with no article text (nothing left after removing the page around it)")
    published = None
    if doc.date:
        try:
            published = to_date(doc.date, origin)
        except UnreadableInput:
            published = None
    return Draft(
        text=text, origin=origin, raw_hash=rhash, kind="html", url=doc.url or url,
        outlet=doc.sitename or None, title=doc.title or None, published=published,
    )


def _extract_html(data: bytes | str, url: str | None):  # noqa: ANN202 - trafilatura's Document, None or the error
    import trafilatura  # imported here: it takes a second to load and most runs never need it

    try:
        return trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, favor_precision=True,
        )
    except Exception as exc:  # noqa: BLE001 - trafilatura raises many kinds on broken markup
        return exc


def read_html(data: bytes, origin: str, rhash: str) -> Iterator[Result]:
    """A web page: in the encoding it declares, else by marsad's one decoding policy."""
    charset = declared_charset(data)
    if charset:
        yield html_to_draft(data.decode(charset, errors="replace"), origin, rhash)
    else:
        text, note = decode(data, origin)
        yield from noted([html_to_draft(text, origin, rhash)], note)


_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|div|h[1-6]|li|blockquote|tr|section|article)\s*>|<br\s*/?>", re.I)


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed item's content): paragraphs kept apart."""
    import html as html_lib

    if "<" not in html:
        return html_lib.unescape(html)
    text = _BLOCK_END.sub("\n\n", _without_scripts(html))
    return html_lib.unescape(_TAG.sub("", text))


_SCRIPT_OPEN = re.compile(r"<(script|style)\b", re.I)
_SCRIPT_CLOSE = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}


def _without_scripts(html: str) -> str:
    """`html` without its <script> and <style> elements, in one pass: an element that is never
    closed runs to the end (as a browser reads it), and costs one search, not one per opening."""
    out, pos = [], 0
    while (m := _SCRIPT_OPEN.search(html, pos)) is not None:
        out.append(html[pos:m.start()])
        close = _SCRIPT_CLOSE[m.group(1).lower()].search(html, m.end())
        if close is None:
            return " ".join(out)
        out.append(" ")
        pos = close.end()
    out.append(html[pos:])
    return "".join(out)


# -- JSON Lines ---------------------------------------------------------------------


def _record_to_draft(rec: object, origin: str) -> Result:
    try:
        return _record_draft(rec, origin)
    except Exception as exc:  # noqa: BLE001 - one bad record costs that record only
        return unexpected(origin, exc)


def _record_draft(rec: object, origin: str) -> Result:
    if not isinstance(rec, dict):
        return UnreadableInput(origin, "record is not a JSON object with url, outlet, title, published, text")
    rhash = raw_hash(json.dumps(rec, sort_keys=True, ensure_ascii=False, default=str))
    try:
        published = to_date(rec.get("published") or rec.get("date"), origin)
    except UnreadableInput as exc:
        return exc
    text, html = rec.get("text"), rec.get("html")
    if not isinstance(text, str) or not text.strip():
        if isinstance(html, str) and html.strip():
            draft = html_to_draft(html, origin, rhash, url=_str_or_none(rec.get("url")))
            if isinstance(draft, Draft):
                draft.outlet = _str_or_none(rec.get("outlet")) or draft.outlet
                draft.title = _str_or_none(rec.get("title")) or draft.title
                draft.published = published or draft.published
            return draft
        return UnreadableInput(origin, 'record has no "text" (a non-empty string is required)')
    return Draft(
        text=text, origin=origin, raw_hash=rhash, kind="jsonl", url=_str_or_none(rec.get("url")),
        outlet=_str_or_none(rec.get("outlet") or rec.get("source")), title=_str_or_none(rec.get("title")),
        published=published,
    )


def read_jsonl(text: str, origin: str, rhash: str) -> Iterator[Result]:
    stripped = text.lstrip("\ufeff").strip()
    # A .json file holding one array of records is read whole; if the whole is not one JSON
    # value, it is JSON Lines after all (whose first line is an array), read line by line.
    if stripped.startswith("["):
        records: object = None
        try:
            records = without_surrogates(json.loads(stripped))
        except json.JSONDecodeError as exc:
            if "\n" not in stripped:
                yield UnreadableInput(origin, f"not valid JSON ({exc.msg} at line {exc.lineno})")
                return
        except RecursionError:
            yield UnreadableInput(origin, "JSON nested too deeply to be records")
            return
        if isinstance(records, list):
            for i, rec in enumerate(records, start=1):
                yield _record_to_draft(rec, f"{origin}: record {i}")
            return
    for lineno, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if line.strip():
            yield _jsonl_line(line, f"{origin}:{lineno}")


def _jsonl_line(line: str, where: str) -> Result:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        return UnreadableInput(where, f"malformed JSON line ({exc.msg} at column {exc.colno}); the other lines go on")
    except RecursionError:
        return UnreadableInput(where, "JSON nested too deeply to be a record; the other lines go on")
    return _record_to_draft(without_surrogates(rec) if "\\u" in line else rec, where)


def stream_jsonl(path: str, max_record_bytes: int) -> Iterator[Result]:
    """Records of a JSON Lines file read line by line, so that a file of any size is one
    input: the size limit holds per record (line), and a bad line refuses only itself."""
    from marsad.ingest.inputs import binary_kind

    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below; reading must survive bad lines
    except OSError as exc:
        yield UnreadableInput(path, f"cannot read ({exc.strerror or exc})")
        return
    with fh:
        binary = binary_kind(fh.peek(8192)[:8192], records=True)
        if binary:
            yield UnreadableInput(path, "binary file, not text" if binary == "not text" else f"binary file ({binary}), not text")
            return
        seen = False
        for lineno, raw in enumerate(fh, start=1):
            where = f"{path}:{lineno}"
            if lineno == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if not raw.strip():
                continue
            seen = True
            size = len(raw.rstrip(b"\r\n"))
            if size > max_record_bytes:
                yield UnreadableInput(where, f"record too large ({size:,} bytes; the limit is {max_record_bytes:,}, "
                                             "setting max_input_bytes); the other lines go on")
                continue
            try:
                line, note = decode(raw, where)
            except UnreadableInput as exc:
                yield exc
                continue
            yield from noted([_jsonl_line(line, where)], note)
        if not seen:
            yield UnreadableInput(path, "empty file")


# -- RSS and Atom -----------------------------------------------------------------


def read_feed(
    data: bytes, origin: str, rhash: str, fetch_page: Callable[[str], bytes] | None = None
) -> Iterator[Result]:
    """Items of an RSS/Atom feed; with `fetch_page`, each item's page is fetched and extracted."""
    import feedparser

    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # noqa: BLE001 - feedparser raises many kinds on broken declarations
        yield UnreadableInput(origin, f"not a readable RSS or Atom feed ({type(exc).__name__} in its XML declaration "
                                      "or encoding)")
        return
    if not parsed.get("version") or (parsed.get("bozo") and not parsed.entries):
        why = parsed.get("bozo_exception")
        detail = f" ({type(why).__name__})" if why else ""
        yield UnreadableInput(origin, f"not an RSS or Atom feed{detail}")
        return
    if not parsed.entries:
        yield UnreadableInput(origin, "feed has no items")
        return
    outlet = _str_or_none(parsed.feed.get("title"))
    for i, entry in enumerate(parsed.entries, start=1):
        where = f"{origin}: item {i}"
        url = _str_or_none(entry.get("link"))
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        try:
            published = to_date(when, where) if when else None
        except (UnreadableInput, ValueError):
            published = None  # a feed's malformed date costs the item its date, not its text
        title = _str_or_none(entry.get("title"))
        if fetch_page and url:
            try:
                page = fetch_page(url)
            except UnreadableInput as exc:
                yield UnreadableInput(where, exc.reason)
                continue
            draft = html_to_draft(page, f"{where} ({url})", raw_hash(page), url=url)
            if isinstance(draft, Draft):
                draft.outlet = draft.outlet or outlet
                draft.title = draft.title or title
                draft.published = draft.published or published
            yield draft
            continue
        contents = [c.get("value") or "" for c in entry.get("content") or []] or [entry.get("summary") or ""]
        body = max(contents, key=len)
        text = fragment_text(body).strip()
        if not text:
            yield UnreadableInput(where, "feed item has no text (use --fetch to read its page)")
            continue
        yield Draft(
            text=text, origin=where, raw_hash=raw_hash(body), kind="feed", url=url, outlet=outlet,
            title=title, published=published,
        )
