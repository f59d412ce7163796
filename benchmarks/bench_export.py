"""Export speed and memory: 1,000,000 stored events to Parquet and to ACLED CSV.

    ./run bench --only export                          # 1,000,000 events (benchmarks/events_db.py)
    python benchmarks/bench_export.py --events 100000

Each run is a fresh process, so its peak resident memory is its own:
  marsad parquet    export_parquet(store, EventFilter(), dir): events, claims, articles tables
  marsad acled      export(store, EventFilter(), "acled-csv", file)
  floor parquet     the same three tables read with one SQL query each (pandas.read_sql_query:
                    events joined with places, claims with sources, articles) and written
                    with DataFrame.to_parquet (pyarrow)
  floor csv         the events joined with places and with their claims (sources joined, the
                    lowest killed figure), written with DataFrame.to_csv
The floors hold every row in memory at once (what marsad's streaming avoids) and do none
of marsad's per-row work (ACLED's codes, notes, vague words; typed Parquet schemas).
Target: marsad <= 2x the floor; memory bounded (it must not grow with the store).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from events_db import events_db  # noqa: E402

NAME = "export"
QUICK_ARGS = ["--events", "20000"]

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[4])
db, what, out = sys.argv[1], sys.argv[2], sys.argv[3]
t = time.perf_counter()
if what.startswith("marsad"):
    from pathlib import Path
    from marsad.store import open_store
    from marsad.store.events import EventFilter
    from marsad.export.write import export, export_parquet
    store = open_store("sqlite:///" + db)
    if what == "marsad-parquet":
        rows = export_parquet(store, EventFilter(), Path(out))["events"]
    else:
        with open(out, "w", encoding="utf-8", newline="") as fh:
            rows = export(store, EventFilter(), "acled-csv", fh)[0]
else:
    import sqlite3
    import pandas as pd
    con = sqlite3.connect(db)
    events = pd.read_sql_query(
        "SELECT e.*, p.name AS location, p.lat AS latitude, p.lon AS longitude, p.country_code, p.admin1 "
        "FROM events e LEFT JOIN places p ON p.id = e.place_id", con)
    claims = pd.read_sql_query(
        "SELECT ec.event_id, c.*, s.name AS source, s.kind AS kind FROM event_claims ec "
        "JOIN claims c ON c.id = ec.claim_id JOIN sources s ON s.id = c.source_id", con)
    rows = len(events)
    if what == "floor-parquet":
        articles = pd.read_sql_query("SELECT * FROM articles", con)
        for name, df in (("events", events), ("claims", claims), ("articles", articles)):
            df.to_parquet(f"{out}-{name}.parquet", index=False)
    else:  # an ACLED row needs its event's claims (sources, the lowest figure): join them first
        per_event = claims.groupby("event_id").agg(source=("source", "; ".join), fatalities=("killed_low", "min"))
        events.join(per_event, on="id").to_csv(out + ".csv", index=False)
print(json.dumps({"seconds": time.perf_counter() - t, "rows": rows,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main(args: list[str]) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    opts = ap.parse_args(args)
    db = events_db(opts.events)
    from marsad.store import open_store

    open_store(f"sqlite:///{db}").close()  # migrated before timing
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for what in ("floor-parquet", "marsad-parquet", "floor-csv", "marsad-acled"):
            out = str(Path(tmp) / what)
            done = subprocess.run([sys.executable, "-c", CHILD, str(db), what, out, str(HERE.parent / "src")],
                                  capture_output=True, text=True, check=True)
            results[what] = json.loads(done.stdout.strip().splitlines()[-1])
            r = results[what]
            print(f"{what:15} {r['rows']:>9,} rows  {r['seconds']:8.1f} s  peak RSS {r['rss_mb']:7.0f} MB", flush=True)
    ratios = {"parquet": results["marsad-parquet"]["seconds"] / results["floor-parquet"]["seconds"],
              "acled_csv": results["marsad-acled"]["seconds"] / results["floor-csv"]["seconds"]}
    print(f"ratio to the floor: parquet {ratios['parquet']:.2f}x, ACLED CSV {ratios['acled_csv']:.2f}x (target <= 2)")
    out = {"events": opts.events, "runs": results, "ratios": ratios}
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / f"{NAME}.json").write_text(json.dumps(out, indent=2))
    return out


if __name__ == "__main__":
    main(sys.argv[1:])
