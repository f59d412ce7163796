"""Annotation speed, memory and start-up, on the bundled sample corpus.

  throughput   marsad.annotate.annotate() over every sample article (cleaned text),
               on one core, as a ratio to spaCy's blank English tokenizer over the same
               texts (the cheapest pass any NLP pipeline makes); target >= 0.5
  memory       resident set size of a process that has loaded the default gazetteer,
               the actors and sources and annotated the corpus; target < 600 MB
  start-up     a fresh process: import, open the (already built) default gazetteer, load
               the data files, annotate the first article; target < 3 s

The default gazetteer is built first if it is missing (once, about a minute; not timed).

    python benchmarks/bench_annotate.py [--rounds 3] [--gazetteer FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

QUICK_ARGS = ["--rounds", "1"]

CHILD = r"""
import resource, sys, time, json
t0 = time.perf_counter()
from marsad.annotate import annotate, load_annotators
from marsad.ingest import IngestOptions, read_articles
from marsad.resolve.gazetteer import open_gazetteer
arts = [a for a in read_articles([sys.argv[1]], IngestOptions()) if hasattr(a, "text")]
ann = load_annotators(open_gazetteer(sys.argv[2]))
annotate(arts[0], ann)
first = time.perf_counter() - t0
for a in arts:
    annotate(a, ann)
print(json.dumps({"startup_s": first, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main(args: list[str]) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--gazetteer", help="gazetteer file (default: the user's, built if missing)")
    opts = ap.parse_args(args)

    from marsad.annotate import annotate, load_annotators
    from marsad.ingest import IngestOptions, read_articles
    from marsad.resolve.gazetteer import default_path, open_gazetteer

    gaz_path = Path(opts.gazetteer) if opts.gazetteer else default_path()
    t = time.perf_counter()
    gaz = open_gazetteer(gaz_path)
    build_s = time.perf_counter() - t
    corpus = ROOT / "src" / "marsad" / "data" / "samples" / "corpus"
    arts = [a for a in read_articles([str(corpus)], IngestOptions()) if hasattr(a, "text")]
    chars = sum(len(a.text) for a in arts)
    annotators = load_annotators(gaz)
    for a in arts:  # warm: the gazetteer's page cache, regex compilation
        annotate(a, annotators)

    try:
        import spacy
    except ImportError:
        spacy = None
    marsad_s, spacy_s = [], []
    for _ in range(opts.rounds):
        t = time.perf_counter()
        for a in arts:
            annotate(a, annotators)
        marsad_s.append(time.perf_counter() - t)
        if spacy:
            nlp = spacy.blank("en")
            t = time.perf_counter()
            for a in arts:
                nlp(a.text)
            spacy_s.append(time.perf_counter() - t)
    m = statistics.median(marsad_s)
    res = {
        "articles": len(arts), "chars": chars, "gazetteer_build_s": round(build_s, 1),
        "marsad_chars_per_s": round(chars / m), "marsad_ms_per_article": round(m / len(arts) * 1000, 2),
    }
    if spacy_s:
        sp = statistics.median(spacy_s)
        res.update({"spacy_chars_per_s": round(chars / sp), "ratio_to_spacy_tokenizer": round(sp / m, 4)})
    child = subprocess.run([sys.executable, "-c", CHILD, str(corpus), str(gaz_path)], capture_output=True, text=True,
                           env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}, check=True)
    res.update({k: round(v, 2) for k, v in json.loads(child.stdout).items()})

    print(f"{len(arts)} sample articles, {chars:,} characters of cleaned text")
    print(f"marsad annotate       {res['marsad_chars_per_s']:>12,} chars/s   {res['marsad_ms_per_article']} ms/article")
    if spacy_s:
        print(f"spaCy blank tokenizer {res['spacy_chars_per_s']:>12,} chars/s   ratio {res['ratio_to_spacy_tokenizer']} (target >= 0.5)")
    else:
        print("spaCy not installed: ratio skipped (pip install spacy)")
    print(f"fresh process: first article annotated after {res['startup_s']} s (target < 3), peak RSS {res['rss_mb']} MB (target < 600)")
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "annotate.json").write_text(json.dumps(res, indent=2))
    return res


if __name__ == "__main__":
    main(sys.argv[1:])
