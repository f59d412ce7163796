"""Annotate: sentences and mentions recognised in cleaned text.

    annotators = load_annotators(open_gazetteer())       # resources, loaded once by the caller
    result = annotate(article, annotators)               # -> Annotation(mentions=[...], aliases=[...])

Each recogniser is a module of its own (places, aliases, ...) with a plain function
over text; this module only runs them in order and collects their mentions, sorted
by offset. Every mention carries its span, what it resolved to and the rule that
made it (its evidence).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from marsad.annotate.actors import ActorIndex, ActorMention, load_actors, tokenize
from marsad.annotate.aliases import find_aliases
from marsad.annotate.dates import DateExpr, find_dates
from marsad.annotate.places import PlaceMention, detect_countries, find_places
from marsad.annotate.quantities import Quantity, find_quantities
from marsad.annotate.sources import SourceIndex, SourceMention, load_sources
from marsad.annotate.weapons import WeaponMention, find_weapons
from marsad.model import Article, Mention, PlaceAlias
from marsad.resolve.gazetteer import Gazetteer


@dataclass
class Annotators:
    """The resources annotation needs, loaded once and passed in."""

    gazetteer: Gazetteer
    actors: ActorIndex
    sources: SourceIndex


def load_annotators(gazetteer: Gazetteer) -> Annotators:
    """Annotators over `gazetteer`, with the packaged actors and sources files."""
    return Annotators(gazetteer=gazetteer, actors=load_actors(), sources=load_sources())


@dataclass
class Annotation:
    """What annotate found in one article: typed findings per recogniser, and all as mentions."""

    article_id: str
    countries: list[str]
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[PlaceAlias] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    filed_from: PlaceMention | None = None  # the dateline's place: where the report was filed
    actors: list[ActorMention] = field(default_factory=list)
    sources: list[SourceMention] = field(default_factory=list)
    dates: list[DateExpr] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    weapons: list[WeaponMention] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "article_id": self.article_id,
            "countries": self.countries,
            "filed_from": self.filed_from.resolution.as_dict() if self.filed_from else None,
            "mentions": [
                {"start": m.start, "end": m.end, "text": m.text, "kind": m.kind, "resolved": m.resolved,
                 "evidence": m.evidence}
                for m in self.mentions
            ],
            "aliases": [
                {"alias": a.alias, "place": a.place_name, "country_code": a.country_code,
                 "valid_from": a.valid_from.isoformat() if a.valid_from else None, "evidence": a.evidence,
                 "rule": a.rule}
                for a in self.aliases
            ],
        }


def annotate(article: Article, annotators: Annotators, learn: bool = False) -> Annotation:
    """Every mention in the article's text; with `learn`, aliases it teaches go into the gazetteer."""
    text = article.text
    gaz = annotators.gazetteer
    # Named groups are not places ("the Hamra Brigade", "Taliban"): their spans are kept out.
    named_countries = detect_countries(text, gaz)
    tokens = tokenize(text)
    # A group named with a noun ("Boko Haram fighters") is kept out too; a force named after a place
    # ("Aleppo police", descriptive and a state's) is not: its place is one.
    named = [a for a in annotators.actors.find(text, named_countries, tokens)
             if a.actor and (not a.descriptive or a.kind not in (None, "state_forces", "civilians"))]
    # The groups and forces a text names say where it is, weakly ("Ambazonian separatists": Cameroon;
    # Boko Haram: one of the Lake Chad countries).
    known = [annotators.actors.actors[a.actor] for a in named if a.actor in annotators.actors.actors]
    homes = sorted({x.country for x in known if x.country})
    theatres = sorted({cc for x in known if not x.country for cc in x.operates_in} - set(homes))
    places = find_places(text, gaz, exclude=[(a.start, a.end) for a in named], named=named_countries,
                         actor_countries=homes, actor_theatres=theatres)
    aliases = find_aliases(text, places, gaz, published=article.published, article_id=article.id)
    if learn:
        for alias in aliases:
            gaz.add_alias(alias, alias.place)
    actors = annotators.actors.find(text, places.countries, tokens)
    sources = annotators.sources.find(text, tokens)
    dates = find_dates(text, article.published)
    quantities = find_quantities(text)
    weapons = find_weapons(text)
    filed = [places.filed_from] if places.filed_from else []
    mentions = [x.to_mention() for group in (filed, places.places, actors, sources, dates, quantities, weapons)
                for x in group]
    mentions.sort(key=lambda m: (m.start, -m.end))
    return Annotation(
        article_id=article.id, countries=places.countries, mentions=mentions, aliases=aliases,
        places=places.places, filed_from=places.filed_from, actors=actors, sources=sources, dates=dates, quantities=quantities, weapons=weapons,
    )
