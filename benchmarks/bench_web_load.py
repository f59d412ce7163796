"""Dashboard under concurrent reads: 1,000 requests, 50 at a time, against a real server
over the sample corpus; no answer may be a server error.

    ./run bench --only web_load                       # 1,000 requests, 50 at a time
    python benchmarks/bench_web_load.py --requests 200 --concurrency 20

The sample corpus is ingested into a fresh SQLite file (with the default gazetteer,
built first if missing; not timed). The app runs in its own process (uvicorn, one
worker) on 127.0.0.1; the load generator (httpx.AsyncClient in this process, at most
`--concurrency` requests in flight, the whole run bounded by `--timeout` seconds) sends a
shuffled, seeded mix of read requests: the events list under filters, the map, the
timeline, event pages' JSON, full-text search and control. First `--sequential` requests
of the same kinds go one at a time (each endpoint's own time, without queueing). Reported:
p50 / p95 / p99 latency per endpoint and overall, requests per second, the one-at-a-time
p50 beside them, and the server's resident memory (VmRSS, and its peak VmHWM) before the
first request and after the last. Any 5xx, or a request left without an answer, fails
the benchmark.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from served import dashboard, pct  # noqa: E402

NAME = "web_load"
QUICK_ARGS = ["--requests", "200"]


def _memory_kib(pid: int) -> dict[str, int]:
    """The process's resident set now (VmRSS) and at its peak so far (VmHWM), in KiB (Linux)."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key = line.split(":", 1)[0]
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(line.split()[1])
    return out


def _cpu_s(pid: int) -> float:
    """User plus system CPU seconds the process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def build_db(path: Path, gazetteer: Path) -> dict:
    """The sample corpus ingested into a fresh SQLite file at `path`."""
    from marsad.annotate import load_annotators
    from marsad.ingest import IngestOptions
    from marsad.pipeline import ingest_paths
    from marsad.resolve.gazetteer import open_gazetteer
    from marsad.store import open_store

    corpus = ROOT / "src" / "marsad" / "data" / "samples" / "corpus"
    store = open_store(f"sqlite:///{path}")
    gaz = open_gazetteer(gazetteer)
    try:
        summary = ingest_paths([str(corpus)], store, IngestOptions(), annotators=load_annotators(gaz))
        counts = {"articles": store.count("articles"), "events": store.count("events")}
    finally:
        gaz.close()
        store.close()
    if not summary.ok:
        raise SystemExit(f"ingest of the sample corpus refused inputs: {summary.refused}")
    return counts


def request_mix(events: list[dict], n: int, seed: int = 7) -> list[tuple[str, str]]:
    """`n` (group, path) pairs, shuffled: each group about as often as the others."""
    ids = [e["event_id"] for e in events]
    actor = next((e["actor1"] for e in events if e["actor1"]), "ISIS")
    groups = {
        "events": ["/events.json?limit=100", "/events.json?limit=50&status=contested",
                   f"/events.json?limit=50&actor={actor}", "/events.json?limit=50&since=2019-01-01&min_fatalities=5"],
        "map": ["/map.json", "/map.json?bbox=10,-6,17,4", "/map.json?type=Battles"],
        "timeline": ["/timeline.json", "/timeline.json?by=actor", "/timeline.json?since=2019-01-01"],
        "event": [f"/event/{i}.json" for i in ids],
        "search": ["/search.json?q=killed", "/search.json?q=Raqqa", "/search.json?q=attack+village",
                   "/search.json?q=army+said"],
        "control": ["/control.json", "/control.json?at=2016-01-01"],
    }
    rng = random.Random(seed)
    names = list(groups)
    mix = [(names[i % len(names)], rng.choice(groups[names[i % len(names)]])) for i in range(n)]
    rng.shuffle(mix)
    return mix


async def fire(base: str, mix: list[tuple[str, str]], concurrency: int, timeout: float) -> list[tuple[str, int, float]]:
    """Every request of `mix`, at most `concurrency` at once: (group, status, seconds) each."""
    import httpx

    gate = asyncio.Semaphore(concurrency)
    # The client lets an idle connection go before uvicorn's 5 s keep-alive closes it: with
    # both at 5 s, a request sent on a connection the server is closing fails (ReadError).
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency, keepalive_expiry=2)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        async def one(group: str, path: str) -> tuple[str, int, float]:
            async with gate:
                t = time.perf_counter()
                try:
                    status = (await client.get(path)).status_code
                except httpx.TransportError as exc:  # counted, not raised: one failure must not hide the rest
                    print(f"{path}: {type(exc).__name__} {exc}", file=sys.stderr, flush=True)
                    status = 0
                return group, status, time.perf_counter() - t

        return await asyncio.wait_for(asyncio.gather(*(one(g, p) for g, p in mix)), timeout=timeout)


def main(args: list[str]) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--timeout", type=float, default=600, help="seconds the whole run may take")
    ap.add_argument("--sequential", type=int, default=200,
                    help="requests sent one at a time first, for each endpoint's own time (0: none)")
    ap.add_argument("--gazetteer", help="gazetteer file (default: the user's, built if missing)")
    opts = ap.parse_args(args)

    import httpx

    from marsad.resolve.gazetteer import default_path

    gazetteer = Path(opts.gazetteer) if opts.gazetteer else default_path()
    with tempfile.TemporaryDirectory(prefix="marsad-web-load-") as tmp:
        db = Path(tmp) / "sample.db"
        t = time.perf_counter()
        counts = build_db(db, gazetteer)
        print(f"sample corpus: {counts['articles']} articles, {counts['events']} events "
              f"(ingested in {time.perf_counter() - t:.0f} s, not timed)", flush=True)
        env = {"MARSAD_DB": f"sqlite:///{db}", "MARSAD_TILE_URL": "", "MARSAD_GAZETTEER": str(gazetteer)}
        with dashboard(env) as (server, base):
            before = _memory_kib(server.pid)
            events = httpx.get(base + "/events.json", params={"limit": 500}, timeout=60).json()["events"]
            mix = request_mix(events, opts.requests)
            alone = asyncio.run(fire(base, request_mix(events, opts.sequential, seed=11), 1, opts.timeout)) \
                if opts.sequential else []
            t, cpu = time.perf_counter(), _cpu_s(server.pid)
            done = asyncio.run(fire(base, mix, opts.concurrency, opts.timeout))
            wall, cpu = time.perf_counter() - t, _cpu_s(server.pid) - cpu
            after = _memory_kib(server.pid)

    errors = [(g, s) for g, s, _ in done + alone if s >= 500 or s == 0]  # 0: no answer (printed above)
    statuses: dict[str, int] = {}
    for _, s, _ in done:
        statuses[str(s)] = statuses.get(str(s), 0) + 1
    groups = {}
    for g in sorted({g for g, _, _ in done}) + ["all"]:
        took = [x for gg, _, x in done if g in ("all", gg)]
        one_at_a_time = [x for gg, _, x in alone if g in ("all", gg)]
        groups[g] = {"requests": len(took), **{f"p{p}_ms": round(pct(took, p) * 1000, 1) for p in (50, 95, 99)},
                     "max_ms": round(max(took) * 1000, 1),
                     "alone_p50_ms": round(pct(one_at_a_time, 50) * 1000, 1) if one_at_a_time else None}
    for g, r in groups.items():
        alone_ms = f"{r['alone_p50_ms']:6.1f}" if r["alone_p50_ms"] is not None else "     -"
        print(f"{g:9} {r['requests']:5} requests  p50 {r['p50_ms']:7.1f}  p95 {r['p95_ms']:7.1f}  "
              f"p99 {r['p99_ms']:7.1f}  max {r['max_ms']:7.1f} ms  | one at a time p50 {alone_ms} ms", flush=True)
    rate = len(done) / wall
    print(f"{len(done)} requests, {opts.concurrency} at a time, in {wall:.1f} s ({rate:.0f}/s); statuses {statuses}")
    print(f"server CPU: {cpu:.1f} s, {cpu / len(done) * 1000:.1f} ms a request, {cpu / wall:.2f} of one core")
    print(f"server memory: RSS {before['VmRSS'] / 1024:.0f} MiB before, {after['VmRSS'] / 1024:.0f} MiB after; "
          f"peak {after['VmHWM'] / 1024:.0f} MiB")
    out = {"requests": opts.requests, "concurrency": opts.concurrency, "sequential": opts.sequential,
           "corpus": counts, "wall_s": round(wall, 2), "server_cpu_s": round(cpu, 2),
           "per_second": round(rate, 1), "statuses": statuses, "groups": groups,
           "memory_kib": {"before": before, "after": after}}
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / f"{NAME}.json").write_text(json.dumps(out, indent=2))
    if errors:
        raise SystemExit(f"{len(errors)} server errors or unanswered requests: {errors[:10]}")
    return out


if __name__ == "__main__":
    main(sys.argv[1:])
