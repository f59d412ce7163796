"""The bundled sample corpus: every gold file matches an article as ingest reads it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from marsad.ingest import IngestOptions, UnreadableInput, read_articles

SAMPLES = Path(__file__).parent.parent / "src" / "marsad" / "data" / "samples"
GOLD = sorted((SAMPLES / "gold").glob("*.yaml"))


@pytest.fixture(scope="module")
def by_origin():
    items = list(read_articles([str(SAMPLES / "corpus")], IngestOptions()))
    assert not [i for i in items if isinstance(i, UnreadableInput)]
    out = {}
    for a in items:
        origin = Path(a.origin.split(":")[0]).name
        rest = a.origin.split(":", 1)[1].strip() if ":" in a.origin else ""
        n = int(rest.split()[-1]) if rest else None
        out[(origin, n)] = a
    return out


def test_corpus_is_large_and_varied_enough():
    golds = [yaml.safe_load(p.read_text()) for p in GOLD]
    assert len(golds) >= 30
    assert len({Path(g["article"]).suffix for g in golds}) >= 6  # txt, md, html, jsonl, xml, atom
    splits = Counter(g["split"] for g in golds)
    assert splits["test"] >= len(golds) // 3 - 1


@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.stem)
def test_gold_matches_the_ingested_article(gold_path, by_origin):
    gold = yaml.safe_load(gold_path.read_text())
    assert gold_path.read_text().startswith("# ILLUSTRATIVE")
    article = by_origin[(gold["article"], gold["item"])]
    # HTML pages carry two titles (<title> and <h1>); the gold may use either.
    assert article.title == gold["title"] or gold["title"].startswith(article.title)
    assert article.published == gold["published"]
    for quote in gold.get("not_events") or []:
        if quote.lower().startswith(("related", "read more", "more from")):
            assert quote not in article.text  # related headlines never reach extraction
