"""Extract: claims from an annotated article (DESIGN §3, §5).

    claims = extract_claims(article, annotate(article, annotators))   # -> list[Claim]
    claims = extract_claims(article, annotation, extractor="rules.v1")

Extractors are chosen by name from `EXTRACTORS`; every claim records the name and
version of the one that made it (`Claim.extractor`) and, per field, the rule and the
span behind it (`Claim.evidence`). How rules.v1 reads a sentence is told in
marsad.extract.rules and docs/events.md.
"""

from __future__ import annotations

from collections.abc import Callable

from marsad.annotate import Annotation
from marsad.extract import rules
from marsad.model import Article, Claim

EXTRACTORS: dict[str, Callable[[Article, Annotation], list[Claim]]] = {rules.NAME: rules.extract}
DEFAULT_EXTRACTOR = rules.NAME


class UnknownExtractor(ValueError):
    """No extractor of that name; the message lists the known ones."""


def extract_claims(article: Article, annotation: Annotation, extractor: str = DEFAULT_EXTRACTOR) -> list[Claim]:
    """The claims one extractor finds in an article, in text order."""
    try:
        run = EXTRACTORS[extractor]
    except KeyError:
        raise UnknownExtractor(f"no extractor named {extractor!r}; known: {', '.join(sorted(EXTRACTORS))}") from None
    return run(article, annotation)
