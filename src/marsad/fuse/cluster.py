"""Which claims are one event: first within each article, then across articles.

Claims are grouped greedily in a canonical order (article id, then position in the text),
so the same set of claims always gives the same groups whatever order they come in. A
claim joins the group it fits best; it fits a group only if it fits every claim already
in it (no chaining: a claim without a place cannot glue two places into one event).

Across articles, each article's groups are compared only with the groups indexed under
the same (time key, space key) blocks: time keys are days for intervals of up to a week,
months for up to two months, years beyond; space keys are grid cells (with the
neighbours that `near_km` reaches), GeoNames ids and place names. Each group is indexed
under the blocks of its own interval and places, and looked up under the blocks of its
interval widened by the allowed day gap, so every compatible pair is found and the work
grows with the number of claims, not with its square.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from marsad.fuse.rules import FuseRules
from marsad.model import Claim

_EARTH_KM = 6371.0088
_KM_PER_DEGREE = 111.195
_NOT_WORD = re.compile(r"[^\w]+")


def claim_key(claim: Claim) -> str:
    """The claim's id, or a stable one from its article, offsets, source, quote and what it
    says happened (one sentence can hold two occurrences: "overran the town in 2014 ...
    retook it in 2017")."""
    if claim.id:
        return claim.id
    source = claim.source.name if claim.source is not None else ""
    raw = "\x1f".join((claim.article_id or "", str(claim.start), str(claim.end), source or "", claim.quote or "",
                       claim.event_type or "", claim.sub_event_type or "", str(claim.date_start or ""),
                       str(claim.date_end or ""), claim.place_as_written or "", claim.actor1 or ""))
    return "c_" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]


def norm_name(text: str | None) -> str:
    """Casefolded, accents and punctuation dropped, spaces collapsed: 'Deir ez-Zor' -> 'deir ez zor'."""
    if not text:
        return ""
    return _norm_name(text)


@functools.lru_cache(maxsize=1 << 16)  # place and source names repeat across thousands of claims
def _norm_name(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", text).replace("_", " ").split())


def norm_actor(name: str | None) -> str | None:
    return " ".join(name.casefold().split()) or None if name else None


def day_span(start: dt.date | None, end: dt.date | None) -> tuple[int, int] | None:
    """(first, last) day ordinals of a claim's interval; a missing end is the start."""
    if start is None and end is None:
        return None
    a = (start or end).toordinal()
    b = (end or start).toordinal()
    return (a, b) if a <= b else (b, a)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True, slots=True)
class Loc:
    """A resolved place as fusion compares it."""

    gid: int | None
    lat: float | None
    lon: float | None
    precise: bool  # geo_precision 1
    name: str  # normalised


@dataclass(slots=True)
class Item:
    """A claim with its comparison keys, computed once."""

    claim: Claim
    key: str
    etype: str | None
    direction: str | None  # the sub-type of a change of territory: overtaken, regained, transferred
    a1: str | None
    a2: str | None
    span: tuple[int, int] | None
    loc: Loc | None
    names: frozenset[str]
    order: tuple = ()  # canonical_order, once computed


def _place_name(text: str | None, rules: FuseRules) -> str:
    name = norm_name(text)
    if not name or all(w in rules.generic_place_words for w in name.split()):
        return ""
    return name


def make_item(claim: Claim, rules: FuseRules) -> Item:
    place = claim.place
    loc = None
    names = set()
    if place is not None:
        lat, lon = place.lat, place.lon
        if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
            lat = lon = None
        name = _place_name(place.name, rules)
        if place.geonameid is not None or lat is not None or name:
            loc = Loc(place.geonameid, lat, lon, claim.geo_precision == 1, name)
        if name:
            names.add(name)
    written = _place_name(claim.place_as_written, rules)
    if written:
        names.add(written)
    return Item(
        claim=claim,
        key=claim_key(claim),
        etype=claim.event_type or None,
        direction=claim.sub_event_type if claim.sub_event_type in rules.territory_changes else None,
        a1=norm_actor(claim.actor1),
        a2=norm_actor(claim.actor2),
        span=day_span(claim.date_start, claim.date_end),
        loc=loc,
        names=frozenset(names),
    )


def canonical_order(item: Item) -> tuple:
    """Article, position in the text, then anything that tells identical positions apart."""
    if item.order:
        return item.order
    c = item.claim
    item.order = (c.article_id or "", c.start if c.start is not None else -1, c.end if c.end is not None else -1,
                  item.key, c.source.name if c.source is not None else "", c.quote or "", _content(c))
    return item.order


def _content(c: Claim) -> str:
    """Everything else a claim says, so that claims sharing an id still sort one way
    whatever the input order (claims identical in all of it are interchangeable)."""
    place = (c.place.geonameid, c.place.name, c.place.lat, c.place.lon) if c.place is not None else None
    return repr((c.source, c.verb, c.reported_by, c.event_type, c.sub_event_type, c.actor1, c.actor2,
                 c.assoc_actors, place, c.place_as_written, c.geo_precision, c.date_start, c.date_end,
                 c.time_precision, c.weapons, c.killed, c.wounded, c.captured, c.hedged))


class Cluster:
    """Claims taken to be one occurrence, with the profile every newcomer must fit."""

    __slots__ = ("items", "articles", "etype", "direction", "a1", "a2", "max_start", "min_end", "locs", "names", "cores", "index")

    def __init__(self, item: Item, index: int = 0):
        self.items = [item]
        self.articles = {item.claim.article_id}
        self.etype = item.etype
        self.direction = item.direction
        self.a1, self.a2 = item.a1, item.a2
        self.max_start, self.min_end = item.span if item.span else (None, None)
        self.locs = [item.loc] if item.loc else []
        self.names = set(item.names)
        self.cores: list[tuple[int, int]] = []  # intervals of the article groups it absorbed
        self.index = index

    def absorb(self, other: Cluster, swapped: bool) -> None:
        self.items.extend(other.items)
        self.articles |= other.articles
        self.etype = self.etype or other.etype
        self.direction = self.direction or other.direction
        b1, b2 = (other.a2, other.a1) if swapped else (other.a1, other.a2)
        self.a1, self.a2 = self.a1 or b1, self.a2 or b2
        if other.max_start is not None:
            if self.max_start is None:
                self.max_start, self.min_end = other.max_start, other.min_end
            else:
                self.max_start = max(self.max_start, other.max_start)
                self.min_end = min(self.min_end, other.min_end)
        for loc in other.locs:
            if loc not in self.locs:
                self.locs.append(loc)
        self.names |= other.names
        self.cores.extend(other.cores)


def _same(x, y, rules: FuseRules) -> bool:
    return x is None or y is None or rules.related(x, y)


def _loc_distance(p: Loc, q: Loc, rules: FuseRules) -> float | None:
    """Kilometres between two places that may be one, or None when they are distinct places."""
    if p.gid is not None and p.gid == q.gid:
        return 0.0
    if p.lat is None or q.lat is None:
        return 0.0 if p.name and p.name == q.name else None
    d = haversine_km(p.lat, p.lon, q.lat, q.lon)
    if p.precise and q.precise and p.name != q.name:
        return d if d <= rules.same_place_km else None
    return d if d <= rules.near_km else None


def fit(a: Cluster, b: Cluster, rules: FuseRules, across: bool) -> tuple[int, int, float, bool] | None:
    """(agreeing fields, day gap, km apart, actors swapped) if `b` may join `a`, else None."""
    if a.etype and b.etype and a.etype != b.etype:
        return None
    if a.direction and b.direction and a.direction != b.direction:
        return None  # a place overtaken and a place regained are two events
    agree = int(bool(a.etype and a.etype == b.etype))
    swapped = False
    if not (_same(a.a1, b.a1, rules) and _same(a.a2, b.a2, rules)):
        if (a.etype or b.etype) in rules.symmetric_event_types and _same(a.a1, b.a2, rules) \
                and _same(a.a2, b.a1, rules):
            swapped = True
        else:
            return None
    b1, b2 = (b.a2, b.a1) if swapped else (b.a1, b.a2)
    agree += int(a.a1 is not None and a.a1 == b1) + int(a.a2 is not None and a.a2 == b2)

    gap = 0
    if a.max_start is None or b.max_start is None:
        if across:
            return None
    else:
        gap = max(a.max_start - b.min_end, b.max_start - a.min_end)
        if gap > (rules.across_articles_day_gap if across else 0):
            return None
        gap = max(gap, 0)
        agree += 1

    km = 0.0
    if a.locs and b.locs:
        for p in a.locs:
            for q in b.locs:
                d = _loc_distance(p, q, rules)
                if d is None:
                    return None
                km = max(km, d)
        agree += 1
    elif across:
        if not (a.names & b.names):
            return None
        agree += 1
    return agree, gap, km, swapped


def _text_distance(cluster: Cluster, item: Item) -> int:
    c = item.claim
    start, end = c.start or 0, c.end or c.start or 0
    best = None
    for other in cluster.items:
        o = other.claim
        d = max(0, (o.start or 0) - end, start - (o.end or o.start or 0))
        best = d if best is None else min(best, d)
    return best or 0


def within_article(items: list[Item], rules: FuseRules) -> list[Cluster]:
    """Groups of one article's claims (in text order): each claim joins the group it fits best."""
    clusters: list[Cluster] = []
    for item in items:
        single = Cluster(item)
        best, best_score, best_swap = None, None, False
        for a in clusters:
            found = fit(a, single, rules, across=False)
            if found is None:
                continue
            agree, _gap, km, swapped = found
            score = (agree, -_text_distance(a, item), -km, -a.index)
            if best_score is None or score > best_score:
                best, best_score, best_swap = a, score, swapped
        if best is None:
            single.index = len(clusters)
            clusters.append(single)
        else:
            best.absorb(single, best_swap)
    for c in clusters:
        if c.max_start is not None:
            c.cores = [(c.max_start, c.min_end)]
    return clusters


# -- across articles: blocking ------------------------------------------------------------


def _months(first: int, last: int) -> Iterable[tuple]:
    d1, d2 = dt.date.fromordinal(first), dt.date.fromordinal(last)
    for m in range(d1.year * 12 + d1.month - 1, d2.year * 12 + d2.month):
        yield ("m", m)


def _years(first: int, last: int) -> Iterable[tuple]:
    for y in range(dt.date.fromordinal(first).year, dt.date.fromordinal(last).year + 1):
        yield ("y", y)


def _index_time_keys(core: tuple[int, int]) -> list[tuple]:
    first, last = core
    span = last - first + 1
    if span <= 7:
        return [("d", x) for x in range(first, last + 1)]
    if span <= 62:
        return list(_months(first, last))
    return list(_years(first, last))


def _query_time_keys(core: tuple[int, int], gap: int) -> list[tuple]:
    first, last = max(1, core[0] - gap), min(dt.date.max.toordinal(), core[1] + gap)
    return [("d", x) for x in range(first, last + 1)] + list(_months(first, last)) + list(_years(first, last))


def _cell(lat: float, lon: float, size: float) -> tuple[int, int]:
    return math.floor(lat / size), math.floor(lon / size)


def _index_space_keys(c: Cluster, rules: FuseRules) -> set[tuple]:
    keys = {("n", name) for name in c.names}
    for loc in c.locs:
        if loc.gid is not None:
            keys.add(("g", loc.gid))
        if loc.lat is not None:
            keys.add(("c",) + _cell(loc.lat, loc.lon, rules.grid_degrees))
    return keys


def _query_space_keys(c: Cluster, rules: FuseRules) -> set[tuple]:
    keys = {("n", name) for name in c.names}
    size = rules.grid_degrees
    reach_lat = math.ceil(rules.near_km / (_KM_PER_DEGREE * size))
    for loc in c.locs:
        if loc.gid is not None:
            keys.add(("g", loc.gid))
        if loc.lat is None:
            continue
        ci, cj = _cell(loc.lat, loc.lon, size)
        # Near the poles a degree of longitude shrinks: reach more cells east and west.
        cos = max(math.cos(math.radians(min(abs(loc.lat) + reach_lat * size, 89.0))), 1e-6)
        reach_lon = min(math.ceil(rules.near_km / (_KM_PER_DEGREE * cos * size)), math.ceil(180 / size))
        for i in range(ci - reach_lat, ci + reach_lat + 1):
            for j in range(cj - reach_lon, cj + reach_lon + 1):
                keys.add(("c", i, j))
    return keys


def _fusable(c: Cluster, rules: FuseRules) -> bool:
    """A group may meet other articles' groups only with a date and a place (DESIGN §5)."""
    if c.max_start is None or not (c.locs or c.names):
        return False
    return c.min_end - c.max_start + 1 <= rules.max_across_span_days


def across_articles(clusters: list[Cluster], rules: FuseRules) -> list[Cluster]:
    """Merge the article groups that report one occurrence from different articles."""
    index: dict[tuple, list[Cluster]] = {}
    out: list[Cluster] = []

    def add(target: Cluster, source: Cluster) -> None:
        space = _index_space_keys(source, rules)
        for core in source.cores:
            for tk in _index_time_keys(core):
                for sk in space:
                    bucket = index.setdefault((tk, sk), [])
                    if not bucket or bucket[-1] is not target:
                        bucket.append(target)

    def order(c: Cluster) -> tuple:
        return (c.max_start if c.max_start is not None else math.inf, canonical_order(c.items[0]))

    for b in sorted(clusters, key=order):
        if not _fusable(b, rules):
            out.append(b)
            continue
        candidates: dict[int, Cluster] = {}
        space = _query_space_keys(b, rules)
        for core in b.cores:
            for tk in _query_time_keys(core, rules.across_articles_day_gap):
                for sk in space:
                    for a in index.get((tk, sk), ()):
                        candidates[a.index] = a
        best, best_score, best_swap = None, None, False
        for a in candidates.values():
            if not a.articles.isdisjoint(b.articles):
                continue
            found = fit(a, b, rules, across=True)
            if found is None:
                continue
            agree, gap, km, swapped = found
            score = (agree, -gap, -km, -a.index)
            if best_score is None or score > best_score:
                best, best_score, best_swap = a, score, swapped
        if best is None:
            b.index = len(out)
            out.append(b)
            add(b, b)
        else:
            best.absorb(b, best_swap)
            add(best, b)
    return out


def cluster_claims(claims: list[Claim], rules: FuseRules, across: bool = True) -> list[list[Item]]:
    """Groups of claims (as Items, in canonical order), one group per event."""
    items = sorted((make_item(c, rules) for c in claims), key=canonical_order)
    groups: list[Cluster] = []
    start = 0
    for i in range(1, len(items) + 1):
        if i == len(items) or items[i].claim.article_id != items[start].claim.article_id:
            groups.extend(within_article(items[start:i], rules))
            start = i
    if across:
        groups = across_articles(groups, rules)
    return [sorted(g.items, key=canonical_order) for g in groups]
