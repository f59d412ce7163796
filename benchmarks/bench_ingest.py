"""Ingest benchmark: marsad's speed against the floors it cannot beat, in one run.

    ./run bench --only ingest            # 5,000 articles, 3 interleaved rounds
    ./run bench --only ingest --quick    # 300 articles: a smoke test
    python benchmarks/run.py --only ingest --n 20000 --rounds 5
    python benchmarks/run.py --only ingest --profile     # cProfile of one plain-text ingest

What is measured, each on the same generated corpus (see corpus.py):

  text floor      read every .txt file's bytes and sha256 them, in marsad's walk order:
                  what any ingest must at least do (marsad hashes every input too)
  text ingest     marsad.pipeline.ingest_paths into a fresh SQLite file (target: >= 0.25 x floor)
  text re-ingest  the same directory again into the same file: every article unchanged
  html floor      trafilatura.bare_extraction on every page's bytes, with marsad's arguments
  html ingest     marsad's ingest of the same pages into a fresh SQLite file (target: >= 0.8 x floor)

The machine is shared and noisy, so absolute speeds wander between runs; each
measurement is made `--rounds` times and the median taken. Within a round the two
sides are interleaved chunk by chunk (the corpus's top-level directories, ~550
articles each; the side going first alternates), so that a slow spell hits both
sides. The ratios are the figures to compare; absolute speeds only within a run.
marsad's databases are opened (and migrated) outside the clock.
Peak RSS of each ingest is measured in a child process of its own (resource.getrusage),
so the corpus generator and the other measurements do not inflate it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from typing import TYPE_CHECKING

import corpus

if TYPE_CHECKING:
    from marsad.store import Store
# marsad and trafilatura are imported only once the peak-RSS children have started
# (see peak_rss), and before any clock starts.

NAME = "ingest"
OUT = Path(__file__).resolve().parent / "out"
TEXT_TARGET = 0.25
HTML_TARGET = 0.8
QUICK_N = 300
QUICK_ARGS = ["--quick"]  # what `run.py --quick` adds for this benchmark

# The call marsad makes in marsad.ingest.formats.html_to_draft.
TRAFILATURA_ARGS = dict(
    with_metadata=True, include_comments=False, include_tables=False, include_images=False, favor_precision=True,
)


def walk(root: Path, suffixes: tuple[str, ...]) -> list[str]:
    """Files under `root` in the order marsad's directory walk yields them (sorted, no dot-files)."""
    found = []
    for base, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in suffixes:
                found.append(str(Path(base) / name))
    return found


class Tally:
    """Articles and seconds (wall and CPU) summed over the chunks of one round."""

    def __init__(self) -> None:
        self.count = 0
        self.wall = self.cpu = 0.0
        self.extra: dict[str, int] = {}
        self.notes: list[str] = []

    @contextlib.contextmanager
    def timing(self) -> Iterator[None]:
        wall0, cpu0 = time.perf_counter(), time.process_time()
        yield
        self.wall += time.perf_counter() - wall0
        self.cpu += time.process_time() - cpu0

    def add(self, **counts: int) -> None:
        for k, v in counts.items():
            self.extra[k] = self.extra.get(k, 0) + v

    def record(self) -> dict:
        out = {"count": self.count, "seconds": round(self.wall, 4), "cpu_seconds": round(self.cpu, 4),
               "per_second": round(self.count / self.wall, 1), **self.extra}
        if self.notes:
            out["notes"] = self.notes[:3]
        return out


# -- the measurements: each adds one chunk (a directory) to a round's tally ---------------


def text_floor(chunk: Path, tally: Tally) -> None:
    with tally.timing():
        for path in walk(chunk, (".txt",)):
            with open(path, "rb") as fh:
                hashlib.sha256(fh.read()).hexdigest()
            tally.count += 1


def html_floor(chunk: Path, tally: Tally) -> None:
    import trafilatura

    with_text = 0
    with tally.timing():
        for path in walk(chunk, (".html",)):
            with open(path, "rb") as fh:
                doc = trafilatura.bare_extraction(fh.read(), **TRAFILATURA_ARGS)
            tally.count += 1
            with_text += bool(doc and (doc.text or "").strip())
    tally.add(with_text=with_text)


def marsad_ingest(chunk: Path, store: Store, tally: Tally) -> None:
    from marsad.ingest import IngestOptions
    from marsad.pipeline import ingest_paths

    with tally.timing():
        s = ingest_paths([str(chunk)], store, IngestOptions())
    tally.count += len(s.ingested) + len(s.unchanged) + len(s.refused)
    tally.add(ingested=len(s.ingested), unchanged=len(s.unchanged), refused=len(s.refused))
    tally.notes += [str(r) for r in s.refused[:3]]


def chunks(root: Path) -> list[Path]:
    """The top-level directories of the corpus (one per theatre), in walk order."""
    subdirs = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    return subdirs or [root]


def run_round(r: int, text_dir: Path, html_dir: Path | None, work: Path) -> dict[str, dict]:
    """One round: every chunk measured by each side in turn, the side going first alternating.

    Interleaving chunk by chunk (a few seconds each) rather than pass by pass (up to a
    minute for HTML) means a burst of load from another tenant lands on both sides.
    """
    from marsad.store import open_store

    tallies = {k: Tally() for k in ("text_floor", "text_ingest", "text_reingest", "html_floor", "html_ingest")}
    open_t = Tally()
    with open_t.timing():
        text_store = open_store(f"sqlite:///{work / f'text-{r}.db'}")
        html_store = open_store(f"sqlite:///{work / f'html-{r}.db'}") if html_dir else None
    try:
        for i, chunk in enumerate(chunks(text_dir)):
            steps = [lambda c=chunk: text_floor(c, tallies["text_floor"]),
                     lambda c=chunk: (marsad_ingest(c, text_store, tallies["text_ingest"]),
                                      marsad_ingest(c, text_store, tallies["text_reingest"]))]
            for step in steps if i % 2 == 0 else reversed(steps):
                step()
        if html_dir:
            for i, chunk in enumerate(chunks(html_dir)):
                steps = [lambda c=chunk: html_floor(c, tallies["html_floor"]),
                         lambda c=chunk: marsad_ingest(c, html_store, tallies["html_ingest"])]
                for step in steps if i % 2 == 0 else reversed(steps):
                    step()
    finally:
        text_store.close()
        if html_store:
            html_store.close()
    out = {k: t.record() for k, t in tallies.items() if t.count}
    out["text_ingest"]["open_store_seconds"] = round(open_t.wall / (2 if html_dir else 1), 4)
    return out


RSS_CHILD = r"""
import json, resource, sys
from marsad.ingest import IngestOptions
from marsad.pipeline import ingest_paths
from marsad.store import open_store
root, db, html = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
if html:
    import trafilatura
    trafilatura.bare_extraction(open(sys.argv[4], "rb").read(), with_metadata=True, favor_precision=True)
store = open_store("sqlite:///" + db)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
s = ingest_paths([root], store, IngestOptions())
store.close()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
hwm = next((int(ln.split()[1]) for ln in open("/proc/self/status") if ln.startswith("VmHWM")), None)
print(json.dumps({"before_ingest_kb": before, "peak_kb": peak, "vmhwm_kb": hwm, "ingested": len(s.ingested)}))
"""


def peak_rss(root: Path, db: Path, html_sample: str | None) -> dict:
    """Peak RSS of one ingest, in a child process: before the ingest (imports, store) and at its peak."""
    argv = [sys.executable, "-c", RSS_CHILD, str(root), str(db), "1" if html_sample else "0", html_sample or ""]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    res = json.loads(out.strip().splitlines()[-1])
    return {"before_ingest_mb": round(res["before_ingest_kb"] / 1024, 1), "peak_mb": round(res["peak_kb"] / 1024, 1),
            "proc_vmhwm_mb": round(res["vmhwm_kb"] / 1024, 1) if res["vmhwm_kb"] else None, "ingested": res["ingested"]}


# -- the run ------------------------------------------------------------------------------


def summarise(runs: list[dict]) -> dict:
    speeds = [r["per_second"] for r in runs]
    return {"median_per_second": round(statistics.median(speeds), 1), "min_per_second": min(speeds),
            "max_per_second": max(speeds), "median_seconds": round(statistics.median(r["seconds"] for r in runs), 4),
            "runs": runs}


def ratio(num: dict, den: dict, target: float | None) -> dict:
    value = num["median_per_second"] / den["median_per_second"]
    per_round = [round(a["per_second"] / b["per_second"], 3) for a, b in zip(num["runs"], den["runs"], strict=True)]
    cpu = statistics.median(r["cpu_seconds"] for r in den["runs"]) / statistics.median(
        r["cpu_seconds"] for r in num["runs"])
    # value: median speed over median speed (the headline figure); the median of the
    # per-round ratios and the ratio of CPU seconds show how much noise moved it.
    out = {"value": round(value, 3), "median_of_rounds": round(statistics.median(per_round), 3),
           "per_round": per_round, "cpu_time_ratio": round(cpu, 3)}
    if target is not None:
        out |= {"target": target, "met": value >= target}
    return out


def machine() -> dict:
    import sqlalchemy
    import trafilatura

    model = ""
    try:
        model = next(ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpus": os.cpu_count(), "cpu_model": model or platform.processor(), "python": platform.python_version(),
            "platform": platform.platform(), "trafilatura": trafilatura.__version__,
            "sqlalchemy": sqlalchemy.__version__, "sqlite": __import__("sqlite3").sqlite_version}


def profile(text_dir: Path, work: Path, how: str) -> None:
    """Profile one plain-text ingest into a fresh store; stats to benchmarks/out/."""
    from marsad.ingest import IngestOptions
    from marsad.pipeline import ingest_paths
    from marsad.store import open_store

    OUT.mkdir(parents=True, exist_ok=True)
    store = open_store(f"sqlite:///{work / 'profile.db'}")
    if how == "pyinstrument":
        from pyinstrument import Profiler

        prof = Profiler(interval=0.0005)
        prof.start()
        ingest_paths([str(text_dir)], store, IngestOptions())
        prof.stop()
        (OUT / "ingest-text-profile.html").write_text(prof.output_html())
        print(prof.output_text(unicode=True, color=False, show_all=False))
        print(f"written: {OUT / 'ingest-text-profile.html'}")
    else:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        ingest_paths([str(text_dir)], store, IngestOptions())
        prof.disable()
        prof.dump_stats(OUT / "ingest-text.prof")
        stats = pstats.Stats(prof)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
        print(f"written: {OUT / 'ingest-text.prof'}")
    store.close()


def main(args: list[str]) -> dict | None:
    p = argparse.ArgumentParser(prog="bench ingest", description=__doc__.split("\n")[0])
    p.add_argument("--n", type=int, default=None, help="articles to generate (default 5000; --quick: 300)")
    p.add_argument("--quick", action="store_true", help="a small smoke-test size")
    p.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the median is reported (default 3)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--no-html", action="store_true", help="skip the HTML measurements")
    p.add_argument("--profile", nargs="?", const="cprofile", choices=["cprofile", "pyinstrument"],
                   help="profile one plain-text ingest instead of benchmarking")
    p.add_argument("--workdir", help="where to write the corpus and databases (default: a temporary directory)")
    p.add_argument("--out", help="JSON file for the figures (default benchmarks/out/ingest.json; "
                                 "--quick: ingest-quick.json, so a smoke test never replaces a full run)")
    opts = p.parse_args(args)
    n = opts.n or (QUICK_N if opts.quick else 5000)

    work = Path(opts.workdir) if opts.workdir else Path(tempfile.mkdtemp(prefix="marsad-bench-ingest-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return _run(opts, n, work)
    finally:
        if not opts.workdir:
            shutil.rmtree(work, ignore_errors=True)


def _run(opts: argparse.Namespace, n: int, work: Path) -> dict | None:
    text_dir, html_dir = work / "text", work / "html"
    for d in (text_dir, html_dir):
        shutil.rmtree(d, ignore_errors=True)
    # The corpus is written by a child process, so that this one stays small until the
    # peak-RSS children below are started (a child's ru_maxrss starts at its parent's RSS).
    t0 = time.perf_counter()
    argv = [sys.executable, corpus.__file__, "--n", str(n), "--seed", str(opts.seed), "--text", str(text_dir)]
    if not opts.no_html:
        argv += ["--html", str(html_dir)]
    sizes = json.loads(subprocess.run(argv, capture_output=True, text=True, check=True).stdout)
    text_bytes, html_bytes = sizes["text_bytes"], sizes["html_bytes"]
    print(f"corpus: {n} articles, {text_bytes / n / 1024:.1f} KB text"
          + ("" if opts.no_html else f", {html_bytes / n / 1024:.1f} KB HTML") + f" on average "
          f"({time.perf_counter() - t0:.1f} s to generate), in {work}", flush=True)
    html_pages = [] if opts.no_html else walk(html_dir, (".html",))

    if opts.profile:
        profile(text_dir, work, opts.profile)
        return None

    # Peak RSS first, while this process is still small (see above).
    rss = {"text_ingest": peak_rss(text_dir, work / "rss-text.db", None)}
    if html_pages:
        rss["html_ingest"] = peak_rss(html_dir, work / "rss-html.db", html_pages[0])
    parent_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for v in rss.values():
        v["parent_at_spawn_mb"] = round(parent_kb / 1024, 1)

    # Imports before any clock starts: marsad's, and trafilatura's first import and
    # first extraction, paid here once and by neither HTML side.
    import marsad.ingest  # noqa: F401
    import marsad.pipeline  # noqa: F401
    import marsad.store  # noqa: F401

    if html_pages:
        import trafilatura

        with open(html_pages[0], "rb") as fh:
            trafilatura.bare_extraction(fh.read(), **TRAFILATURA_ARGS)

    load_before = os.getloadavg()
    runs: dict[str, list[dict]] = {k: [] for k in ("text_floor", "text_ingest", "text_reingest", "html_floor",
                                                    "html_ingest")}
    for r in range(1, opts.rounds + 1):
        for key, rec in run_round(r, text_dir, html_dir if html_pages else None, work).items():
            runs[key].append(rec)
        line = (f"round {r}/{opts.rounds}: text floor {runs['text_floor'][-1]['per_second']:,.0f}/s, "
                f"ingest {runs['text_ingest'][-1]['per_second']:,.0f}/s, "
                f"re-ingest {runs['text_reingest'][-1]['per_second']:,.0f}/s")
        if html_pages:
            line += (f"; html trafilatura {runs['html_floor'][-1]['per_second']:,.0f}/s, "
                     f"ingest {runs['html_ingest'][-1]['per_second']:,.0f}/s")
        print(line, flush=True)
        for db in work.glob(f"*-{r}.db*"):
            db.unlink()
    load_after = os.getloadavg()

    problems = _check(runs, n)
    results = {k: summarise(v) for k, v in runs.items() if v}
    ratios = {
        "text_ingest_vs_floor": ratio(results["text_ingest"], results["text_floor"], TEXT_TARGET),
        "text_reingest_vs_floor": ratio(results["text_reingest"], results["text_floor"], None),
    }
    if html_pages:
        ratios["html_ingest_vs_trafilatura"] = ratio(results["html_ingest"], results["html_floor"], HTML_TARGET)

    report = {
        "benchmark": NAME,
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine() | {"loadavg_before": [round(x, 2) for x in load_before],
                                "loadavg_after": [round(x, 2) for x in load_after]},
        "params": {"articles": n, "rounds": opts.rounds, "seed": opts.seed, "quick": opts.quick},
        "corpus": {"articles": n, "text_bytes": text_bytes, "html_bytes": html_bytes,
                   "text_mean_kb": round(text_bytes / n / 1024, 2),
                   "html_mean_kb": round(html_bytes / n / 1024, 2) if html_bytes else None},
        "results": results,
        "ratios": ratios,
        "peak_rss": rss,
        "problems": problems,
    }
    out = Path(opts.out or OUT / ("ingest-quick.json" if opts.quick else "ingest.json"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print_table(report)
    print(f"written: {out}")
    return report


def _check(runs: dict[str, list[dict]], n: int) -> list[str]:
    """What the ingest got wrong, if anything: every article must be stored once, then found unchanged."""
    problems = []
    for r in runs["text_ingest"]:
        if r["ingested"] != n or r["refused"]:
            problems.append(f"text ingest stored {r['ingested']} of {n} ({r['unchanged']} unchanged, "
                            f"{r['refused']} refused: {r.get('notes')})")
    for r in runs["text_reingest"]:
        if r["unchanged"] != n:
            problems.append(f"text re-ingest found {r['unchanged']} of {n} unchanged ({r['ingested']} stored again)")
    for r in runs["html_ingest"]:
        if r["ingested"] != n or r["refused"]:
            problems.append(f"html ingest stored {r['ingested']} of {n} ({r['unchanged']} unchanged, "
                            f"{r['refused']} refused: {r.get('notes')})")
    for r in runs["html_floor"]:
        if r["with_text"] != n:
            problems.append(f"trafilatura found text in {r['with_text']} of {n} pages")
    for p in dict.fromkeys(problems):
        print(f"PROBLEM: {p}", file=sys.stderr)
    return list(dict.fromkeys(problems))


def print_table(report: dict) -> None:
    res, rat = report["results"], report["ratios"]
    rows = [
        ("text floor (read + sha256)", "text_floor", None),
        ("text ingest (marsad -> SQLite)", "text_ingest", "text_ingest_vs_floor"),
        ("text re-ingest (all unchanged)", "text_reingest", "text_reingest_vs_floor"),
        ("html floor (trafilatura)", "html_floor", None),
        ("html ingest (marsad -> SQLite)", "html_ingest", "html_ingest_vs_trafilatura"),
    ]
    print()
    print(f"{'measurement':34} {'articles/s':>11} {'min-max':>17} {'ratio':>7} {'rounds':>17} {'target':>10}")
    for label, key, rkey in rows:
        if key not in res:
            continue
        r = res[key]
        spread = f"{r['min_per_second']:,.0f}-{r['max_per_second']:,.0f}"
        ratio_s = target_s = rounds_s = ""
        if rkey:
            ratio_s = f"{rat[rkey]['value']:.2f}"
            rounds_s = " ".join(f"{x:.2f}" for x in rat[rkey]["per_round"])
            if "target" in rat[rkey]:
                target_s = f">={rat[rkey]['target']}" + (" ok" if rat[rkey]["met"] else " NO")
        print(f"{label:34} {r['median_per_second']:>11,.1f} {spread:>17} {ratio_s:>7} {rounds_s:>17} {target_s:>10}")
    for key, v in report["peak_rss"].items():
        print(f"peak RSS, {key.replace('_', ' ')}: {v['peak_mb']} MB (before the ingest: {v['before_ingest_mb']} MB;"
              f" {v['ingested']} articles)")
    m = report["machine"]
    print(f"{report['params']['articles']} articles, median of {report['params']['rounds']} interleaved rounds; "
          f"{m['cpus']} CPUs, load {m['loadavg_before'][0]} -> {m['loadavg_after'][0]}")
