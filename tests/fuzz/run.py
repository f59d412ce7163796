"""Run one fuzz target under atheris (coverage-guided, libFuzzer), from its seeds.

    python tests/fuzz/run.py TARGET [--seconds N] [--runs N] [libFuzzer flags...]
    python tests/fuzz/run.py --list

Seeds: tests/fuzz/seeds/TARGET/ (written by the team, kept in the repo). New inputs the
fuzzer finds go to .fuzz/TARGET/ (not committed); a crash is written as
.fuzz/crash-TARGET-* and the run fails: add it to the seeds and a test with it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("target", nargs="?")
    p.add_argument("--seconds", type=int, default=60, help="stop after this long (default 60)")
    p.add_argument("--runs", type=int, default=-1, help="stop after this many inputs (default: no limit)")
    p.add_argument("--list", action="store_true")
    opts, rest = p.parse_known_args()

    import atheris

    with atheris.instrument_imports(include=["marsad"]):
        from tests.fuzz.targets import TARGETS, Finding  # noqa: F401 - Finding named in crash reports

        import marsad.annotate  # noqa: F401 - instrumented before first use
        import marsad.extract  # noqa: F401
        import marsad.fuse  # noqa: F401
        import marsad.ingest  # noqa: F401
    if opts.list or not opts.target:
        print("\n".join(TARGETS))
        return
    target = TARGETS[opts.target]
    if opts.target == "extract":
        from tests.fuzz.targets import annotators

        annotators()  # the gazetteer and lexicons once, before the clock starts
    corpus = ROOT / ".fuzz" / opts.target
    corpus.mkdir(parents=True, exist_ok=True)
    seeds = HERE / "seeds" / opts.target
    args = [sys.argv[0], f"-max_total_time={opts.seconds}", f"-runs={opts.runs}", "-rss_limit_mb=4096",
            "-timeout=60", f"-artifact_prefix={ROOT / '.fuzz'}/crash-{opts.target}-", "-print_final_stats=1",
            *rest, str(corpus), str(seeds)]
    atheris.Setup(args, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
