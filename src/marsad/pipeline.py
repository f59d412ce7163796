"""The one place that runs the stages in order:

    ingest -> clean -> annotate -> extract claims -> fuse -> store

`ingest_paths` reads, cleans and stores articles; `extract_paths` runs the whole
path to events without a database. Every stage stays a plain function importable
on its own.

Place names that articles teach ("which the group calls Wilayat al-Khayr") are learned
during ingest: stored with the article that taught them, and used, in their country, by
the articles after it in the same run and in later runs (`use_learned_aliases`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from marsad.annotate import Annotators, annotate
from marsad.extract import DEFAULT_EXTRACTOR, extract_claims
from marsad.fuse import fuse_claims
from marsad.ingest import AlreadyStored, Draft, IngestOptions, UnreadableInput, finish, read_articles, read_drafts
from marsad.ingest.inputs import unexpected
from marsad.model import Article, Claim, Event, PlaceAlias
from marsad.resolve.gazetteer import Gazetteer
from marsad.store import Store


@dataclass
class IngestSummary:
    ingested: list[str] = field(default_factory=list)  # article ids
    unchanged: list[str] = field(default_factory=list)
    refused: list[UnreadableInput] = field(default_factory=list)
    claims: int | None = None  # claims extracted from the new articles (None: no extraction)
    aliases: int | None = None  # place names the new articles taught, new to the store (None: no extraction)

    @property
    def ok(self) -> bool:
        return not self.refused

    def line(self) -> str:
        line = f"{len(self.ingested)} ingested, {len(self.unchanged)} unchanged, {len(self.refused)} refused"
        line += f"; {self.claims} claims extracted" if self.claims is not None else ""
        return line + (f"; {self.aliases} place name{'s' * (self.aliases != 1)} learned" if self.aliases else "")


def ingest_paths(
    paths: list[str],
    store: Store,
    options: IngestOptions,
    *,
    annotators: Annotators | None = None,
    extractor: str = DEFAULT_EXTRACTOR,
    commit_every: int = 200,
    on_item: Callable[[Article | UnreadableInput | AlreadyStored, bool | None], None] | None = None,
    drafts_in: Iterable[Draft | UnreadableInput] | None = None,
) -> IngestSummary:
    """Read, clean and store every article in `paths` (or the drafts already read, `drafts_in`:
    an upload); a bad input never stops the batch.

    With `annotators`, each new article is also annotated and its claims extracted, and
    the claims are stored and fused into events with the article, in its transaction
    (marsad.store.events); control periods follow. A stored article that was never
    extracted (stored by an older marsad, or with --no-extract) is extracted when met again.

    Articles are written `commit_every` at a time, each batch in one transaction: an
    article is stored whole or not at all, a kill loses at most the open batch, and
    running the same command again writes exactly what is missing. Inputs whose exact
    bytes were stored before are counted unchanged without being cleaned again (not
    with --title, which changes how a plain text splits into title and body).

    With extraction, the place names the store learned before are used from the start, and
    those each new article teaches are stored with it and used by the articles after it.
    """
    summary = IngestSummary(claims=0 if annotators is not None else None,
                            aliases=0 if annotators is not None else None)
    if annotators is not None:
        use_learned_aliases(annotators.gazetteer, store.place_aliases())
    drafts: list[Draft] = []

    def note(item: Article | UnreadableInput | AlreadyStored, new: bool | None) -> None:
        if on_item:
            on_item(item, new)

    def flush() -> None:
        # Inputs whose bytes are already stored need no cleaning: one query per batch says which.
        known = store.articles_for_raw_hashes(d.raw_hash for d in drafts) if options.title is None else {}
        if annotators is not None:  # stored without extraction (an older marsad, --no-extract): extract now
            state = store.extraction_state(known.values())
            known = {h: aid for h, aid in known.items() if state.get(aid) is not None}
        articles: list[Article] = []
        for d in drafts:
            if d.raw_hash in known:
                summary.unchanged.append(known[d.raw_hash])
                note(AlreadyStored(d.origin, known[d.raw_hash]), False)
                continue
            item = finish(d, options)
            if isinstance(item, UnreadableInput):
                summary.refused.append(item)
                note(item, None)
            else:
                articles.append(item)
        claims: dict[str, list[Claim]] | None = None
        aliases: dict[str, list[PlaceAlias]] = {}
        if annotators is not None and articles:
            state = store.extraction_state(a.id for a in articles)
            claims = {}
            failed: set[str] = set()
            for a in articles:
                if state.get(a.id) is None and a.id not in claims and a.id not in failed:
                    found = extract_article(a, annotators, extractor)
                    if isinstance(found, UnreadableInput):
                        failed.add(a.id)
                        summary.refused.append(found)
                        note(found, None)
                    else:
                        claims[a.id], aliases[a.id] = found.claims, found.aliases
                        # The articles after this one use what it taught.
                        summary.aliases += use_learned_aliases(annotators.gazetteer, found.aliases)
            articles = [a for a in articles if a.id not in failed]
        counted: set[str] = set()
        added = store.add_articles(articles, claims, extractor=extractor, aliases=aliases)
        for article, new in zip(articles, added, strict=True):
            (summary.ingested if new else summary.unchanged).append(article.id)
            if claims is not None and article.id not in counted:
                counted.add(article.id)
                summary.claims += len(claims.get(article.id, []))
            note(article, new)
        drafts.clear()

    for item in drafts_in if drafts_in is not None else read_drafts(paths, options):
        if isinstance(item, UnreadableInput):
            summary.refused.append(item)
            note(item, None)
            continue
        drafts.append(item)
        if len(drafts) >= commit_every:
            flush()
    flush()
    return summary


@dataclass
class Extracted:
    """What one article yields: its claims, and the place names it teaches."""

    claims: list[Claim]
    aliases: list[PlaceAlias]


def extract_article(article: Article, annotators: Annotators, extractor: str = DEFAULT_EXTRACTOR,
                    ) -> Extracted | UnreadableInput:
    """The claims and taught place names of one article, or its refusal if annotating or
    extracting it fails: one article's failure is reported by name and never stops the batch."""
    try:
        annotation = annotate(article, annotators)
        return Extracted(extract_claims(article, annotation, extractor), annotation.aliases)
    except Exception as exc:  # noqa: BLE001 - the batch goes on; the user gets the input and the error
        return unexpected(article.origin or article.id, exc, "extraction")


def claims_of(article: Article, annotators: Annotators, extractor: str = DEFAULT_EXTRACTOR) -> list[Claim] | UnreadableInput:
    """The claims of one article, or its refusal (`extract_article`)."""
    found = extract_article(article, annotators, extractor)
    return found if isinstance(found, UnreadableInput) else found.claims


def use_learned_aliases(gazetteer: Gazetteer, aliases: Iterable[PlaceAlias]) -> int:
    """Let the gazetteer's lookups use place names learned from text (a store's, or an article's
    just now), each in its country, without writing the gazetteer file; how many were new to it."""
    return sum(gazetteer.use_alias(a, a.place) for a in aliases if a.place is not None)


@dataclass
class Extraction:
    events: list[Event] = field(default_factory=list)
    articles: int = 0
    refused: list[UnreadableInput] = field(default_factory=list)


def extract_paths(
    paths: list[str],
    options: IngestOptions,
    annotators: Annotators,
    *,
    separately: bool = False,
    on_item: Callable[[Article | UnreadableInput], None] | None = None,
) -> Extraction:
    """Events from the articles in `paths`, without a database: read -> clean -> annotate ->
    extract claims -> fuse (across all the inputs, or each article alone with `separately`)."""
    result = Extraction()
    claims: list[Claim] = []
    for item in read_articles(paths, options):
        if on_item:
            on_item(item)
        if isinstance(item, UnreadableInput):
            result.refused.append(item)
            continue
        found = claims_of(item, annotators)
        if isinstance(found, UnreadableInput):
            result.refused.append(found)
            if on_item:
                on_item(found)
            continue
        result.articles += 1
        if separately:
            result.events.extend(fuse_claims(found))
        else:
            claims.extend(found)
    if not separately:
        result.events = fuse_claims(claims)
    return result
