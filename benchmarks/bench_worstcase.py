"""Worst-case inputs: is every stage linear in the size of its input?

Inputs built to defeat a pipeline that is linear only on friendly text (seeded, so
every run reads the same bytes):

  nosentence  one paragraph of conflict words and place names with no full stop at all
  numbers     a table of numbers, eight to a row ("12 | 40 | 7 ...")
  capitals    place-like capitalised words, half of them real place names
  nested      HTML nested thousands of <div>s deep around the story
  markdown    Markdown whose link and image brackets never close
  feed        an RSS item whose HTML is a story then <script> tags never closed
  jsonl       one JSON Lines record holding the text of `nosentence`

Each input is read, cleaned, annotated, its claims extracted and fused, as
`marsad extract` does (marsad.pipeline.extract_paths), at each size (default 100 KB,
1 MB and 5 MB). Reported: seconds per MB at each size, per stage, and the ratio of the
largest size's seconds per MB to the smallest's: under 2 is linear (a quadratic stage
would show 50 between 100 KB and 5 MB).

    python benchmarks/bench_worstcase.py [--sizes 0.1,1,5] [--kinds nosentence,numbers] [--gazetteer FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

QUICK_ARGS = ["--sizes", "0.05,0.2"]
# Linear means seconds per MB stays flat; 2 leaves room for a noisy shared machine.
TARGET_RATIO = 2.0

WORDS = ("fighters attacked the village near the river killing several people and wounding others while "
         "soldiers of the army said gunmen on motorbikes stormed a checkpoint in the north at least").split()
PLACES = ("Maiduguri Gao Kidal Raqqa Mosul Kirkuk Marib Aden Kabul Kunduz Mogadishu Afgooye Beni Goma Palma "
          "Djibo Menaka Arbinda Hawija Rutba").split()


def _words(size: int, rng: random.Random, pick) -> str:
    out, n = [], 0
    while n < size:
        w = pick(rng)
        out.append(w)
        n += len(w) + 1
    return " ".join(out)


def nosentence(size: int) -> str:
    return _words(size, random.Random(1), lambda r: r.choice(WORDS) if r.random() < 0.8 else r.choice(PLACES))


def numbers(size: int) -> str:
    rng = random.Random(2)
    rows, n = [], 0
    while n < size:
        row = " | ".join(str(rng.randint(0, 99_999)) for _ in range(8))
        rows.append(row)
        n += len(row) + 1
    return "\n".join(rows)


def capitals(size: int) -> str:
    def pick(r: random.Random) -> str:
        if r.random() < 0.5:
            return r.choice(PLACES)
        return "".join(r.choice("BCDFGKLMNRST") + r.choice("aeiou") + r.choice("lmnrst") for _ in range(2)).capitalize()
    return _words(size, random.Random(3), pick)


def nested(size: int) -> str:
    story = "<p>Gunmen attacked a checkpoint near Gao on Monday, killing five soldiers, the army said.</p>"
    depth = max(1, (size - len(story)) // len("<div></div>"))
    return "<html><body>" + "<div>" * depth + story + "</div>" * depth + "</body></html>"


def markdown(size: int) -> str:
    """Front matter, a story, then link and image brackets that never close."""
    story = "---\ntitle: Gao\n---\nGunmen attacked a checkpoint near [Gao](https://example.org) on Monday.\n\n"
    return story + "[a ![b " * max(1, (size - len(story)) // 7)


def feed(size: int) -> str:
    """An RSS item whose HTML holds a story, then <script> tags that are never closed."""
    from xml.sax.saxutils import escape

    story = "<p>Gunmen attacked a checkpoint near Gao on Monday, killing five soldiers, the army said.</p>"
    html = story + "<script>x " * max(1, (size - len(story)) // 20)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>Gao</title>'
            f"<description>{escape(html)}</description></item></channel></rss>")


def jsonl(size: int) -> str:
    return json.dumps({"title": "One long record", "published": "2021-03-14", "text": nosentence(size)}) + "\n"


KINDS = {"nosentence": (nosentence, ".txt"), "numbers": (numbers, ".txt"), "capitals": (capitals, ".txt"),
         "nested": (nested, ".html"), "markdown": (markdown, ".md"), "feed": (feed, ".xml"), "jsonl": (jsonl, ".jsonl")}


def run_one(path: Path, annotators) -> dict:
    """Seconds per stage for one input, as `marsad extract` runs them."""
    from marsad.annotate import annotate
    from marsad.extract import extract_claims
    from marsad.fuse import fuse_claims
    from marsad.ingest import IngestOptions, UnreadableInput, read_articles

    t0 = time.perf_counter()
    items = list(read_articles([str(path)], IngestOptions(max_input_bytes=12_000_000)))
    t1 = time.perf_counter()
    articles = [a for a in items if not isinstance(a, UnreadableInput)]
    refused = [str(r) for r in items if isinstance(r, UnreadableInput)]
    annotations = [annotate(a, annotators) for a in articles]
    t2 = time.perf_counter()
    claims = [c for a, an in zip(articles, annotations, strict=True) for c in extract_claims(a, an)]
    t3 = time.perf_counter()
    events = fuse_claims(claims)
    t4 = time.perf_counter()
    return {"read": t1 - t0, "annotate": t2 - t1, "extract": t3 - t2, "fuse": t4 - t3, "total": t4 - t0,
            "claims": len(claims), "events": len(events), "refused": refused}


def main(args: list[str]) -> None:
    p = argparse.ArgumentParser(prog="bench_worstcase.py", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="0.1,1,5", help="input sizes in MB, smallest first (default 0.1,1,5)")
    p.add_argument("--kinds", default=",".join(KINDS), help=f"which inputs (default {','.join(KINDS)})")
    p.add_argument("--gazetteer", help="gazetteer file (default: the user's)")
    opts = p.parse_args(args)
    sizes = [float(s) for s in opts.sizes.split(",")]
    kinds = opts.kinds.split(",")

    from marsad.annotate import load_annotators
    from marsad.resolve.gazetteer import open_gazetteer
    from marsad.settings import load_settings

    annotators = load_annotators(open_gazetteer(opts.gazetteer or load_settings().gazetteer))
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:  # load every lexicon and parser before timing
        for kind, (make, suffix) in KINDS.items():
            (Path(tmp) / f"warm{suffix}").write_text(make(2000), encoding="utf-8")
            run_one(Path(tmp) / f"warm{suffix}", annotators)
    print(f"{'input':11} {'MB':>5} {'s/MB':>7} {'read':>6} {'annot':>6} {'extr':>6} {'fuse':>6} {'claims':>6}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            make, suffix = KINDS[kind]
            results[kind] = {"sizes": {}}
            for mb in sizes:
                path = Path(tmp) / f"{kind}{suffix}"
                path.write_text(make(int(mb * 1_000_000)), encoding="utf-8")
                real_mb = path.stat().st_size / 1e6
                r = run_one(path, annotators)
                per_mb = {k: r[k] / real_mb for k in ("read", "annotate", "extract", "fuse", "total")}
                results[kind]["sizes"][str(mb)] = {"mb": real_mb, "seconds": r["total"], "per_mb": per_mb,
                                                   "claims": r["claims"], "events": r["events"], "refused": r["refused"]}
                print(f"{kind:11} {real_mb:5.2f} {per_mb['total']:7.2f} {per_mb['read']:6.2f} {per_mb['annotate']:6.2f} "
                      f"{per_mb['extract']:6.2f} {per_mb['fuse']:6.2f} {r['claims']:6}"
                      + (f"  refused: {r['refused'][0]}" if r["refused"] else ""), flush=True)
            first, last = (results[kind]["sizes"][str(s)]["per_mb"]["total"] for s in (sizes[0], sizes[-1]))
            ratio = last / first if first else float("inf")
            results[kind]["ratio"] = ratio
            verdict = "linear" if ratio < TARGET_RATIO else f"NOT linear (target < {TARGET_RATIO})"
            print(f"{kind:11} s/MB at {sizes[-1]} MB / at {sizes[0]} MB = {ratio:.2f}: {verdict}", flush=True)
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "worstcase.json").write_text(json.dumps(results, indent=2))
    worst = max(results.values(), key=lambda r: r["ratio"])
    if worst["ratio"] >= TARGET_RATIO:
        raise SystemExit(1)


if __name__ == "__main__":
    main(sys.argv[1:])
