"""Fusion benchmark: fuse_claims on generated claims, 10k and 100k, and how the time grows.

    ./run bench --only fuse
    python benchmarks/bench_fuse.py                          # 10k and 100k claims, 3 rounds, median
    python benchmarks/bench_fuse.py --sizes 10000,100000,300000 --rounds 1
    python benchmarks/bench_fuse.py --dense                  # all sizes in one year: denser blocks

What is measured: fuse_claims (clustering within and across articles, reconciliation,
notes) on claims generated from random occurrences. Each occurrence (a date, a place
among a few thousand spread over Syria, Iraq and the Sahel, a type, two actors) is
reported by 1-3 articles, each with 1-3 claims (the full one; figures from other
sources, some without date or place; dates a day off; month-precision background).
By default the generated period grows with the size (40 claims a day), as a real
archive does; `--dense` keeps one year, so blocks get fuller as the size grows.

Near-linear means the largest size takes at most ~1.2x its share: 100k <= 12x the time of 10k.
The machine is shared and noisy: compare figures from one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
NAME = "fuse"
QUICK_ARGS = ["--sizes", "2000,20000", "--rounds", "1"]

BOXES = [(32.3, 37.3, 35.7, 42.4), (29.0, 37.0, 38.8, 48.6), (11.0, 17.0, -6.0, 4.0), (10.0, 14.0, 11.0, 15.0)]
TYPES = [("Battles", "Armed clash"), ("Battles", "Non-state actor overtakes territory"),
         ("Explosions/Remote violence", "Air/drone strike"),
         ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
         ("Violence against civilians", "Attack")]
ACTORS = ["Islamic State", "Military Forces of Syria", "Military Forces of Iraq", "JNIM", "Boko Haram",
          "Syrian Democratic Forces", "Civilians", "Wagner Group"]


def generate(n: int, days: int, seed: int = 1):
    """About `n` claims about random occurrences over `days` days."""
    from marsad.model import Claim, Place, Range, Source

    rng = random.Random(seed)
    places = []
    for i in range(3000):
        lat0, lat1, lon0, lon1 = rng.choice(BOXES)
        places.append(Place(f"place {i}", round(rng.uniform(lat0, lat1), 4), round(rng.uniform(lon0, lon1), 4),
                            geonameid=100000 + i, country_code="SY"))
    sources = [Source("SOHR", "monitor"), Source("Amaq", "perpetrator_media", "Islamic State"),
               Source("defence ministry", "official", "Government of Syria"), Source("Reuters", "wire"),
               Source("residents", "local_source"), Source("AFP", "wire"), Source("SANA", "state_media",
                                                                                   "Government of Syria")]
    base = dt.date(2015, 1, 1)
    claims: list = []
    article = 0
    while len(claims) < n:
        when = base + dt.timedelta(days=rng.randrange(days))
        place = rng.choice(places)
        etype, sub = rng.choice(TYPES)
        a1, a2 = rng.sample(ACTORS, 2)
        toll = rng.randrange(0, 60)
        for _ in range(rng.choice((1, 1, 2, 3))):
            article += 1
            aid = f"art{article:08d}"
            shift = dt.timedelta(days=rng.choice((0, 0, 0, 0, 1)))
            offset = 0
            for k in range(rng.choice((1, 2, 2, 3))):
                full = k == 0
                dated = full or rng.random() < 0.3
                placed = full or rng.random() < 0.3
                month = rng.random() < 0.08
                start = when.replace(day=1) if month else when + shift
                end = (start.replace(month=start.month % 12 + 1, year=start.year + start.month // 12)
                       - dt.timedelta(days=1)) if month else start
                figure = max(0, toll + rng.randrange(-3, 25)) if rng.random() < 0.7 else None
                claims.append(Claim(
                    article_id=aid, quote=f"claim {k} of {aid}", start=offset, end=offset + 120,
                    source=rng.choice(sources), verb=rng.choice(("said", "claimed", "reported", "said", "denied")),
                    reported_by="Outlet", event_type=etype if full or rng.random() < 0.5 else None,
                    sub_event_type=sub if full else None, actor1=a1 if full or rng.random() < 0.5 else None,
                    actor2=a2 if full else None, place=place if placed else None,
                    geo_precision=rng.choice((1, 1, 2, 3)) if placed else None,
                    date_start=start if dated else None, date_end=end if dated else None,
                    time_precision=("month" if month else "day") if dated else None,
                    killed=Range(figure, figure if rng.random() < 0.6 else None), extractor="rules.v1",
                ))
                offset += 150
    return claims[:n]


def timed(fn, rounds: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main(args: list[str]) -> dict:
    p = argparse.ArgumentParser(prog="bench fuse", description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="10000,100000", help="claim counts, comma-separated (default 10000,100000)")
    p.add_argument("--rounds", type=int, default=3, help="timed rounds per size; the median is reported (default 3)")
    p.add_argument("--per-day", type=int, default=40, help="claims per day of the generated period (default 40)")
    p.add_argument("--dense", action="store_true", help="every size within one year")
    p.add_argument("--out", default=str(OUT / f"{NAME}.json"))
    opts = p.parse_args(args)

    from marsad.fuse import fuse_claims, load_rules

    load_rules()  # read once, outside the timing
    sizes = [int(s) for s in opts.sizes.split(",") if s.strip()]
    rows = []
    for n in sizes:
        days = 365 if opts.dense else max(30, n // opts.per_day)
        claims = generate(n, days)
        seconds, events = timed(lambda: fuse_claims(claims), opts.rounds)
        multi = sum(1 for e in events if len({c.article_id for c in e.claims}) > 1)
        rows.append({"claims": n, "days": days, "seconds": round(seconds, 3),
                     "claims_per_second": round(n / seconds), "events": len(events),
                     "events_across_articles": multi,
                     "contested": sum(e.status == "contested" for e in events)})
    result = {"name": NAME, "dense": opts.dense, "rounds": opts.rounds, "sizes": rows,
              "python": sys.version.split()[0]}
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        result["ratio"] = round(b["seconds"] / a["seconds"], 2)
        result["size_ratio"] = round(b["claims"] / a["claims"], 2)
        result["near_linear"] = result["ratio"] <= 1.2 * result["size_ratio"]

    print(f"\nfuse benchmark (median of {opts.rounds} rounds{', dense: one year' if opts.dense else ''})")
    for r in rows:
        print(f"  {r['claims']:>8,} claims over {r['days']:>5} days  {r['seconds']:>8.3f} s  "
              f"{r['claims_per_second']:>8,} claims/s  {r['events']:>7,} events "
              f"({r['events_across_articles']:,} across articles, {r['contested']:,} contested)")
    if "ratio" in result:
        print(f"  time ratio {result['ratio']}x for {result['size_ratio']}x the claims "
              f"({'near-linear' if result['near_linear'] else 'NOT near-linear'})")
    out = Path(opts.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
