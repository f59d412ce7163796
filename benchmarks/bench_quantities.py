"""Quantities benchmark: accuracy on the gold sentences, and speed of quantity and weapon finding.

    ./run bench --only quantities
    python benchmarks/bench_quantities.py                 # 5 rounds, median reported
    python benchmarks/bench_quantities.py --rounds 9 --misses

What is measured:

  accuracy        on tests/data/annotate/quantities.tsv: a sentence is right when the
                  quantities found (as_written, low, high, category) are exactly the gold
                  ones, nothing missing and nothing extra. Also per quantity: precision and
                  recall of exact matches. The test suite holds the floor (0.97).
  sentences/s     find_quantities over every gold sentence, one call each (load excluded:
                  the conventions are loaded once, before timing)
  corpus chars/s  find_quantities and find_weapons over each sample-corpus article whole
                  (src/marsad/data/samples/corpus, raw files: HTML markup included, so a
                  pessimistic text)

Each speed is measured `--rounds` times and the median kept; the machine is shared
and noisy, so compare figures from one run rather than across runs.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "annotate" / "quantities.tsv"
CORPUS = ROOT / "src" / "marsad" / "data" / "samples" / "corpus"
OUT = Path(__file__).resolve().parent / "out"
NAME = "quantities"
QUICK_ARGS = ["--rounds", "1"]


def read_gold(path: Path = GOLD) -> dict[str, list[tuple]]:
    """sentence -> expected (as_written lower-cased, low, high, category)."""
    with path.open(encoding="utf-8") as fh:
        gold: dict[str, list[tuple]] = {}
        for row in csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"):
            expected = gold.setdefault(row["sentence"], [])
            if row["as_written"]:
                expected.append((row["as_written"].lower(), int(row["low"]) if row["low"] else None,
                                 int(row["high"]) if row["high"] else None, row["category"] or None))
    return gold


def score(gold: dict[str, list[tuple]]) -> dict:
    from marsad.annotate.quantities import find_quantities

    right = tp = n_expected = n_found = 0
    misses = []
    for sentence, expected in gold.items():
        got = [(q.as_written.lower(), q.low, q.high, q.category) for q in find_quantities(sentence)]
        common = sum((Counter(got) & Counter(expected)).values())
        tp, n_expected, n_found = tp + common, n_expected + len(expected), n_found + len(got)
        if Counter(got) == Counter(expected):
            right += 1
        else:
            misses.append({"sentence": sentence, "expected": expected, "got": got})
    return {
        "sentences": len(gold), "quantities": n_expected,
        "accuracy": round(right / len(gold), 4),
        "precision": round(tp / n_found, 4) if n_found else None,
        "recall": round(tp / n_expected, 4) if n_expected else None,
        "misses": misses,
    }


def timed(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(args: list[str]) -> dict:
    p = argparse.ArgumentParser(prog="bench quantities", description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=5, help="timed rounds; the median is reported (default 5)")
    p.add_argument("--repeat", type=int, default=20, help="passes over the gold sentences per round (default 20)")
    p.add_argument("--misses", action="store_true", help="print the sentences the finder gets wrong")
    p.add_argument("--out", default=str(OUT / f"{NAME}.json"))
    opts = p.parse_args(args)

    from marsad.annotate.quantities import find_quantities, load_conventions
    from marsad.annotate.weapons import find_weapons, load_weapons

    t0 = time.perf_counter()
    load_conventions()
    load_weapons()
    load_seconds = time.perf_counter() - t0

    gold = read_gold()
    quality = score(gold)
    sentences = list(gold) * opts.repeat
    s_q = timed(lambda: [find_quantities(s) for s in sentences], opts.rounds)
    articles = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.iterdir()) if path.is_file()]
    chars = sum(len(a) for a in articles)
    c_q = timed(lambda: [find_quantities(a) for a in articles], opts.rounds)
    c_w = timed(lambda: [find_weapons(a) for a in articles], opts.rounds)
    found_in_corpus = sum(len(find_quantities(a)) for a in articles)

    result = {
        "name": NAME,
        "gold": str(GOLD.relative_to(ROOT)),
        "accuracy": quality["accuracy"], "precision": quality["precision"], "recall": quality["recall"],
        "sentences": quality["sentences"], "quantities": quality["quantities"],
        "missed_sentences": len(quality["misses"]),
        "quantities_sentences_per_second": round(len(sentences) / s_q, 1),
        "corpus": {"articles": len(articles), "chars": chars, "quantities_found": found_in_corpus,
                   "quantities_chars_per_second": round(chars / c_q),
                   "weapons_chars_per_second": round(chars / c_w)},
        "load_seconds": round(load_seconds, 4),
        "rounds": opts.rounds,
        "python": sys.version.split()[0],
    }

    rows = [
        ("gold sentences", f"{quality['sentences']} ({quality['quantities']} quantities)"),
        ("sentence accuracy", f"{quality['accuracy']:.3f}  ({len(quality['misses'])} sentences wrong)"),
        ("quantity precision", f"{quality['precision']:.3f}"),
        ("quantity recall", f"{quality['recall']:.3f}"),
        ("find_quantities", f"{result['quantities_sentences_per_second']:,.0f} sentences/s"),
        ("find_quantities, articles", f"{result['corpus']['quantities_chars_per_second']:,} chars/s "
                                      f"({len(articles)} articles, {chars:,} chars)"),
        ("find_weapons, articles", f"{result['corpus']['weapons_chars_per_second']:,} chars/s"),
        ("load conventions + weapons", f"{load_seconds * 1000:.0f} ms (once per process)"),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"\nquantities benchmark (median of {opts.rounds} rounds)")
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")
    if opts.misses:
        for miss in quality["misses"]:
            print(f"\nMISS {miss['sentence']}\n  expected {miss['expected']}\n  got      {miss['got']}")

    out = Path(opts.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({**result, "misses": quality["misses"]}, indent=2, default=str) + "\n")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
