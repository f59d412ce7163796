"""One event from a group of claims: reconciled figures, status, date, place, type, actors, notes.

The rules are described in the docstring of marsad.fuse; their constants live in
data/reconcile.yaml (FuseRules).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass

from marsad.fuse.cluster import Item, claim_key, norm_actor, norm_name
from marsad.fuse.rules import FuseRules
from marsad.model import UNKNOWN_OUTLET, Claim, Event, Place, Range

_PRECISIONS = ("day", "week", "month", "year")


# -- figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One claim's figure for one count: low (None for "up to N"), high (None when open)."""

    low: int | None
    high: int | None


def claim_figure(claim: Claim, which: str, rules: FuseRules) -> Figure | None:
    """The claim's killed or wounded figure; 0 when its quote says nobody was; None when it has none.

    A denial without a figure is no figure ("the army denied the attack"), unless its
    words say there were no casualties.
    """
    r: Range = getattr(claim, which) or Range()
    if r.low is not None or r.high is not None:
        low = r.low if r.low is None or r.low >= 0 else None
        high = r.high if r.high is None or r.high >= 0 else None
        if low is not None or high is not None:
            return Figure(low, high)
        return None
    quote = claim.quote or ""
    if rules.no_casualties is not None and rules.no_casualties.search(quote):
        return Figure(0, 0)
    if which == "killed" and rules.no_deaths is not None and rules.no_deaths.search(quote):
        return Figure(0, 0)
    return None


def figures_agree(a: Figure, b: Figure, rules: FuseRules) -> bool:
    """Within the factor or the slack, or overlapping closed ranges; zero never agrees with a toll."""
    if a.low is None or b.low is None:
        return True
    if (a.low == 0) != (b.low == 0):
        return False
    lo, hi = sorted((a.low, b.low))
    if hi - lo <= rules.agree_slack or hi <= rules.agree_factor * lo:
        return True
    return a.high is not None and b.high is not None and a.low <= b.high and b.low <= a.high


@dataclass(frozen=True)
class Claimant:
    """Who stands behind a claim, for counting independent voices."""

    key: str
    side: str | None  # the affiliation, normalised
    tier: int

    def independent_of(self, other: Claimant) -> bool:
        if self.key == other.key:
            return False
        if self.side is not None and self.side in (other.side, other.key):
            return False
        return other.side is None or other.side != self.key


def claimant(claim: Claim, rules: FuseRules) -> Claimant:
    """Named sources count once however many outlets quote them; unnamed local voices
    ("residents", "a medic") are a different person in each outlet."""
    source = claim.source
    name = norm_name(source.name if source else None) or "unknown source"
    kind = source.kind if source else None
    if kind == "local_source":
        name = f"{name} @ {norm_name(claim.reported_by) or claim.article_id}"
    elif name == _UNKNOWN_OUTLET:  # outlets nobody named are not one outlet
        name = f"{name} @ {claim.article_id}"
    side = norm_name(source.affiliation) if source and source.affiliation else None
    return Claimant(name, side or None, rules.tier(kind))


_UNKNOWN_OUTLET = norm_name(UNKNOWN_OUTLET)


def _lower_median(values: list[int]) -> int:
    values = sorted(values)
    return values[(len(values) - 1) // 2]


def reconcile_figures(claims: list[Claim], which: str, rules: FuseRules,
                      voices: list[Claimant]) -> tuple[int | None, int | None, int | None, bool]:
    """(low, best, high, disagree) for `which` ("killed" or "wounded") over the claims."""
    figures = [(claim_figure(c, which, rules), c, v) for c, v in zip(claims, voices)]
    figures = [(f, c, v) for f, c, v in figures if f is not None]
    if not figures:
        return None, None, None, False
    high_values = [f.high if f.high is not None else f.low for f, _, _ in figures]
    high = max((h for h in high_values if h is not None), default=None)
    with_low = [(f, c, v) for f, c, v in figures if f.low is not None]
    credible = [t for t in with_low if not t[1].hedged] or with_low
    if not credible:
        return None, None, high, False
    low = min(f.low for f, _, _ in credible)

    def one_per_voice(items) -> list[tuple[Figure, Claimant]]:
        """One figure per claimant: the largest low it gives (tolls rise as reports come in)."""
        per_voice: dict[str, tuple[Figure, Claimant]] = {}
        for f, _, v in items:
            held = per_voice.get(v.key)
            if held is None or f.low > held[0].low:
                per_voice[v.key] = (f, v)
        return list(per_voice.values())

    voiced = one_per_voice(credible)

    def corroborated(f: Figure, v: Claimant) -> bool:
        return any(v.independent_of(w) and figures_agree(f, g, rules) for g, w in voiced if w is not v)

    top = min(v.tier for _, v in voiced)
    tier = [(f, v) for f, v in voiced if v.tier == top]
    chosen = [f.low for f, v in tier if corroborated(f, v)] or [f.low for f, _ in tier]
    best = _lower_median(chosen)

    # A hedged claim ("the group claimed 40") is no credible figure, yet it disagrees.
    every = one_per_voice(with_low)
    if len(every) <= 64:
        disagree = any(not figures_agree(f, g, rules) for i, (f, _) in enumerate(every) for g, _ in every[i + 1:])
    else:  # the extremes disagree most; enough for huge events
        ordered = sorted(every, key=lambda t: t[0].low)
        disagree = not figures_agree(ordered[0][0], ordered[-1][0], rules)
    if high is not None and high < low:
        high = low
    return low, best, high, disagree


# -- the other fields -------------------------------------------------------------------


def _vote(values: list[str | None]) -> tuple[Counter, dict[str, str], dict[str, int]]:
    """Counts by normalised value, the first spelling of each, and its first position."""
    counts: Counter = Counter()
    spelling: dict[str, str] = {}
    first: dict[str, int] = {}
    for i, value in enumerate(values):
        key = norm_actor(value)
        if key is None:
            continue
        counts[key] += 1
        spelling.setdefault(key, value)
        first.setdefault(key, i)
    return counts, spelling, first


def _majority(values: list[str | None], exclude: set[str] = frozenset()) -> str | None:
    counts, spelling, first = _vote(values)
    keys = [k for k in counts if k not in exclude]
    if not keys:
        return None
    return spelling[min(keys, key=lambda k: (-counts[k], first[k]))]


def event_type(claims: list[Claim], rules: FuseRules) -> tuple[str | None, str | None]:
    """Majority type; on a tie the type with a more specific sub-type, then the first named."""
    types = [c.event_type for c in claims if c.event_type]
    if not types:
        return None, None
    counts = Counter(types)

    def specific(t: str) -> bool:
        return any(c.sub_event_type and c.sub_event_type not in rules.generic_sub_types
                   for c in claims if c.event_type == t)

    etype = min(counts, key=lambda t: (-counts[t], not specific(t), types.index(t)))
    subs = [c.sub_event_type for c in claims if c.event_type == etype and c.sub_event_type]
    if not subs:
        return etype, None
    sub_counts = Counter(subs)
    sub = min(sub_counts, key=lambda s: (-sub_counts[s], s in rules.generic_sub_types, subs.index(s)))
    return etype, sub


def event_actors(claims: list[Claim]) -> tuple[str | None, str | None, list[str]]:
    actor1 = _majority([c.actor1 for c in claims])
    taken = {norm_actor(actor1)} if actor1 else set()
    actor2 = _majority([c.actor2 for c in claims], exclude=taken)
    if actor2 is None and actor1 is not None:
        # Claims that named the sides the other way round (a clash told from each side).
        actor2 = _majority([c.actor1 for c in claims], exclude=taken)
    if actor2:
        taken.add(norm_actor(actor2))
    assoc, seen = [], set(taken)
    for c in claims:
        for name in c.assoc_actors or []:
            key = norm_actor(name)
            if key and key not in seen:
                seen.add(key)
                assoc.append(name)
    return actor1, actor2, assoc


def _precision_of(first: int, last: int) -> str:
    span = last - first + 1
    return "day" if span <= 1 else "week" if span <= 7 else "month" if span <= 31 else "year"


def event_date(items: list[Item]) -> tuple[dt.date | None, dt.date | None, str | None]:
    """The narrowest interval all claims share; with none shared (reports a day apart),
    the narrowest claimed one, the most claimed, then the earliest."""
    dated = [(it.span, it.claim.time_precision) for it in items if it.span]
    if not dated:
        return None, None, None
    first = max(s[0] for s, _ in dated)
    last = min(s[1] for s, _ in dated)
    if first <= last:
        precisions = [p for s, p in dated if s == (first, last) and p in _PRECISIONS]
        precision = min(precisions, key=_PRECISIONS.index) if precisions else _precision_of(first, last)
    else:
        counts = Counter(s for s, _ in dated)
        (first, last) = min(counts, key=lambda s: (s[1] - s[0], -counts[s], s[0]))
        precisions = [p for s, p in dated if s == (first, last) and p in _PRECISIONS]
        precision = min(precisions, key=_PRECISIONS.index) if precisions else _precision_of(first, last)
    return dt.date.fromordinal(first), dt.date.fromordinal(last), precision


def _place_key(place: Place) -> tuple:
    if place.geonameid is not None:
        return ("g", place.geonameid)
    if place.lat is not None and place.lon is not None:
        return ("c", round(place.lat, 4), round(place.lon, 4), norm_name(place.name))
    return ("n", norm_name(place.name))


def event_place(claims: list[Claim]) -> tuple[Place | None, str | None, int | None]:
    """The place of the best (lowest) geo precision; ties to the most claimed, then the first."""
    placed = [c for c in claims if c.place is not None]
    if not placed:
        written = _majority([c.place_as_written for c in claims])
        return None, written, None
    counts = Counter(_place_key(c.place) for c in placed)

    def rank(i_c):
        i, c = i_c
        return (c.geo_precision if c.geo_precision in (1, 2, 3) else 4, -counts[_place_key(c.place)], i)

    _, chosen = min(enumerate(placed), key=rank)
    return chosen.place, chosen.place_as_written, chosen.geo_precision


def _unique(values, key=lambda v: v.casefold()) -> list:
    out, seen = [], set()
    for v in values:
        if v and key(v) not in seen:
            seen.add(key(v))
            out.append(v)
    return out


# -- notes ------------------------------------------------------------------------------

_SUB_PHRASES = {
    "Armed clash": ("attacked", "clashed"),
    "Government regains territory": ("regained territory from", "regained territory"),
    "Non-state actor overtakes territory": ("took territory from", "took territory"),
    "Non-violent transfer of territory": ("took over territory from", "took over territory"),
    "Air/drone strike": ("carried out an air/drone strike on", "carried out an air/drone strike"),
    "Suicide bomb": ("carried out a suicide bombing against", "carried out a suicide bombing"),
    "Shelling/artillery/missile attack": ("shelled", "carried out shelling"),
    "Remote explosive/landmine/IED": ("hit with an explosive device", "set off an explosive device"),
    "Grenade": ("threw a grenade at", "threw a grenade"),
    "Chemical weapon": ("used a chemical weapon against", "used a chemical weapon"),
    "Abduction/forced disappearance": ("abducted", "abducted people"),
    "Sexual violence": ("committed sexual violence against", "committed sexual violence"),
    "Attack": ("attacked", "attacked civilians"),
    "Arrests": ("arrested", "made arrests"),
    "Looting/property destruction": ("looted or destroyed property of", "looted or destroyed property"),
}


def _when(start: dt.date | None, end: dt.date | None, precision: str | None) -> str | None:
    if start is None:
        return None
    day = f"{start.day} {start:%B %Y}"
    if precision == "day" or start == end:
        return f"On {day}"
    if precision == "month":
        return f"In {start:%B %Y}"
    if precision == "year":
        return f"In {start.year}"
    return f"Between {day} and {end.day} {end:%B %Y}"


def _count(low: int | None, high: int | None, word: str) -> str | None:
    if low is None and high is None:
        return None
    if low is None:
        return f"up to {high} {word}"
    if high is None:
        return f"at least {low} {word}"
    if low == high:
        return f"{low} {word}"
    return f"{low}\u2013{high} {word}"


def event_notes(event: Event) -> str:
    """One plain line: 'On 2 April 2020, Islamic State attacked Syrian forces near Deir ez-Zor; 19–40 killed (contested).'"""
    with_other, alone = _SUB_PHRASES.get(event.sub_event_type or "", ("attacked", "acted"))
    if event.actor1 and event.actor2:
        what = f"{event.actor1} {with_other} {event.actor2}"
    elif event.actor1:
        what = f"{event.actor1} {alone}"
    else:
        noun = (event.sub_event_type or event.event_type or "event").lower()
        what = f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"
        if event.actor2:
            what += f" involving {event.actor2}"
    where = event.place.name if event.place is not None else event.place_as_written
    if where:
        what += f" {'near' if event.geo_precision == 2 else 'in'} {where}"
    when = _when(event.date_start, event.date_end, event.time_precision)
    line = f"{when}, {what}" if when else what[0].upper() + what[1:]
    counts = [c for c in (_count(event.fatalities_low, event.fatalities_high, "killed"),
                          _count(event.wounded_low, event.wounded_high, "wounded")) if c]
    if counts:
        line += "; " + ", ".join(counts)
    return f"{line} ({event.status.replace('_', ' ')})."


# -- the event --------------------------------------------------------------------------


def event_id(items: list[Item]) -> str:
    """The id of the group's anchor claim, the one whose key sorts first, hashed."""
    anchor = min(it.key for it in items)
    return "ev_" + hashlib.sha256(anchor.encode("utf-8")).hexdigest()[:16]


def build_event(items: list[Item], rules: FuseRules) -> Event:
    """The event of a group of claims (already in canonical order)."""
    claims = [it.claim for it in items]
    voices = [claimant(c, rules) for c in claims]
    k_low, k_best, k_high, k_disagree = reconcile_figures(claims, "killed", rules, voices)
    w_low, w_best, w_high, w_disagree = reconcile_figures(claims, "wounded", rules, voices)

    denied = any((c.verb or "").casefold() in rules.denial_verbs for c in claims)
    distinct = {v.key: v for v in voices}.values()
    independent = any(a.independent_of(b) for a in distinct for b in distinct if a is not b)
    if denied or k_disagree or w_disagree:
        status = "contested"
    elif independent:
        status = "corroborated"
    else:
        status = "single_source"

    etype, sub = event_type(claims, rules)
    actor1, actor2, assoc = event_actors(claims)
    place, as_written, geo_precision = event_place(claims)
    start, end, precision = event_date(items)
    extractors = sorted({c.extractor for c in claims if c.extractor})
    event = Event(
        id=event_id(items),
        claims=claims,
        event_type=etype,
        sub_event_type=sub,
        actor1=actor1,
        actor2=actor2,
        assoc_actors=assoc,
        place=place,
        place_as_written=as_written,
        geo_precision=geo_precision,
        date_start=start,
        date_end=end,
        time_precision=precision,
        fatalities_low=k_low,
        fatalities_best=k_best,
        fatalities_high=k_high,
        wounded_low=w_low,
        wounded_best=w_best,
        wounded_high=w_high,
        weapons=_unique(w for c in claims for w in (c.weapons or [])),
        status=status,
        extractor=",".join(extractors) if extractors else None,
    )
    event.notes = event_notes(event)
    return event


def figure_sources(event: Event) -> dict[str, dict[str, list[str]]]:
    """Which claims give each reconciled figure: {"fatalities": {"low": [claim ids], "best":
    [...], "high": [...]}, "wounded": {...}}; a figure is given by a claim whose range starts
    or ends at it (every low, best and high is some claim's figure, DESIGN §7)."""
    out: dict[str, dict[str, list[str]]] = {}
    for name, which in (("fatalities", "killed"), ("wounded", "wounded")):
        values = {"low": getattr(event, f"{name}_low"), "best": getattr(event, f"{name}_best"),
                  "high": getattr(event, f"{name}_high")}
        out[name] = {
            key: [claim_key(c) for c in event.claims
                  if value is not None and value in (getattr(c, which).low, getattr(c, which).high)]
            for key, value in values.items()
        }
    return out
