"""Run marsad's benchmarks: every module in benchmarks/ that defines `main(args)`.

    ./run bench                       # all of them, full size
    ./run bench --quick               # all of them, smoke-test sizes where they have one
    ./run bench --only ingest         # bench_ingest.py (or ingest.py) alone
    ./run bench --only ingest --n 20000 --rounds 5   # other flags go to the chosen benchmark(s)
    ./run bench --list

A benchmark is a module here, bench_NAME.py (or NAME.py), with `main(args: list[str])`;
it parses its own flags from `args`, prints a table and writes its figures as JSON to
benchmarks/out/NAME.json (git-ignored). A module with a smoke-test size defines
`QUICK_ARGS`, the flags `--quick` adds for it (e.g. ["--quick"]); the others run at
their own size under --quick. docs/performance.md records the figures of reference runs.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Helpers, not benchmarks.
SKIP = {"run", "corpus", "conftest", "events_db", "served", "gazetteers"}


def candidates() -> dict[str, str]:
    """Benchmark name -> module name, for every module here (imported only when chosen)."""
    found = {}
    for path in sorted(HERE.glob("*.py")):
        if path.stem in SKIP or path.stem.startswith("_"):
            continue
        found[path.stem.removeprefix("bench_")] = path.stem
    return found


def load(module_name: str):
    """(module, None), or (None, why) if it cannot be imported or has no main()."""
    try:
        module = importlib.import_module(module_name)
    except Exception:  # noqa: BLE001 - a broken benchmark must not stop the others
        traceback.print_exc()
        return None, "cannot be imported (traceback above)"
    if not callable(getattr(module, "main", None)):
        return None, "defines no main(args)"
    return module, None


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="./run bench", description="Run marsad's benchmarks.",
                                epilog="Other flags are passed to the chosen benchmark(s), e.g. "
                                       "--only ingest --n 20000 --rounds 5.")
    p.add_argument("--only", metavar="NAME", action="append", help="run only this benchmark (repeatable)")
    p.add_argument("--quick", action="store_true", help="small smoke-test sizes")
    p.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    opts, rest = p.parse_known_args(argv)

    sys.path.insert(0, str(HERE))
    known = candidates()
    unknown = [n for n in opts.only or [] if n not in known]
    if unknown:
        print(f"unknown benchmark {', '.join(unknown)} (known: {', '.join(known)})", file=sys.stderr)
        return 2
    chosen = opts.only or list(known)
    failed = []
    for name in chosen:
        module, why = load(known[name])
        if module is None:
            # A helper module without main() is skipped unless asked for by name.
            if opts.only or why.startswith("cannot"):
                print(f"{name}: {why}", file=sys.stderr)
                failed.append(name)
            continue
        if opts.list:
            doc = (module.__doc__ or "").strip().splitlines()
            print(f"{name:12} {doc[0] if doc else ''}")
            continue
        args = list(rest)
        if opts.quick:
            quick = getattr(module, "QUICK_ARGS", None)
            if quick is None:
                print(f"({name} has no smoke-test size: running it at full size)", flush=True)
            args += list(quick or [])
        print(f"== {name} " + "=" * (60 - len(name)), flush=True)
        t0 = time.perf_counter()
        try:
            module.main(args)
        except SystemExit as exc:  # argparse errors inside a benchmark
            if exc.code:
                failed.append(name)
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            traceback.print_exc()
            failed.append(name)
        print(f"== {name}: {time.perf_counter() - t0:.0f} s", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
