"""What every annotator needs to stay linear in a text of any shape.

    taken = Taken(len(text))
    if not taken.overlaps(s, e):
        taken.add(s, e)

`SENTENCE_REACH`: how far a phrase's sentence (its ends, its predicate) is looked for. It
is the longest sentence the sentence splitter makes (a run with no full stop is cut every
that many characters, extract.sentences), so a text with no full stop at all costs what a
text of sentences costs.
"""

from __future__ import annotations

from collections.abc import Iterable

SENTENCE_REACH = 1500


class Taken:
    """The offsets of a text that chosen spans cover: whether a span overlaps any of them costs
    the span's own length to see, not the number of spans chosen (a byte per character)."""

    def __init__(self, size: int, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._marks = bytearray(size)
        for s, e in spans:
            self.add(s, e)

    def add(self, start: int, end: int) -> None:
        self._marks[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return self._marks.find(1, start, end) != -1

    def covers(self, pos: int) -> bool:
        return bool(self._marks[pos])
