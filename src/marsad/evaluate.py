"""The extraction quality gate: score predicted events against the gold annotations.

    for report in evaluate(packaged_gold_dir(), annotators, splits=["dev"]):   # extract, then score
        print(report.table())
        failures = check_floors(report, default_floors_path())   # ["event_f1 0.62 < floor 0.70"]

    gold = load_gold("src/marsad/data/samples/gold", split="dev")    # or score events from elsewhere
    ids = article_ids("src/marsad/data/samples/corpus")
    report = score(events, gold, ids)          # events: dicts in the DESIGN §6 shape

The gold format is `data/samples/gold/FORMAT.md`; the metrics and the matching rule are
explained in `docs/evaluation.md`. In short, per article: a predicted event belongs to
every article one of its claims comes from; it matches a gold event when the dates
overlap (one day of slack) and the place is within the gold radius or has the same
name; pairs are taken greedily by similarity, one to one. Event precision, recall and F1
are micro-averaged over articles; field accuracies are taken over the matched pairs.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from marsad.resolve.names import fold, name_keys

if TYPE_CHECKING:
    from marsad.annotate import Annotators
    from marsad.annotate.actors import ActorIndex
    from marsad.ingest import UnreadableInput
    from marsad.model import Article, Event

__all__ = [
    "EvalError", "FloorsError", "GoldAlias", "GoldArticle", "GoldClaim", "GoldControl", "GoldError", "GoldEvent",
    "GoldPlace", "METRICS", "Range", "Report", "article_ids", "check_floors", "default_corpus", "default_floors_path",
    "evaluate", "load_gold", "packaged_gold_dir", "read_floors", "read_gold_file", "score",
]

SPLITS = ("dev", "test")
PRECISIONS = ("day", "week", "month", "year")
CLAIM_KINDS = ("perpetrator_media", "state_media", "partisan_media", "monitor", "independent_media", "wire",
               "official", "ngo", "local_source", "social_media")
VERBS = ("claimed", "reported", "announced", "denied", "said")
# DESIGN §4, the exact ACLED strings; gold types are checked against it so a typo cannot
# make a metric unreachable.
TAXONOMY = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}
FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "date", "time_precision", "place", "figures")
QUERIES = ("control", "aliases")
METRICS = ("event_precision", "event_recall", "event_f1", *FIELDS, *QUERIES)
ARTICLE_KEYS = ("article", "item", "title", "split", "published", "events", "control", "aliases", "not_events",
                "uncoded", "notes")
EVENT_KEYS = ("id", "date", "precision", "types", "actor1", "actor2", "place", "claims")
# One day of slack when matching dates: "overnight", time zones and late-night reports
# put the same occurrence on neighbouring days.
DATE_SLACK = dt.timedelta(days=1)
# Claimant names this similar (rapidfuzz token-set ratio, 0-100) pair even across kinds.
CLAIMANT_SIMILARITY = 80
# An uncoded quote hits a claim quote when this share of its words is in the quote.
QUOTE_WORD_SHARE = 0.6
# Trailing words that name a kind of place, not the place: "Nineveh Governorate" is "Nineveh".
PLACE_FEATURE_WORDS = {"governorate", "province", "district", "region", "area", "territory", "county", "state"}
FIGURES = ("killed", "wounded", "captured")


class EvalError(Exception):
    """Evaluation cannot run; the message says which file or article and what to fix."""


class GoldError(EvalError):
    """A gold file is malformed; the message names the file and the key."""


class FloorsError(EvalError):
    """The floors file is malformed or has no floors for the scored split."""


# ── Gold ─────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Range:
    """A figure as {low, high}; None is an open end."""

    low: int | None
    high: int | None

    def __str__(self) -> str:
        return f"{{{self.low}, {self.high}}}"


@dataclass
class GoldPlace:
    name: str
    country_code: str
    lat: float
    lon: float
    radius_km: float


@dataclass
class GoldClaim:
    claimant: str
    kind: str
    verb: str
    killed: Range | None = None
    wounded: Range | None = None
    captured: Range | None = None

    @property
    def has_figures(self) -> bool:
        return any(r is not None for r in (self.killed, self.wounded, self.captured))


@dataclass
class GoldEvent:
    id: str
    date_start: dt.date | None
    date_end: dt.date | None
    precision: str | None
    types: list[tuple[str, str]]  # acceptable (event_type, sub_event_type), most likely first
    actor1: list[str]  # acceptable names; [] = the text names none
    actor2: list[str]
    place: GoldPlace
    claims: list[GoldClaim]

    def describe(self) -> str:
        kind = " / ".join(self.types[0])
        return f"{self.id} ({kind} at {self.place.name}, {_interval(self.date_start, self.date_end)})"


@dataclass
class GoldControl:
    place: str
    country_code: str
    at: dt.date
    actor: str


@dataclass
class GoldAlias:
    alias: str
    place: str
    country_code: str


@dataclass
class GoldArticle:
    path: Path  # the gold file
    article: str  # file under corpus/
    item: int | None
    title: str
    split: str
    published: dt.date | None
    events: list[GoldEvent]
    control: list[GoldControl] = field(default_factory=list)
    aliases: list[GoldAlias] = field(default_factory=list)
    not_events: list[str] = field(default_factory=list)
    uncoded: list[str] = field(default_factory=list)
    notes: str | None = None

    @property
    def key(self) -> tuple[str, int | None]:
        return (self.article, self.item)

    @property
    def label(self) -> str:
        return self.article if self.item is None else f"{self.article} #{self.item}"


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


class _Reader:
    """Typed access to one gold file's YAML; every error names the file and the key."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> GoldError:
        return GoldError(f"{self.path}: {where}: {problem}")

    def keys(self, data: dict, where: str, known: tuple[str, ...]) -> None:
        """Refuse unknown keys: a misspelt optional key would otherwise be silently ignored."""
        for key in data:
            if key not in known:
                raise self.fail(_at(where, str(key)), f"unknown key (known: {', '.join(known)})")

    def get(self, data: dict, key: str, where: str, kinds: tuple[type, ...], *, required: bool = True,
            nullable: bool = False) -> Any:
        path = _at(where, key)
        if key not in data:
            if required:
                raise self.fail(path, "missing")
            return None
        value = data[key]
        if value is None:
            if nullable or not required:
                return None
            raise self.fail(path, "must not be null")
        if isinstance(value, bool) or not isinstance(value, kinds):
            names = " or ".join(k.__name__ for k in kinds)
            raise self.fail(path, f"expected {names}, got {value!r}")
        return value

    def mapping(self, value: Any, where: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected a mapping, got {value!r}")
        return value

    def items(self, data: dict, key: str, where: str = "", *, required: bool = True) -> list:
        value = self.get(data, key, where, (list,), required=required, nullable=not required)
        return value or []

    def strings(self, data: dict, key: str, where: str = "", *, required: bool = True) -> list[str]:
        values = self.items(data, key, where, required=required)
        path = _at(where, key)
        for i, v in enumerate(values):
            if not isinstance(v, str) or not v.strip():
                raise self.fail(f"{path}[{i}]", f"expected a non-empty string, got {v!r}")
        return values

    def date(self, data: dict, key: str, where: str, *, nullable: bool) -> dt.date | None:
        value = self.get(data, key, where, (dt.date, str), nullable=nullable)
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                raise self.fail(_at(where, key), f"{value!r} is not a YYYY-MM-DD date") from None
        return value

    def choice(self, data: dict, key: str, where: str, allowed: tuple[str, ...], *, nullable: bool = False) -> Any:
        value = self.get(data, key, where, (str,), nullable=nullable)
        if value is not None and value not in allowed:
            raise self.fail(_at(where, key), f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def figure(self, data: dict, key: str, where: str) -> Range | None:
        value = self.get(data, key, where, (dict,), nullable=True)
        if value is None:
            return None
        path = _at(where, key)
        self.keys(value, path, ("low", "high"))
        bounds = []
        for end in ("low", "high"):
            if end not in value:
                raise self.fail(f"{path}.{end}", "missing (write null for an open end)")
            n = value[end]
            if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 0):
                raise self.fail(f"{path}.{end}", f"expected a whole number or null, got {n!r}")
            bounds.append(n)
        if bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:
            raise self.fail(path, f"low {bounds[0]} is above high {bounds[1]}")
        return Range(*bounds)


def _read_event(r: _Reader, raw: Any, where: str) -> GoldEvent:
    ev = r.mapping(raw, where)
    r.keys(ev, where, EVENT_KEYS)
    date = r.mapping(r.get(ev, "date", where, (dict,)), f"{where}.date")
    r.keys(date, f"{where}.date", ("start", "end"))
    start = r.date(date, "start", f"{where}.date", nullable=True)
    end = r.date(date, "end", f"{where}.date", nullable=True)
    if start and end and start > end:
        raise r.fail(f"{where}.date", f"start {start} is after end {end}")
    types = []
    for i, t in enumerate(r.strings(ev, "types", where)):
        kind, sep, sub = t.partition(" / ")
        if not sep or sub not in TAXONOMY.get(kind, ()):
            raise r.fail(f"{where}.types[{i}]", f"{t!r} is not an 'event_type / sub_event_type' pair of DESIGN §4")
        types.append((kind, sub))
    if not types:
        raise r.fail(f"{where}.types", "list at least one acceptable type")
    pw = f"{where}.place"
    place = r.mapping(r.get(ev, "place", where, (dict,)), pw)
    r.keys(place, pw, ("name", "country_code", "lat", "lon", "radius_km"))
    lat = float(r.get(place, "lat", pw, (int, float)))
    lon = float(r.get(place, "lon", pw, (int, float)))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise r.fail(pw, f"lat/lon {lat}, {lon} is not on Earth")
    radius = float(r.get(place, "radius_km", pw, (int, float)))
    if radius <= 0:
        raise r.fail(f"{pw}.radius_km", "must be positive")
    claims = []
    for i, c in enumerate(r.items(ev, "claims", where)):
        cw = f"{where}.claims[{i}]"
        c = r.mapping(c, cw)
        r.keys(c, cw, ("claimant", "kind", "verb", "killed", "wounded", "captured"))
        claims.append(GoldClaim(
            claimant=_nonblank(r, c, "claimant", cw), kind=r.choice(c, "kind", cw, CLAIM_KINDS),
            verb=r.choice(c, "verb", cw, VERBS), killed=r.figure(c, "killed", cw),
            wounded=r.figure(c, "wounded", cw), captured=r.figure(c, "captured", cw),
        ))
    if not claims:
        raise r.fail(f"{where}.claims", "list at least one claim (the outlet's own, when nothing is attributed)")
    return GoldEvent(
        id=str(r.get(ev, "id", where, (str, int))), date_start=start, date_end=end,
        precision=r.choice(ev, "precision", where, PRECISIONS, nullable=True), types=types,
        actor1=r.strings(ev, "actor1", where), actor2=r.strings(ev, "actor2", where),
        place=GoldPlace(_nonblank(r, place, "name", pw), r.get(place, "country_code", pw, (str,)), lat, lon, radius),
        claims=claims,
    )


def _nonblank(r: _Reader, data: dict, key: str, where: str) -> str:
    value = r.get(data, key, where, (str,))
    if not value.strip():
        raise r.fail(_at(where, key), "must not be empty")
    return value


def _read_yaml(path: Path, error: type[EvalError]) -> Any:
    """A YAML file's data; `error` names the file and why it cannot be read."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot be read ({exc})") from None
    except yaml.YAMLError as exc:
        raise error(f"{path}: not valid YAML ({' '.join(str(exc).split())})") from None


def read_gold_file(path: Path) -> GoldArticle:
    """One gold file, checked against FORMAT.md; raises GoldError naming the file and key."""
    r = _Reader(path)
    data = _read_yaml(path, GoldError)
    data = r.mapping(data, "top level")
    r.keys(data, "", ARTICLE_KEYS)
    events = [_read_event(r, e, f"events[{i}]") for i, e in enumerate(r.items(data, "events"))]
    seen: set[str] = set()
    for i, e in enumerate(events):
        if e.id in seen:
            raise r.fail(f"events[{i}].id", f"{e.id!r} is used twice in this file")
        seen.add(e.id)
    control = []
    for i, c in enumerate(r.items(data, "control")):
        w = f"control[{i}]"
        c = r.mapping(c, w)
        r.keys(c, w, ("place", "country_code", "at", "actor"))
        control.append(GoldControl(r.get(c, "place", w, (str,)), r.get(c, "country_code", w, (str,)),
                                   r.date(c, "at", w, nullable=False), r.get(c, "actor", w, (str,))))
    aliases = []
    for i, a in enumerate(r.items(data, "aliases")):
        w = f"aliases[{i}]"
        a = r.mapping(a, w)
        r.keys(a, w, ("alias", "place", "country_code"))
        aliases.append(GoldAlias(r.get(a, "alias", w, (str,)), r.get(a, "place", w, (str,)),
                                 r.get(a, "country_code", w, (str,))))
    item = r.get(data, "item", "", (int,), nullable=True)
    if item is not None and item < 1:
        raise r.fail("item", f"{item} is not a 1-based record or item number")
    return GoldArticle(
        path=path, article=_nonblank(r, data, "article", ""), item=item, title=r.get(data, "title", "", (str,)),
        split=r.choice(data, "split", "", SPLITS), published=r.date(data, "published", "", nullable=True),
        events=events, control=control, aliases=aliases, not_events=r.strings(data, "not_events"),
        uncoded=r.strings(data, "uncoded", required=False), notes=r.get(data, "notes", "", (str,), required=False),
    )


def load_gold(gold_dir: str | Path, split: str | None = None) -> list[GoldArticle]:
    """Every gold file (`*.yaml`) in `gold_dir`, or those of one split (dev or test)."""
    if split is not None and split not in SPLITS:
        raise GoldError(f"split {split!r} is not one of {', '.join(SPLITS)}")
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise GoldError(f"{gold_dir}: not a directory of gold files")
    paths = sorted(gold_dir.glob("*.yaml"))
    if not paths:
        raise GoldError(f"{gold_dir}: no gold files (*.yaml) here")
    articles = [read_gold_file(p) for p in paths]
    owners: dict[tuple[str, int | None], Path] = {}
    for a in articles:
        if a.key in owners:
            raise GoldError(f"{a.path}: article {a.label} is already annotated in {owners[a.key].name}")
        owners[a.key] = a.path
    return [a for a in articles if split is None or a.split == split]


# ── Articles: from gold (file, item) to article ids ─────────────────────────────

_ORIGIN = re.compile(r"^(?P<path>.*?)(?::(?P<line>\d+)|: (?:item|record) (?P<item>\d+))?$")


def article_ids(corpus_dir: str | Path) -> dict[tuple[str, int | None], str]:
    """(file under corpus_dir, item or None) -> article id, for every article ingest reads there.

    Ingest's origins are "path", "path:LINE" (JSON Lines) and "path: item N" (feeds); the
    gold's `item` is that line or item number.
    """
    from marsad.ingest import IngestOptions, UnreadableInput, read_articles

    corpus_dir = _corpus(corpus_dir)
    return {_article_key(a.origin, corpus_dir): a.id for a in read_articles([str(corpus_dir)], IngestOptions())
            if not isinstance(a, UnreadableInput)}  # a refused article's gold is reported missing by `score`


def _corpus(corpus_dir: str | Path) -> Path:
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise EvalError(f"{corpus_dir}: not a directory (the corpus the gold files name); use --corpus")
    return corpus_dir


def _article_key(origin: str, corpus_dir: Path) -> tuple[str, int | None]:
    """An ingest origin as the gold names it: (file under corpus_dir, line or item number or None)."""
    m = _ORIGIN.match(origin)
    path = Path(m.group("path"))
    try:
        name = path.relative_to(corpus_dir).as_posix()
    except ValueError:
        name = path.name
    number = m.group("line") or m.group("item")
    return (name, int(number) if number else None)


# ── Predictions ──────────────────────────────────────────────────────────────


def _as_date(value: Any, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise EvalError(f"{where}: {value!r} is not an ISO date") from None


def _as_range(value: Any) -> Range | None:
    """A predicted {low, high}; all-null (no figure) is None, like the gold's null."""
    if not isinstance(value, dict) or (value.get("low") is None and value.get("high") is None):
        return None
    return Range(value.get("low"), value.get("high"))


@dataclass
class _Pred:
    event: dict
    id: str
    article_ids: set[str]
    event_type: str | None
    sub_event_type: str | None
    actor1: str | None
    actor2: str | None
    start: dt.date | None
    end: dt.date | None
    precision: str | None
    lat: float | None
    lon: float | None
    names: set[str]

    @classmethod
    def of(cls, event: dict, index: int) -> _Pred:
        eid = str(event.get("event_id") or f"#{index + 1}")
        where = f"predicted event {eid}"
        loc = event.get("location") or {}
        start = _as_date(event.get("date_start", event.get("event_date")), f"{where}: date_start")
        end = _as_date(event.get("date_end"), f"{where}: date_end") or start
        names = set()
        for n in (loc.get("name"), loc.get("as_written")):
            if n:
                names |= place_name_keys(n)
        lat, lon = loc.get("lat"), loc.get("lon")
        return cls(
            event=event, id=eid, article_ids={c.get("article_id") for c in event.get("claims") or []},
            event_type=event.get("event_type"), sub_event_type=event.get("sub_event_type"),
            actor1=event.get("actor1"), actor2=event.get("actor2"), start=start, end=end,
            precision=event.get("time_precision"),
            lat=float(lat) if lat is not None and lon is not None else None,
            lon=float(lon) if lat is not None and lon is not None else None, names=names,
        )

    def claims_of(self, article_id: str) -> list[dict]:
        return [c for c in self.event.get("claims") or [] if c.get("article_id") == article_id]

    def describe(self) -> str:
        kind = f"{self.event_type} / {self.sub_event_type}"
        place = (self.event.get("location") or {}).get("name")
        return f"{self.id} ({kind} at {place}, {_interval(self.start, self.end)})"


# ── Comparisons ──────────────────────────────────────────────────────────────


def _interval(start: dt.date | None, end: dt.date | None) -> str:
    if start is None and end is None:
        return "undated"
    if start is None:
        return f"on or before {end}"
    if end is None:
        return f"from {start}"
    return str(start) if start == end else f"{start}..{end}"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km on a sphere of radius 6371 km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _overlap(a0: dt.date | None, a1: dt.date | None, b0: dt.date | None, b1: dt.date | None,
             slack: dt.timedelta = dt.timedelta(0)) -> bool:
    """Whether two intervals overlap; a None end is unbounded."""
    if a0 is not None and b1 is not None and a0 > b1 + slack:
        return False
    return not (b0 is not None and a1 is not None and b0 > a1 + slack)


def date_right(g: GoldEvent, p: _Pred) -> bool:
    """The predicted interval overlaps the gold's; unknown only where the gold is unknown.

    An undated gold event needs an undated prediction ("never taken from a file's time
    stamp"); a gold start the text gives needs a predicted start; "on or before
    publication" (null start) also accepts an undated prediction.
    """
    if g.date_start is None and g.date_end is None:
        return p.start is None and p.end is None
    if p.start is None and p.end is None:
        return g.date_start is None
    if g.date_start is not None and p.start is None:
        return False
    return _overlap(p.start, p.end, g.date_start, g.date_end)


def place_name_keys(name: str) -> set[str]:
    """Keys of a place name as coders write it: whole, before a comma or bracket, and
    without a trailing feature word ("Nineveh Governorate", "Beni territory")."""
    head = re.split(r"[,(]", name, maxsplit=1)[0].strip()
    keys = name_keys(name) | name_keys(head)
    words = head.split()
    if len(words) > 1 and fold(words[-1]) in PLACE_FEATURE_WORDS:
        keys |= name_keys(" ".join(words[:-1]))
    return keys


def _place_keys(g: GoldEvent, article: GoldArticle) -> set[str]:
    """The gold place's name keys and those of the aliases the article teaches for it."""
    keys = place_name_keys(g.place.name)
    for a in article.aliases:
        if place_name_keys(a.place) & keys:
            keys = keys | name_keys(a.alias)
    return keys


def _distance(g: GoldEvent, p: _Pred) -> float | None:
    if p.lat is None or p.lon is None:
        return None
    return haversine_km(g.place.lat, g.place.lon, p.lat, p.lon)


def _norm(name: str) -> str:
    text = re.sub(r"[\W_]+", " ", fold(name)).strip()
    return re.sub(r"^the ", "", text).replace(" ", "")


class _Actors:
    """Actor names compared as analysts read them: case, punctuation, "the" and aliases ignored."""

    def __init__(self, index: ActorIndex | None) -> None:
        self.index = index
        self._canon: dict[str, str | None] = {}

    def canonical(self, name: str) -> str:
        if name not in self._canon:
            actor = self.index.get(name) if self.index is not None else None
            self._canon[name] = _norm(actor.name) if actor is not None else None
        return self._canon[name] or _norm(name)

    def right(self, predicted: str | None, acceptable: list[str]) -> bool:
        if not acceptable:
            return predicted is None  # the text names no actor: naming one is a guess
        if predicted is None:
            return False
        forms = {_norm(predicted), self.canonical(predicted)}
        return any(_norm(a) in forms or self.canonical(a) in forms for a in acceptable)


def _words(text: str) -> list[str]:
    return re.sub(r"[\W_]+", " ", fold(text)).split()


def quote_hits(snippet: str, quotes: Iterable[str]) -> bool:
    """Whether a gold quote ("a ... b" marks a cut) is loosely in one of the claim quotes.

    Every piece of the snippet must be in the same quote: as a substring, or with at
    least 60% of its words (3 letters or more) present; or the quote is inside the piece.
    """
    pieces = [_words(p) for p in re.split(r"\.\.\.|…", snippet)]
    pieces = [p for p in pieces if p]
    for quote in quotes:
        q = _words(quote)
        if not q or not pieces:
            continue
        qs, qset = f" {' '.join(q)} ", set(q)

        def hit(piece: list[str]) -> bool:
            ps = f" {' '.join(piece)} "  # padded: whole words only ("arm" is not in "army")
            if ps in qs or (len(q) >= 3 and qs in ps):
                return True
            content = [w for w in piece if len(w) >= 3]
            return bool(content) and sum(w in qset for w in content) / len(content) >= QUOTE_WORD_SHARE

        if all(hit(p) for p in pieces):
            return True
    return False


# ── Scoring ──────────────────────────────────────────────────────────────────


@dataclass
class Tally:
    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> bool:
        self.correct += ok
        self.total += 1
        return ok

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


@dataclass
class ArticleScore:
    article: str
    item: int | None
    split: str
    gold_events: int
    predicted: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    ignored: int = 0  # unmatched predictions matching an `uncoded` quote
    not_event_hits: int = 0  # false positives whose quotes are a `not_events` quote
    place_only: int = 0  # missed gold events that an unmatched prediction of their type and dates misses by its place
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else (1.0 if tp + fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Report:
    split: str | None
    articles: list[ArticleScore]
    fields: dict[str, Tally]
    queries: dict[str, Tally | None]  # None: not scored (no function given)

    @property
    def tp(self) -> int:
        return sum(a.tp for a in self.articles)

    @property
    def fp(self) -> int:
        return sum(a.fp for a in self.articles)

    @property
    def fn(self) -> int:
        return sum(a.fn for a in self.articles)

    @property
    def ignored(self) -> int:
        return sum(a.ignored for a in self.articles)

    def metrics(self) -> dict[str, float | None]:
        """Every metric by name (see METRICS); None when there was nothing to score."""
        p, r, f = _prf(self.tp, self.fp, self.fn)
        out: dict[str, float | None] = {"event_precision": p, "event_recall": r, "event_f1": f}
        out.update({k: t.accuracy for k, t in self.fields.items()})
        out.update({k: (t.accuracy if t is not None else None) for k, t in self.queries.items()})
        return out

    def as_dict(self) -> dict:
        return {
            "split": self.split,
            "articles": len(self.articles),
            "metrics": self.metrics(),
            "events": {"gold": sum(a.gold_events for a in self.articles),
                       "predicted": sum(a.predicted for a in self.articles),
                       "tp": self.tp, "fp": self.fp, "fn": self.fn, "ignored": self.ignored,
                       "not_event_hits": sum(a.not_event_hits for a in self.articles),
                       "missed_for_place_only": sum(a.place_only for a in self.articles)},
            "fields": {k: {"correct": t.correct, "total": t.total} for k, t in self.fields.items()},
            "queries": {k: ({"correct": t.correct, "total": t.total} if t is not None else None)
                        for k, t in self.queries.items()},
            "per_article": [a.as_dict() for a in self.articles],
        }

    def table(self, details: bool = False) -> str:
        """Plain text: the metrics, then one line per article (and its errors with `details`)."""
        m = self.metrics()

        def num(v: float | None) -> str:
            return "  n/a" if v is None else f"{v:.3f}"

        d = self.as_dict()["events"]
        lines = [
            f"split {self.split or 'all'}: {len(self.articles)} articles, {d['gold']} gold events, "
            f"{d['predicted']} predicted",
            f"events   tp {self.tp}  fp {self.fp}  fn {self.fn}  ignored {self.ignored}  "
            f"(not_events hit {d['not_event_hits']}; missed for the place alone {d['missed_for_place_only']})",
            "",
            f"{'metric':<16} {'value':>6}  count",
        ]
        lines += [f"{k:<16} {num(m[k]):>6}" for k in ("event_precision", "event_recall", "event_f1")]
        for k, t in self.fields.items():
            lines.append(f"{k:<16} {num(m[k]):>6}  {t.correct}/{t.total}")
        for k, t in self.queries.items():
            lines.append(f"{k:<16} {num(m[k]):>6}  " + (f"{t.correct}/{t.total}" if t else "not scored"))
        lines += ["", f"{'article':<44} {'gold':>4} {'tp':>3} {'fp':>3} {'fn':>3} {'ign':>3}"]
        for a in self.articles:
            label = a.article if a.item is None else f"{a.article} #{a.item}"
            lines.append(f"{label:<44} {a.gold_events:>4} {a.tp:>3} {a.fp:>3} {a.fn:>3} {a.ignored:>3}")
            if details:
                lines += [f"    {e}" for e in a.errors]
        return "\n".join(lines)


def _similarity(g: GoldEvent, p: _Pred, keys: set[str], actors: _Actors) -> float:
    """How alike a matching pair is; ranks the candidates, never decides a match alone."""
    s = 1.0 if date_right(g, p) else 0.5 if p.start or p.end else 0.25
    dist = _distance(g, p)
    if dist is not None:
        s += max(0.0, 1.0 - dist / g.place.radius_km)
    s += 0.5 if keys & p.names else 0.0
    if (p.event_type, p.sub_event_type) in g.types:
        s += 2.0
    elif p.event_type in {t for t, _ in g.types}:
        s += 1.0
    s += 0.5 * actors.right(p.actor1, g.actor1) + 0.5 * actors.right(p.actor2, g.actor2)
    s += 0.25 * (p.precision == g.precision)
    return s


def is_match(g: GoldEvent, p: _Pred, keys: set[str]) -> bool:
    """The matching rule: dates overlap (±1 day; None ends unbounded) and the place is
    within the gold radius or carries the same name (or an alias the article teaches)."""
    if not _overlap(p.start, p.end, g.date_start, g.date_end, DATE_SLACK):
        return False
    dist = _distance(g, p)
    return (dist is not None and dist <= g.place.radius_km) or bool(keys & p.names)


def _pair_claims(gold: list[GoldClaim], predicted: list[dict]) -> dict[int, dict]:
    """Gold claim index -> predicted claim: same kind first, then the most similar name
    (token overlap, then spelling), then one with figures where the gold claim has some."""
    from rapidfuzz import fuzz

    candidates = []
    for gi, g in enumerate(gold):
        for pi, c in enumerate(predicted):
            same_kind = g.kind == c.get("source_kind")
            sim = fuzz.token_set_ratio(_words_str(g.claimant), _words_str(c.get("source") or ""))
            if same_kind or sim >= CLAIMANT_SIMILARITY:
                # Ties ("police" and "police spokesman" both contain "police"): the closer
                # spelling, then a claim that gives figures where the gold one does.
                closer = fuzz.ratio(_words_str(g.claimant), _words_str(c.get("source") or ""))
                figures = g.has_figures and any(_as_range(c.get(k)) for k in FIGURES)
                candidates.append((-int(same_kind), -sim, -closer, -int(figures), gi, pi))
    out, used = {}, set()
    for *_, gi, pi in sorted(candidates):
        if gi not in out and pi not in used:
            out[gi] = predicted[pi]
            used.add(pi)
    return out


def figures_agree(predicted: Range | None, gold: Range | None) -> bool:
    """Both absent, or both given and overlapping (FORMAT.md); a null low is 0, a null high unbounded."""
    if predicted is None or gold is None:
        return predicted is None and gold is None
    return ((predicted.high is None or (gold.low or 0) <= predicted.high)
            and (gold.high is None or (predicted.low or 0) <= gold.high))


def _words_str(text: str) -> str:
    return " ".join(_words(text))


def _score_pair(g: GoldEvent, p: _Pred, article_id: str, fields: dict[str, Tally], actors: _Actors,
                errors: list[str]) -> None:
    def check(name: str, ok: bool, why: str) -> None:
        if not fields[name].add(ok):
            errors.append(f"{g.id} {name}: {why}")

    pair = f"{p.event_type} / {p.sub_event_type}"
    accepted = [" / ".join(t) for t in g.types]
    check("event_type", p.event_type in {t for t, _ in g.types}, f"predicted {p.event_type!r}, gold {accepted}")
    check("sub_event_type", (p.event_type, p.sub_event_type) in g.types, f"predicted {pair!r}, gold {accepted}")
    check("actor1", actors.right(p.actor1, g.actor1), f"predicted {p.actor1!r}, gold {g.actor1 or 'none'}")
    check("actor2", actors.right(p.actor2, g.actor2), f"predicted {p.actor2!r}, gold {g.actor2 or 'none'}")
    check("date", date_right(g, p),
          f"predicted {_interval(p.start, p.end)}, gold {_interval(g.date_start, g.date_end)}")
    check("time_precision", p.precision == g.precision, f"predicted {p.precision!r}, gold {g.precision!r}")
    dist = _distance(g, p)
    where = "no coordinates" if dist is None else f"{dist:.1f} km"
    check("place", dist is not None and dist <= g.place.radius_km,
          f"{where} from {g.place.name} (radius {g.place.radius_km:g} km)")
    paired = _pair_claims(g.claims, p.claims_of(article_id))
    for i, gc in enumerate(g.claims):
        pc = paired.get(i)
        if pc is None:
            if gc.has_figures:
                check("figures", False, f"no predicted claim for {gc.claimant} ({gc.kind})")
            continue
        if not gc.has_figures and not any(_as_range(pc.get(k)) for k in FIGURES):
            continue  # no figure on either side: nothing to score
        wrong = [f"{k} {_as_range(pc.get(k)) or 'null'} (gold {getattr(gc, k) or 'null'})"
                 for k in FIGURES if not figures_agree(_as_range(pc.get(k)), getattr(gc, k))]
        check("figures", not wrong, f"{gc.claimant} vs predicted {pc.get('source')!r}: " + ", ".join(wrong))


def score(
    predicted_events: list[dict],
    gold: list[GoldArticle],
    ids: dict[tuple[str, int | None], str],
    *,
    control_fn: Callable[[str, GoldControl], str | None] | None = None,
    alias_fn: Callable[[str, GoldAlias], str | None] | None = None,
    actors: ActorIndex | None = None,
) -> Report:
    """Score predicted events (DESIGN §6 dicts) against gold articles; see docs/evaluation.md.

    `ids` maps (file, item) to article ids (`article_ids`). `control_fn(article_id, query)`
    answers a gold control query with an actor name, `alias_fn(article_id, query)` an alias
    query with a place name, each from what the system found in that article; without
    them those metrics are not scored. `actors` is an ActorIndex for alias-aware actor
    names (default: the packaged data/actors.yaml).
    """
    if actors is None:
        from marsad.annotate.actors import load_actors

        actors = load_actors()
    names = _Actors(actors)
    missing = [g for g in gold if g.key not in ids]
    if missing:
        listed = ", ".join(f"{g.label} ({g.path.name})" for g in missing[:5])
        raise EvalError(f"gold names articles the corpus does not contain: {listed}; check the corpus directory")
    preds = [_Pred.of(e, i) for i, e in enumerate(predicted_events)]
    fields = {k: Tally() for k in FIELDS}
    scores = []
    for article in gold:
        aid = ids[article.key]
        mine = [p for p in preds if aid in p.article_ids]
        result = ArticleScore(article.article, article.item, article.split, len(article.events), len(mine))
        keys = {g.id: _place_keys(g, article) for g in article.events}
        candidates = sorted(
            (-_similarity(g, p, keys[g.id], names), gi, pi)
            for gi, g in enumerate(article.events) for pi, p in enumerate(mine) if is_match(g, p, keys[g.id])
        )
        pairs: dict[int, int] = {}
        used: set[int] = set()
        for _, gi, pi in candidates:
            if gi not in pairs and pi not in used:
                pairs[gi] = pi
                used.add(pi)
        for gi, g in enumerate(article.events):
            if gi in pairs:
                result.tp += 1
                _score_pair(g, mine[pairs[gi]], aid, fields, names, result.errors)
            else:
                result.fn += 1
                # An unmatched prediction of the same type on the same dates: found, at the wrong place.
                wrong = [p for pi, p in enumerate(mine) if pi not in used and p.event_type in {t for t, _ in g.types}
                         and _overlap(p.start, p.end, g.date_start, g.date_end, DATE_SLACK)]
                if wrong:
                    result.place_only += 1
                    dist = _distance(g, wrong[0])
                    where = "no coordinates" if dist is None else f"{dist:.0f} km away"
                    loc = wrong[0].event.get("location") or {}
                    named = loc.get("as_written") or loc.get("name")
                    result.errors.append(f"missed {g.describe()} — for the place alone: a prediction on those "
                                         f"dates is at {named or 'no place'} ({where})")
                else:
                    result.errors.append(f"missed {g.describe()}")
        for pi, p in enumerate(mine):
            if pi in used:
                continue
            quotes = [c.get("quote") or "" for c in p.claims_of(aid)]
            if any(quote_hits(u, quotes) for u in article.uncoded):
                result.ignored += 1
                continue
            result.fp += 1
            if any(quote_hits(n, quotes) for n in article.not_events):
                result.not_event_hits += 1
                result.errors.append(f"spurious {p.describe()}, from a not_events quote")
            else:
                result.errors.append(f"spurious {p.describe()}")
        scores.append(result)

    queries: dict[str, Tally | None] = {"control": None, "aliases": None}
    if control_fn is not None:
        queries["control"] = Tally()
        for article in gold:
            for c in article.control:
                got = control_fn(ids[article.key], c)
                if not queries["control"].add(names.right(got, [c.actor])):
                    _article_score(scores, article).errors.append(
                        f"control {c.place} at {c.at}: answered {got!r}, gold {c.actor!r}")
    if alias_fn is not None:
        queries["aliases"] = Tally()
        for article in gold:
            for a in article.aliases:
                got = alias_fn(ids[article.key], a)
                if not queries["aliases"].add(got is not None and bool(place_name_keys(got) & place_name_keys(a.place))):
                    _article_score(scores, article).errors.append(
                        f"alias {a.alias}: answered {got!r}, gold {a.place!r}")
    splits = {g.split for g in gold}
    return Report(splits.pop() if len(splits) == 1 else None, scores, fields, queries)


def _article_score(scores: list[ArticleScore], article: GoldArticle) -> ArticleScore:
    return next(s for s in scores if (s.article, s.item) == article.key)


# ── Running the gate ─────────────────────────────────────────────────────────


def packaged_gold_dir() -> Path:
    """The gold annotations of the bundled sample corpus, data/samples/gold."""
    return Path(str(resources.files("marsad").joinpath("data", "samples", "gold")))


def default_corpus(gold_dir: str | Path) -> Path:
    """The corpus of a gold directory named `gold`: the `corpus` directory beside it."""
    gold_dir = Path(gold_dir)
    corpus = gold_dir.parent / "corpus"
    if gold_dir.name != "gold" or not corpus.is_dir():
        raise EvalError(f"{gold_dir}: no corpus directory beside it (looked for {corpus}); use --corpus")
    return corpus


def evaluate(
    gold_dir: str | Path,
    annotators: Annotators,
    *,
    corpus_dir: str | Path | None = None,
    splits: Iterable[str] = SPLITS,
    on_item: Callable[[Article | UnreadableInput], None] | None = None,
) -> list[Report]:
    """Extract events from the corpus articles the gold names and score them: one Report per
    split that has gold articles, in the order asked.

    Extraction is `marsad extract --separately` (pipeline.extract_paths): each article's
    events are scored on that article alone, as the gold codes them. Control queries are
    answered from the control periods of the article's own events (the place geocoded in
    its country, else by name); alias queries from the aliases annotate finds in the article.
    `corpus_dir` defaults to `default_corpus(gold_dir)`.
    """
    from marsad.annotate import annotate
    from marsad.export.jsonl import event_as_dict
    from marsad.fuse import control_periods, who_held
    from marsad.ingest import IngestOptions, UnreadableInput
    from marsad.pipeline import extract_paths
    from marsad.resolve.geocode import Context, geocode

    splits = list(splits)
    for split in splits:
        if split not in SPLITS:
            raise GoldError(f"split {split!r} is not one of {', '.join(SPLITS)}")
    gold = [g for g in load_gold(gold_dir) if g.split in splits]
    if not gold:
        raise EvalError(f"{gold_dir}: no gold articles in split {' or '.join(splits)}")
    corpus = _corpus(corpus_dir if corpus_dir is not None else default_corpus(gold_dir))
    articles: dict[str, Article] = {}

    def note(item: Article | UnreadableInput) -> None:
        if not isinstance(item, UnreadableInput):
            articles[item.id] = item
        if on_item is not None:
            on_item(item)

    files = sorted({g.article for g in gold})
    found = extract_paths([str(corpus / f) for f in files], IngestOptions(), annotators, separately=True, on_item=note)
    if found.refused:
        raise EvalError("the corpus has inputs ingest refuses: " + "; ".join(str(r) for r in found.refused[:5]))
    ids = {_article_key(a.origin, corpus): a.id for a in articles.values()}

    events_of: dict[str, list[Event]] = {}
    for event in found.events:
        for aid in {c.article_id for c in event.claims}:
            events_of.setdefault(aid, []).append(event)
    periods = {aid: control_periods(events) for aid, events in events_of.items()}
    taught: dict[str, list] = {}

    def control(article_id: str, query: GoldControl) -> str | None:
        mine = periods.get(article_id, [])
        place = geocode(query.place, annotators.gazetteer, Context(countries=[query.country_code])).place
        held = (who_held(mine, place, query.at) if place is not None else None) or who_held(mine, query.place, query.at)
        return held.actor if held is not None else None

    def alias(article_id: str, query: GoldAlias) -> str | None:
        if article_id not in taught:
            taught[article_id] = annotate(articles[article_id], annotators).aliases
        wanted = name_keys(query.alias)
        for a in taught[article_id]:
            if name_keys(a.alias) & wanted and a.country_code in (None, query.country_code):
                return a.place_name
        return None

    predicted = [event_as_dict(e) for e in found.events]
    return [
        score(predicted, [g for g in gold if g.split == split], ids, control_fn=control, alias_fn=alias,
              actors=annotators.actors)
        for split in splits if any(g.split == split for g in gold)
    ]


# ── Floors ───────────────────────────────────────────────────────────────────


def default_floors_path() -> Path:
    """The packaged floors file, data/eval_floors.yaml."""
    return Path(str(resources.files("marsad").joinpath("data", "eval_floors.yaml")))


def read_floors(path: str | Path) -> dict[str, dict[str, float]]:
    """The floors file: {split: {metric: floor}}, checked (known splits and metrics, 0..1)."""
    path = Path(path)
    data = _read_yaml(path, FloorsError)
    if not isinstance(data, dict):
        raise FloorsError(f"{path}: expected a mapping of splits ({', '.join(SPLITS)}) to floors")
    out: dict[str, dict[str, float]] = {}
    for split, floors in data.items():
        if split not in SPLITS:
            raise FloorsError(f"{path}: {split}: not a split ({', '.join(SPLITS)})")
        if not isinstance(floors, dict):
            raise FloorsError(f"{path}: {split}: expected a mapping of metric: floor")
        for metric, value in floors.items():
            if metric not in METRICS:
                raise FloorsError(f"{path}: {split}.{metric}: not a metric ({', '.join(METRICS)})")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise FloorsError(f"{path}: {split}.{metric}: floor must be a number from 0 to 1, got {value!r}")
        out[split] = {k: float(v) for k, v in floors.items()}
    return out


def check_floors(report: Report, floors_path: str | Path) -> list[str]:
    """Messages for the metrics below their floor for the report's split ([] = the gate passes).

    A metric that was not scored (None) fails only a floor above 0: a raised floor must
    stay checked.
    """
    if report.split is None:
        raise FloorsError("floors are per split: score one split (dev or test) to check them")
    floors = read_floors(floors_path)
    if report.split not in floors:
        raise FloorsError(f"{floors_path}: no floors for split {report.split!r}")
    metrics = report.metrics()
    failures = []
    for metric, floor in floors[report.split].items():
        value = metrics[metric]
        if value is None:
            if floor > 0:
                failures.append(f"{metric} not scored < floor {floor:.2f}")
        elif value < floor:
            shown = f"{value:.2f}" if round(value, 2) < floor else f"{value:.4f}"
            failures.append(f"{metric} {shown} < floor {floor:.2f}")
    return failures
