"""Sentences and clauses of cleaned text, as character spans.

    for s in split_sentences(text):       # -> [Span(start, end), ...] in text order
        ...

A sentence ends at `.`, `!` or `?` (with any closing quotes or brackets) followed by
white space and a capital, digit or opening quote -- unless the word before the stop
is an abbreviation ("Gen.", "Oct.", "U.S.") or an initial -- and at every blank line
or line break (cleaned text keeps one paragraph per line). A run of text with no stop
at all is cut at white space every `MAX_SENTENCE` characters, so that a megabyte with
no full stop costs what a megabyte of sentences costs.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from marsad.annotate.spans import SENTENCE_REACH

MAX_SENTENCE = SENTENCE_REACH  # annotators look this far for a phrase's sentence

# Words that end with a full stop without ending a sentence (compared lower case, no dot).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt cpt sgt cpl pvt adm brig cmdr gov sen rep pres st mt ft
    jan feb mar apr jun jul aug sep sept oct nov dec no nos vs etc approx est dept univ co corp inc ltd
    u.s u.n u.k e.g i.e a.m p.m
    """.split()
)

_STOP = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9\u0600-\u06FF])|\n""")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


class Span(NamedTuple):
    start: int
    end: int


def _ends_sentence(text: str, stop: int) -> bool:
    """Whether the stop at `stop` ends a sentence (not an abbreviation or an initial)."""
    if text[stop] != ".":
        return True
    m = _WORD_BEFORE.search(text, max(0, stop - 20), stop)
    if not m:
        return True
    word = m.group(1).lower().strip(".")
    if word in ABBREVIATIONS:
        return False
    return not (len(word) == 1 and word.isalpha() and text[m.start()].isupper())  # "John F. Kennedy"


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def _cut_long(text: str, span: Span) -> list[Span]:
    out = []
    start = span.start
    while span.end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        if piece := _trimmed(text, start, cut):
            out.append(piece)
        start = cut
    if piece := _trimmed(text, start, span.end):
        out.append(piece)
    return out


def split_sentences(text: str) -> list[Span]:
    """The sentences of `text` as spans, in order, without surrounding white space."""
    spans: list[Span] = []
    start = 0
    for m in _STOP.finditer(text):
        if m.group() != "\n" and not _ends_sentence(text, m.start()):
            continue
        if piece := _trimmed(text, start, m.end()):
            spans.extend(_cut_long(text, piece))
        start = m.end()
    if piece := _trimmed(text, start, len(text)):
        spans.extend(_cut_long(text, piece))
    return spans
