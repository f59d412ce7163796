"""Extraction speed and memory, as a ratio to the annotation it rests on.

  sample     the bundled sample corpus (35 articles)
  generated  a generated corpus (benchmarks/corpus.py; 10,000 articles by default)

For each corpus, on one core, in one process: annotation alone over every article,
then extraction (marsad.extract.extract_claims) over the same annotations, then
fusion across all the claims. Reported: articles per second for annotation and for
annotation + extraction, and extraction's cost as a ratio to annotation's (target:
below 1, extraction costs less than what it rests on). Peak memory: the resident
set size of a child process running `marsad extract` over the generated corpus as
one JSON Lines file, against a child that only annotates the same file.

  store      the first --store-articles (2,000) generated articles through `marsad ingest`'s
             path (marsad.pipeline.ingest_paths with annotators: extract, store, fuse against
             the stored events, batch by batch) into a fresh SQLite file, as a ratio to the
             same articles extracted and fused in memory (marsad.pipeline.extract_paths);
             the event counts of the two should agree.

    python benchmarks/bench_extract.py [--articles 10000] [--store-articles 2000] [--gazetteer FILE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

QUICK_ARGS = ["--articles", "500", "--store-articles", "300"]

# The JSON Lines file is read record by record, under the default per-record limit.
CHILD = r"""
import resource, sys
from marsad.annotate import annotate, load_annotators
from marsad.ingest import IngestOptions, read_articles
from marsad.resolve.gazetteer import open_gazetteer
ann = load_annotators(open_gazetteer(sys.argv[2]))
if sys.argv[3] == "annotate":
    for a in read_articles([sys.argv[1]], IngestOptions()):
        annotate(a, ann)
else:
    from marsad.pipeline import extract_paths
    extract_paths([sys.argv[1]], IngestOptions(), ann)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def _measure(arts, annotators) -> dict:
    from marsad.annotate import annotate
    from marsad.extract import extract_claims
    from marsad.fuse import fuse_claims

    t = time.perf_counter()
    annotations = [annotate(a, annotators) for a in arts]
    annotate_s = time.perf_counter() - t
    t = time.perf_counter()
    claims = [c for a, an in zip(arts, annotations) for c in extract_claims(a, an)]
    extract_s = time.perf_counter() - t
    t = time.perf_counter()
    events = fuse_claims(claims)
    fuse_s = time.perf_counter() - t
    return {
        "articles": len(arts), "claims": len(claims), "events": len(events),
        "annotate_articles_per_s": round(len(arts) / annotate_s, 1),
        "annotate_extract_articles_per_s": round(len(arts) / (annotate_s + extract_s), 1),
        "extract_to_annotate_ratio": round(extract_s / annotate_s, 3),
        "fuse_s": round(fuse_s, 2),
    }


def _store(jsonl: Path, tmp: Path, n: int, annotators) -> dict:
    from marsad.ingest import IngestOptions
    from marsad.pipeline import extract_paths, ingest_paths
    from marsad.store import open_store

    part = tmp / "store.jsonl"
    with jsonl.open(encoding="utf-8") as src, part.open("w", encoding="utf-8") as dst:
        for _, line in zip(range(n), src):
            dst.write(line)
    options = IngestOptions()
    t = time.perf_counter()
    memory = extract_paths([str(part)], options, annotators)
    memory_s = time.perf_counter() - t
    store = open_store(str(tmp / "store.db"))
    t = time.perf_counter()
    ingest_paths([str(part)], store, options, annotators=annotators)
    store_s = time.perf_counter() - t
    stored = store.count("events")
    store.close()
    return {"articles": memory.articles, "memory_s": round(memory_s, 1), "memory_events": len(memory.events),
            "store_s": round(store_s, 1), "store_events": stored, "store_to_memory_ratio": round(store_s / memory_s, 2)}


def main(args: list[str]) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--store-articles", type=int, default=2_000)
    ap.add_argument("--gazetteer", help="gazetteer file (default: the user's, built if missing)")
    opts = ap.parse_args(args)

    from corpus import generate

    from marsad.annotate import load_annotators
    from marsad.ingest import IngestOptions, read_articles
    from marsad.resolve.gazetteer import default_path, open_gazetteer

    gaz_path = Path(opts.gazetteer) if opts.gazetteer else default_path()
    annotators = load_annotators(open_gazetteer(gaz_path))
    sample = [a for a in read_articles([str(ROOT / "src" / "marsad" / "data" / "samples" / "corpus")], IngestOptions())
              if hasattr(a, "text")]
    res = {"sample": _measure(sample, annotators)}
    print("sample", json.dumps(res["sample"]), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "generated.jsonl"
        with jsonl.open("w", encoding="utf-8") as f:
            for r in generate(opts.articles):
                f.write(json.dumps({"title": r.title, "outlet": r.outlet, "published": r.published.isoformat(),
                                    "text": "\n\n".join(r.paragraphs)}) + "\n")
        generated = [a for a in read_articles([str(jsonl)], IngestOptions()) if hasattr(a, "text")]
        assert len(generated) == opts.articles, "the generated corpus did not read back whole"
        res["generated"] = _measure(generated, annotators)
        print("generated", json.dumps(res["generated"]), flush=True)
        del generated
        rss = {}
        for mode in ("annotate", "extract"):
            child = subprocess.run([sys.executable, "-c", CHILD, str(jsonl), str(gaz_path), mode], capture_output=True,
                                   text=True, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
            if child.returncode != 0:
                raise SystemExit(f"the {mode} child process failed:\n{child.stderr[-2000:]}")
            rss[mode] = round(float(child.stdout.strip()), 1)
        res["generated"].update({"annotate_peak_rss_mb": rss["annotate"], "extract_peak_rss_mb": rss["extract"],
                                 "rss_ratio": round(rss["extract"] / rss["annotate"], 2)})
        res["store"] = _store(jsonl, Path(tmp), opts.store_articles, annotators)
    for name in ("sample", "generated"):
        r = res[name]
        print(f"{name:9} {r['articles']:>6} articles  annotate {r['annotate_articles_per_s']:>7} art/s  "
              f"annotate+extract {r['annotate_extract_articles_per_s']:>7} art/s  "
              f"extract/annotate {r['extract_to_annotate_ratio']} (target < 1)  "
              f"{r['claims']} claims -> {r['events']} events (fuse {r['fuse_s']} s)")
    st = res["store"]
    print(f"store     {st['articles']:>6} articles  in memory {st['memory_s']} s ({st['memory_events']} events)  "
          f"ingest to SQLite {st['store_s']} s ({st['store_events']} events)  ratio {st['store_to_memory_ratio']}")
    g = res["generated"]
    print(f"peak RSS: annotate only {g['annotate_peak_rss_mb']} MB, extract (to events) {g['extract_peak_rss_mb']} MB, "
          f"ratio {g['rss_ratio']}")
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "extract.json").write_text(json.dumps(res, indent=2))
    return res


if __name__ == "__main__":
    main(sys.argv[1:])
