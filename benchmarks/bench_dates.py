"""Dates benchmark: marsad's find_dates against dateparser's search_dates on the gold sentences.

    ./run bench --only dates
    python benchmarks/bench_dates.py                  # 5 rounds for marsad, 1 for dateparser
    python benchmarks/bench_dates.py --rounds 9 --misses

What is measured, on tests/data/annotate/dates.tsv (one row per expected expression):

  exact accuracy  marsad only: an expected expression is right when a found one has the same
                  text, interval and precision; a found one that matches nothing is an error
                  too. hits / (expected + extra). The test suite holds the floor (0.97).
  interval hits   both tools, comparable: over the expected expressions that resolve to an
                  interval, a hit is a found expression overlapping the expected text whose
                  date lies within the expected interval (dateparser: its one datetime;
                  marsad: both ends of its interval).
  false alarms    found expressions on sentences whose gold has no date at all.
  sentences/s     one call per gold sentence; marsad median of --rounds, dateparser median
                  of --dp-rounds after a warm-up run (it is slow; --dp-rounds 0 times the
                  warm-up run itself, which includes dateparser's lazy loading).

dateparser is called as search_dates(sentence, settings={"RELATIVE_BASE": datetime(published),
"PREFER_DATES_FROM": "past"}) (no RELATIVE_BASE when the sentence has no publication date).
It is not a marsad dependency: when it is not installed, its rows print as skipped.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "annotate" / "dates.tsv"
OUT = Path(__file__).resolve().parent / "out"
NAME = "dates"
QUICK_ARGS = ["--rounds", "1", "--dp-rounds", "0"]
sys.path.insert(0, str(ROOT / "src"))

from marsad.annotate.dates import find_dates  # noqa: E402


def load_gold(path: Path = GOLD) -> list[dict]:
    """Sentences in file order, each with its published date and expected expressions."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    groups: dict[tuple[str, str], dict] = {}
    for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        key = (r["published"], r["sentence"])
        g = groups.setdefault(
            key,
            {
                "published": dt.date.fromisoformat(r["published"]) if r["published"] else None,
                "sentence": r["sentence"],
                "expected": [],
            },
        )
        if r["expected_text"]:
            g["expected"].append(
                {
                    "text": r["expected_text"],
                    "start": dt.date.fromisoformat(r["expected_start"]) if r["expected_start"] else None,
                    "end": dt.date.fromisoformat(r["expected_end"]) if r["expected_end"] else None,
                    "precision": r["expected_precision"] or None,
                }
            )
    return list(groups.values())


def _span(sentence: str, text: str, after: int = 0) -> tuple[int, int]:
    i = sentence.find(text, after)
    if i < 0:
        i = sentence.find(text)
    return i, i + len(text)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --------------------------------------------------------------------------- runners


def run_marsad(gold: list[dict]) -> list[list[tuple[tuple[int, int], dt.date | None, dt.date | None, str, str | None]]]:
    """Per sentence: (span, date_start, date_end, text, precision) of each expression found."""
    out = []
    for g in gold:
        out.append(
            [((f.start, f.end), f.date_start, f.date_end, f.text, f.precision) for f in find_dates(g["sentence"], g["published"])]
        )
    return out


def load_dateparser():
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from dateparser.search import search_dates
    except ImportError:
        return None
    return search_dates


def run_dateparser(search_dates, gold: list[dict]) -> list[list[tuple[tuple[int, int], dt.date, dt.date, str, None]]]:
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for g in gold:
            settings = {"PREFER_DATES_FROM": "past"}
            if g["published"]:
                settings["RELATIVE_BASE"] = dt.datetime.combine(g["published"], dt.time())
            try:
                found = search_dates(g["sentence"], settings=settings) or []
            except Exception:  # noqa: BLE001 - a crash on one sentence is a miss, not the end of the run
                found = []
            items, pos = [], 0
            for text, when in found:
                span = _span(g["sentence"], text, pos)
                pos = max(pos, span[1])
                items.append((span, when.date(), when.date(), text, None))
            out.append(items)
    return out


# --------------------------------------------------------------------------- scoring


def exact_accuracy(gold: list[dict], found: list[list]) -> tuple[float, list[str]]:
    hits = total = 0
    misses: list[str] = []
    for g, fs in zip(gold, found):
        left = [(f[3], f[1], f[2], f[4]) for f in fs]
        for e in g["expected"]:
            total += 1
            key = (e["text"], e["start"], e["end"], e["precision"])
            if key in left:
                hits += 1
                left.remove(key)
            else:
                misses.append(f"MISS  {g['published']} {g['sentence']!r}: expected {key}")
        for extra in left:
            total += 1
            misses.append(f"EXTRA {g['published']} {g['sentence']!r}: found {extra}")
    return (hits / total if total else 1.0), misses


def interval_hits(gold: list[dict], found: list[list]) -> tuple[int, int, int, list[str]]:
    """(hits, resolvable expected expressions, false alarms on date-free sentences, misses)."""
    hits = total = alarms = 0
    misses: list[str] = []
    for g, fs in zip(gold, found):
        if not g["expected"]:
            alarms += len(fs)
            misses.extend(f"ALARM {g['published']} {g['sentence']!r}: {f[3]!r}" for f in fs)
            continue
        pos = 0
        for e in g["expected"]:
            span = _span(g["sentence"], e["text"], pos)
            pos = span[1]
            if e["start"] is None:
                continue
            total += 1
            ok = any(
                _overlaps(span, f[0]) and f[1] is not None and e["start"] <= f[1] <= e["end"] and e["start"] <= f[2] <= e["end"]
                for f in fs
            )
            hits += ok
            if not ok:
                got = [(f[3], str(f[1])) for f in fs if _overlaps(span, f[0])]
                misses.append(f"MISS  {g['published']} {g['sentence']!r}: {e['text']!r} in [{e['start']}, {e['end']}], got {got}")
    return hits, total, alarms, misses


def speed(fn, gold: list[dict], rounds: int) -> float:
    times = []
    for _ in range(max(1, rounds)):
        t = time.perf_counter()
        fn(gold)
        times.append(time.perf_counter() - t)
    return len(gold) / statistics.median(times)


# --------------------------------------------------------------------------- main


def main(args: list[str]) -> dict:
    ap = argparse.ArgumentParser(prog="bench_dates", description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5, help="timing rounds for marsad (median kept)")
    ap.add_argument("--dp-rounds", type=int, default=1,
                    help="timing rounds for dateparser after its first (warm-up) run; 0 = time the first run")
    ap.add_argument("--misses", action="store_true", help="print every miss and false alarm")
    opts = ap.parse_args(args)

    gold = load_gold()
    n_sent = len(gold)
    n_expr = sum(len(g["expected"]) for g in gold)
    results: dict = {"sentences": n_sent, "expressions": n_expr}

    found = run_marsad(gold)
    acc, exact_misses = exact_accuracy(gold, found)
    hits, total, alarms, iv_misses = interval_hits(gold, found)
    results["marsad"] = {
        "exact_accuracy": round(acc, 4),
        "interval_hits": hits,
        "interval_total": total,
        "interval_accuracy": round(hits / total, 4) if total else None,
        "false_alarms": alarms,
        "sentences_per_s": round(speed(run_marsad, gold, opts.rounds)),
    }
    dp_misses: list[str] = []
    search_dates = load_dateparser()
    if search_dates is None:
        results["dateparser"] = {"skipped": "dateparser not installed"}
    else:
        import dateparser

        t = time.perf_counter()
        dp_found = run_dateparser(search_dates, gold)  # also warms dateparser's lazy loading
        first_s = time.perf_counter() - t
        dhits, dtotal, dalarms, dp_misses = interval_hits(gold, dp_found)
        results["dateparser"] = {
            "version": dateparser.__version__,
            "interval_hits": dhits,
            "interval_total": dtotal,
            "interval_accuracy": round(dhits / dtotal, 4) if dtotal else None,
            "false_alarms": dalarms,
            "first_run_seconds": round(first_s, 2),
            "sentences_per_s": round(
                speed(lambda gg: run_dateparser(search_dates, gg), gold, opts.dp_rounds) if opts.dp_rounds > 0 else n_sent / first_s, 1
            ),
        }

    print(f"gold: {n_sent} sentences, {n_expr} expected expressions ({GOLD.relative_to(ROOT)})")
    print(f"{'':22} {'exact acc':>10} {'interval hits':>18} {'false alarms':>13} {'sentences/s':>12}")
    m = results["marsad"]
    print(
        f"{'marsad find_dates':22} {m['exact_accuracy']:>10.4f} "
        f"{m['interval_hits']:>6}/{m['interval_total']:<4} {m['interval_accuracy']:>6.3f} {m['false_alarms']:>13} {m['sentences_per_s']:>12,}"
    )
    d = results["dateparser"]
    if "skipped" in d:
        print(f"{'dateparser':22} skipped: dateparser is not installed (pip install dateparser)")
    else:
        print(
            f"{'dateparser ' + d['version']:22} {'-':>10} "
            f"{d['interval_hits']:>6}/{d['interval_total']:<4} {d['interval_accuracy']:>6.3f} {d['false_alarms']:>13} {d['sentences_per_s']:>12,}"
        )
        print(f"speed-up: x{m['sentences_per_s'] / d['sentences_per_s']:.0f}")
    if opts.misses:
        print("\n-- marsad, exact --")
        print("\n".join(exact_misses) or "(none)")
        print("\n-- marsad, interval --")
        print("\n".join(iv_misses) or "(none)")
        if dp_misses:
            print("\n-- dateparser, interval --")
            print("\n".join(dp_misses))
    OUT.mkdir(exist_ok=True)
    (OUT / f"{NAME}.json").write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
