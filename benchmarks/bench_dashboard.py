"""Dashboard latency: the events list, the map and the timeline under filters, over a
generated store of 1,000,000 events in SQLite (benchmarks/events_db.py).

    ./run bench --only dashboard                      # 1,000,000 events, 200 requests per query
    python benchmarks/bench_dashboard.py --events 20000 --requests 20

The app runs in its own process (uvicorn, one worker) on loopback; a load generator
(httpx, 4 threads) sends each query `--requests` times and records each request's
latency. Baseline in the same run: the same query run directly on a connection, in
this process (the store functions the endpoint calls: event_ids + load_events,
views.map_features, views.timeline), `--requests` times. Reported per group: p50 / p95
/ p99 of the API, the same for the direct call, and p50 API / p50 direct (the API's
overhead: HTTP, validation, JSON). Targets: p95 < 100 ms, p99 < 300 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from events_db import events_db  # noqa: E402
from served import dashboard, pct  # noqa: E402

NAME = "dashboard"
QUICK_ARGS = ["--events", "20000", "--requests", "20"]
WORLD = "-90,-180,90,180"
SAHEL = "10,-6,17,4"

# (group, path, query parameters)
QUERIES = [
    ("events", "/events.json", {"limit": 100}),
    ("events", "/events.json", {"limit": 100, "since": "2020-01-01", "until": "2020-03-31"}),
    ("events", "/events.json", {"limit": 100, "actor": "JNIM"}),
    ("events", "/events.json", {"limit": 100, "type": "Battles", "min_fatalities": 50}),
    ("events", "/events.json", {"limit": 100, "status": "contested", "place": "ML"}),
    ("map", "/map.json", {"bbox": WORLD}),
    ("map", "/map.json", {"bbox": SAHEL}),
    ("map", "/map.json", {"bbox": WORLD, "since": "2020-01-01", "until": "2020-03-31"}),
    ("map", "/map.json", {"bbox": WORLD, "actor": "al-Shabaab"}),
    ("map", "/map.json", {"bbox": SAHEL, "type": "Violence against civilians", "since": "2022-01-01"}),
    ("timeline", "/timeline.json", {"since": "2020-01-01", "until": "2020-12-31"}),
    ("timeline", "/timeline.json", {"by": "actor", "place": "SY", "since": "2019-01-01"}),
    ("timeline", "/timeline.json", {"type": "Battles", "actor": "Islamic State"}),
    ("timeline", "/timeline.json", {}),
]


def _direct(conn, path: str, params: dict):  # noqa: ANN001, ANN202
    """The query the endpoint runs, called directly."""
    from marsad.store import views
    from marsad.store.events import event_ids, load_events
    from marsad.web.app import _bbox, filters

    f = filters(params.get("since"), params.get("until"), [params["actor"]] if "actor" in params else [],
                params.get("type"), params.get("source_kind"), params.get("place"), params.get("status"),
                str(params["min_fatalities"]) if "min_fatalities" in params else None)
    if path == "/events.json":
        return load_events(conn, event_ids(conn, f.event_filter(params["limit"] + 1, 0))[:params["limit"]])
    if path == "/map.json":
        return views.map_features(conn, f.event_filter(), _bbox(params.get("bbox")))
    return views.timeline(conn, f.event_filter(), params.get("by", "type"))


def main(args: list[str]) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--threads", type=int, default=4)
    opts = ap.parse_args(args)

    import httpx

    from marsad.store import open_store

    db = events_db(opts.events)
    url = f"sqlite:///{db}"
    env = {"MARSAD_DB": url, "MARSAD_TILE_URL": "", "MARSAD_GAZETTEER": str(db.with_suffix(".nogaz"))}
    with dashboard(env) as (_, base):
        results: dict[str, dict] = {}
        store = open_store(url)
        for group, path, params in QUERIES:
            key = f"{path}?{urlencode(params)}"
            # API: `requests` requests from `threads` workers.
            latencies: list[float] = []
            lock = threading.Lock()
            per = [opts.requests // opts.threads + (1 if i < opts.requests % opts.threads else 0)
                   for i in range(opts.threads)]
            features = None

            def worker(count: int) -> None:
                nonlocal features
                with httpx.Client(base_url=base, timeout=120) as client:
                    for _ in range(count):
                        t = time.perf_counter()
                        r = client.get(path, params=params)
                        dt_ = time.perf_counter() - t
                        r.raise_for_status()
                        with lock:
                            latencies.append(dt_)
                            if features is None:
                                body = r.json()
                                features = len(body.get("features", body.get("events", body.get("weeks", []))))

            with httpx.Client(base_url=base, timeout=120) as c:
                c.get(path, params=params).raise_for_status()  # warm
            threads = [threading.Thread(target=worker, args=(k,)) for k in per]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            # Direct: the same query, sequentially, in this process.
            direct: list[float] = []
            with store.read() as conn:
                _direct(conn, path, params)
                for _ in range(opts.requests):
                    t = time.perf_counter()
                    _direct(conn, path, params)
                    direct.append(time.perf_counter() - t)
            results[key] = {
                "group": group, "items": features,
                "api_ms": {p: round(pct(latencies, p) * 1000, 1) for p in (50, 95, 99)},
                "direct_ms": {p: round(pct(direct, p) * 1000, 1) for p in (50, 95, 99)},
                "ratio_p50": round(statistics.median(latencies) / statistics.median(direct), 2),
            }
            r = results[key]
            print(f"{group:8} {key[:70]:70} api p50/p95/p99 {r['api_ms'][50]:7.1f} {r['api_ms'][95]:7.1f} "
                  f"{r['api_ms'][99]:7.1f} ms | direct p50 {r['direct_ms'][50]:7.1f} | ratio {r['ratio_p50']:.2f} "
                  f"| {features} items", flush=True)
        store.close()
    groups = {}
    for g in ("events", "map", "timeline"):
        rs = [r for r in results.values() if r["group"] == g]
        groups[g] = {"worst_p95_ms": max(r["api_ms"][95] for r in rs), "worst_p99_ms": max(r["api_ms"][99] for r in rs),
                     "median_ratio": statistics.median(r["ratio_p50"] for r in rs)}
        print(f"{g:8} worst p95 {groups[g]['worst_p95_ms']} ms, worst p99 {groups[g]['worst_p99_ms']} ms "
              f"(targets 100 / 300), median API/direct {groups[g]['median_ratio']}")
    out = {"events": opts.events, "requests": opts.requests, "threads": opts.threads, "queries": results,
           "groups": groups}
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / f"{NAME}.json").write_text(json.dumps(out, indent=2))
    return out


if __name__ == "__main__":
    main(sys.argv[1:])
