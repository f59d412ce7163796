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
from marsad.annotate.actors import ActorIndex, load_actors
from marsad.annotate.sources import SourceIndex, load_sources
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
    article_id: str
    countries: list[str]
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[PlaceAlias] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "article_id": self.article_id,
            "countries": self.countries,
            "mentions": [
                {"start": m.start, "end": m.end, "text": m.text, "kind": m.kind, "resolved": m.resolved,
                 "evidence": m.evidence}
                for m in self.mentions
            ],
            "aliases": [
                {"alias": a.alias, "place": a.place_name, "country_code": a.country_code,
                 "valid_from": a.valid_from.isoformat() if a.valid_from else None, "evidence": a.evidence}
                for a in self.aliases
            ],
        }


def annotate(article: Article, annotators: Annotators, learn: bool = False) -> Annotation:
    """Every mention in the article's text; with `learn`, aliases it teaches go into the gazetteer."""
    from marsad.annotate.aliases import find_aliases
    from marsad.annotate.dates import find_dates
    from marsad.annotate.places import detect_countries, find_places
    from marsad.annotate.quantities import find_quantities
    from marsad.annotate.weapons import find_weapons

    text = article.text
    gaz = annotators.gazetteer
    # Named groups are not places ("the Hamra Brigade", "Taliban"): their spans are kept out.
    named = [a for a in annotators.actors.find(text, detect_countries(text, gaz)) if a.actor and not a.descriptive]
    places = find_places(text, gaz, exclude=[(a.start, a.end) for a in named])
    aliases = find_aliases(text, places, gaz, published=article.published, article_id=article.id)
    if learn:
        by_name = {p.place.name: p.place for p in places.places if p.place}
        for alias in aliases:
            gaz.add_alias(alias, by_name[alias.place_name])
    mentions = [p.to_mention() for p in places.places]
    mentions += [a.to_mention() for a in annotators.actors.find(text, places.countries)]
    mentions += [s.to_mention() for s in annotators.sources.find(text)]
    mentions += [d.to_mention() for d in find_dates(text, article.published)]
    mentions += [q.to_mention() for q in find_quantities(text)]
    mentions += [w.to_mention() for w in find_weapons(text)]
    mentions.sort(key=lambda m: (m.start, -m.end))
    return Annotation(article_id=article.id, countries=places.countries, mentions=mentions, aliases=aliases)
