"""The data model of marsad (DESIGN §3) as plain dataclasses.

Every pipeline stage takes and returns these. They carry no behaviour beyond
small conveniences, hold no resources, and do no work at import time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

SOURCE_KINDS = (
    "perpetrator_media",
    "state_media",
    "partisan_media",
    "monitor",
    "independent_media",
    "wire",
    "official",
    "ngo",
    "local_source",
    "social_media",
)
# The claimant of an unattributed claim in an article whose outlet nobody named (DESIGN §6's
# wording); such outlets are told apart by article when counting independent sources.
UNKNOWN_OUTLET = "the article's outlet"
TimePrecision = Literal["day", "week", "month", "year"]


@dataclass
class Article:
    """One report, after cleaning. `id` is the hash of its normalised text."""

    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: dt.date | None = None
    language: str | None = None
    raw_hash: str | None = None
    origin: str | None = None  # where it came from: "path", "path:line 3", "feed item 2"
    ingested_at: dt.datetime | None = None
    # Where it was filed, from a wire dateline ("BAMAKO (Reuters) -" -> "Bamako"): context, not an event's place.
    filed_from: str | None = None
    # What the reading of this input told its user ("3 bytes that are not UTF-8 replaced ..."):
    # said once, when it is read; not stored.
    notes: list[str] = field(default_factory=list, compare=False)

    def as_dict(self) -> dict:
        """The public JSON shape of an article (`marsad article ID --format json`)."""
        return {
            "id": self.id,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "origin": self.origin,
            "filed_from": self.filed_from,
            "ingested_at": self.ingested_at.isoformat() if self.ingested_at else None,
            "text": self.text,
        }


@dataclass
class Source:
    """Who makes claims: an outlet, agency, monitor, official or unnamed local source."""

    name: str
    kind: str | None = None  # one of SOURCE_KINDS, None when not known
    affiliation: str | None = None  # an actor's canonical name, where one exists


@dataclass
class Range:
    """A figure as a range: "at least 12" is Range(12, None); unknown is Range(None, None)."""

    low: int | None = None
    high: int | None = None

    def as_dict(self) -> dict:
        return {"low": self.low, "high": self.high}


@dataclass
class Mention:
    """A span of cleaned text recognised as something, with what it resolved to and why."""

    start: int
    end: int
    text: str
    kind: Literal["place", "actor", "source", "weapon", "quantity", "date", "trigger"]
    resolved: dict = field(default_factory=dict)
    evidence: str = ""  # rule or model name and version, e.g. "gazetteer.v1"


@dataclass
class Place:
    """A gazetteer entry; `geonameid` is None for places known only from text or a user's file."""

    name: str
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    alternate_names: list[str] = field(default_factory=list)
    feature_class: str | None = None
    feature_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country_code: str | None = None
    population: int | None = None


@dataclass
class PlaceAlias:
    """A name for a place learned from text, valid in a country and, optionally, a period."""

    alias: str
    place_name: str
    country_code: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    evidence: str = ""  # the sentence that taught it
    article_id: str | None = None
    place: Place | None = None  # the gazetteer place it names (place_name is its name)
    rule: str = ""  # the rule that learned it ("aliases.v2:renamed")


@dataclass
class Actor:
    """An armed group, state force, militia or civilian group, from the editable actors file."""

    name: str
    kind: str | None = None  # ACLED actor kind: state_forces, rebel_group, ...
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    parent: str | None = None
    operates_in: list[str] = field(default_factory=list)  # a transnational actor's theatres (ISO2)


@dataclass
class Claim:
    """One source's assertion, in one article, about one occurrence."""

    article_id: str
    quote: str
    start: int
    end: int
    source: Source
    verb: str | None = None  # claimed | reported | announced | denied | said
    reported_by: str | None = None  # the article's outlet
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    assoc_actors: list[str] = field(default_factory=list)
    place: Place | None = None
    place_as_written: str | None = None
    geo_precision: int | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    time_precision: TimePrecision | None = None
    weapons: list[str] = field(default_factory=list)
    killed: Range = field(default_factory=Range)
    wounded: Range = field(default_factory=Range)
    captured: Range = field(default_factory=Range)
    hedged: bool = False
    evidence: dict = field(default_factory=dict)  # field -> rule/model name, version, span
    extractor: str | None = None
    id: str | None = None


@dataclass
class Event:
    """A cluster of claims about the same real occurrence, with reconciled fields."""

    id: str
    claims: list[Claim]
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    assoc_actors: list[str] = field(default_factory=list)
    place: Place | None = None
    place_as_written: str | None = None
    geo_precision: int | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    time_precision: TimePrecision | None = None
    fatalities_low: int | None = None
    fatalities_best: int | None = None
    fatalities_high: int | None = None
    wounded_low: int | None = None
    wounded_best: int | None = None
    wounded_high: int | None = None
    weapons: list[str] = field(default_factory=list)
    status: Literal["single_source", "corroborated", "contested"] = "single_source"
    notes: str = ""
    extractor: str | None = None


@dataclass
class ControlPeriod:
    """Who held a place from when to when (`until` None = open-ended), and the claims behind it."""

    place: Place
    actor: str
    since: dt.date | None
    until: dt.date | None = None
    claim_ids: list[str] = field(default_factory=list)
