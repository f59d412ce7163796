"""Fuzz targets: one per input reader, and one for the whole extraction on arbitrary text.

Each target takes bytes and raises only when marsad has a bug: an exception out of a
reader, a refusal that is really a crash ("failed in ..."), or a broken promise of the
output (a quote that is not the text at its offsets, a figure range upside down). A bad
input refused with its reason is the right answer, not a finding.

    python tests/fuzz/run.py text --seconds 60     # coverage-guided, by atheris
    pytest tests/fuzz                              # every seed, then each target time-boxed
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from marsad.ingest import Draft, IngestOptions, UnreadableInput, finish, read_data
from marsad.model import Article

GAZETTEER = Path(__file__).resolve().parent.parent / "data" / "gazetteer"
# Small enough that a fuzzer reaches the size checks; the product's default is 10 MB.
OPTIONS = IngestOptions(max_input_bytes=200_000)
# The kinds of input, by the file name a reader sees.
READERS = {"text": "fuzz.txt", "markdown": "fuzz.md", "html": "fuzz.html", "jsonl": "fuzz.jsonl", "feed": "fuzz.xml"}


class Finding(AssertionError):
    """A bug that a fuzz input found."""


def _check_refusal(item: UnreadableInput, name: str) -> None:
    if item.reason.startswith("failed in"):
        raise Finding(f"a stage crashed: {item}")
    if not str(item).startswith(name):
        raise Finding(f"a refusal that does not name its input: {item}")


def read(data: bytes, name: str) -> list[Article]:
    """Every article read from `data` as the input `name`, checking each refusal."""
    out = []
    for item in read_data(data, name, OPTIONS):
        if isinstance(item, UnreadableInput):
            _check_refusal(item, name)
            continue
        if not isinstance(item, Draft):
            raise Finding(f"a reader gave {type(item).__name__}")
        article = finish(item, OPTIONS)
        if isinstance(article, UnreadableInput):
            _check_refusal(article, name)
            continue
        if not article.text.strip() or article.id != finish(item, OPTIONS).id:
            raise Finding("an empty or unstable article")
        out.append(article)
    return out


@functools.cache
def annotators():
    from marsad.annotate import load_annotators
    from marsad.resolve.gazetteer import open_gazetteer

    path = Path(tempfile.mkdtemp(prefix="marsad-fuzz-")) / "g.sqlite"
    gaz = open_gazetteer(path, build=False)
    gaz.import_file(GAZETTEER / "XX.txt", admin1_codes=GAZETTEER / "admin1CodesASCII.txt")
    return load_annotators(gaz)


def check_extraction(article: Article) -> None:
    """Claims and events of one article keep marsad's promises."""
    from marsad.annotate import annotate
    from marsad.extract import extract_claims
    from marsad.fuse import fuse_claims

    annotation = annotate(article, annotators())
    for m in annotation.mentions:
        if not (0 <= m.start <= m.end <= len(article.text)) or article.text[m.start:m.end] != m.text:
            raise Finding(f"a mention that is not the text at its offsets: {m}")
    claims = extract_claims(article, annotation)
    for c in claims:
        if article.text[c.start:c.end] != c.quote:
            raise Finding(f"a quote that is not the text at its offsets: {c.quote!r}")
        for r in (c.killed, c.wounded, c.captured):
            if r.low is not None and r.high is not None and r.low > r.high:
                raise Finding(f"a range upside down: {r} in {c.quote!r}")
            if (r.low is not None and r.low < 0) or (r.high is not None and r.high < 0):
                raise Finding(f"a negative figure: {r}")
    events = fuse_claims(claims)
    if sorted(id(c) for e in events for c in e.claims) != sorted(id(c) for c in claims):
        raise Finding("fusion lost or duplicated a claim")
    for e in events:
        for low, best, high in ((e.fatalities_low, e.fatalities_best, e.fatalities_high),
                                (e.wounded_low, e.wounded_best, e.wounded_high)):
            known = [x for x in (low, best, high) if x is not None]
            if known != sorted(known):
                raise Finding(f"event figures out of order: {low}, {best}, {high} in {e.id}")


def make_reader_target(kind: str):
    name = READERS[kind]

    def target(data: bytes) -> None:
        read(data, name)

    target.__name__ = f"fuzz_{kind}"
    return target


def fuzz_extract(data: bytes) -> None:
    """Arbitrary text through annotation, extraction and fusion."""
    text = data.decode("utf-8", errors="replace")
    if not text.strip():
        return
    for article in read(text.encode("utf-8"), "fuzz.txt"):
        check_extraction(article)


TARGETS = {kind: make_reader_target(kind) for kind in READERS} | {"extract": fuzz_extract}
