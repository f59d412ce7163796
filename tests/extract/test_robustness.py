"""Any text gives events or none, never a crash (hypothesis over random and mutated sample texts)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.annotate import annotate
from marsad.extract import extract_claims
from marsad.fuse import fuse_claims
from marsad.model import Article

CORPUS = Path(__file__).parents[2] / "src" / "marsad" / "data" / "samples" / "corpus"
SAMPLE = (CORPUS / "syria-deir-ezzor-checkpoints.txt").read_text(encoding="utf-8")
WORDS = SAMPLE.split()


def check(text: str, annotators) -> None:
    article = Article(id="p", text=text, published=dt.date(2020, 4, 4))
    claims = extract_claims(article, annotate(article, annotators))
    for c in claims:
        assert 0 <= c.start <= c.end <= len(text) and text[c.start:c.end] == c.quote
        for r in (c.killed, c.wounded, c.captured):
            assert r.low is None or r.high is None or r.low <= r.high
    fuse_claims(claims)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_random_unicode(annotators, text):
    check(text, annotators)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS + [".", ",", "\n", "40", "no fewer than", "\"", "killed", "(", ")"]),
                max_size=120))
def test_mutated_sample_words(annotators, words):
    check(" ".join(words), annotators)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, len(SAMPLE)), st.integers(0, 400), st.text(max_size=20))
def test_sample_with_a_cut_and_an_insertion(annotators, at, cut, insert):
    check(SAMPLE[:at] + insert + SAMPLE[at + cut:], annotators)


@pytest.mark.parametrize("text", [
    "", "word", "." * 5000, "killed " * 2000, ("1 2 3 4 5 6 7 8 9 10 | " * 500),
    "Fighters attacked " + "x" * 1_000_000,
])
def test_degenerate_texts(annotators, text):
    check(text, annotators)
