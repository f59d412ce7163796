"""The one place that runs the stages in order: ingest -> clean -> store.

Later stages (annotate, extract, resolve, fuse) join here; every stage stays a
plain function importable on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from marsad.ingest import AlreadyStored, IngestOptions, UnreadableInput, read_articles
from marsad.model import Article
from marsad.store import Store


@dataclass
class IngestSummary:
    ingested: list[str] = field(default_factory=list)  # article ids
    unchanged: list[str] = field(default_factory=list)
    refused: list[UnreadableInput] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused

    def line(self) -> str:
        return f"{len(self.ingested)} ingested, {len(self.unchanged)} unchanged, {len(self.refused)} refused"


def ingest_paths(
    paths: list[str],
    store: Store,
    options: IngestOptions,
    *,
    commit_every: int = 200,
    on_item: Callable[[Article | UnreadableInput | AlreadyStored, bool | None], None] | None = None,
) -> IngestSummary:
    """Read, clean and store every article in `paths`; a bad input never stops the batch.

    Articles are written `commit_every` at a time, each batch in one transaction: an
    article is stored whole or not at all, a kill loses at most the open batch, and
    running the same command again writes exactly what is missing.
    """
    summary = IngestSummary()
    pending: list[Article] = []

    def flush() -> None:
        for article, new in zip(pending, store.add_articles(pending), strict=True):
            (summary.ingested if new else summary.unchanged).append(article.id)
            if on_item:
                on_item(article, new)
        pending.clear()

    for item in read_articles(paths, options, stored=store.article_for_raw_hash):
        if isinstance(item, AlreadyStored):
            summary.unchanged.append(item.article_id)
            if on_item:
                on_item(item, False)
            continue
        if isinstance(item, UnreadableInput):
            summary.refused.append(item)
            if on_item:
                on_item(item, None)
            continue
        pending.append(item)
        if len(pending) >= commit_every:
            flush()
    flush()
    return summary
