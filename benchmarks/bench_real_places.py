"""Places on real news excerpts: event recall and F1 with the default gazetteer and with the
GeoNames-format dumps of the excerpts' countries imported, on both splits.

An event at the wrong place does not match its gold event, so place shows as event recall;
`marsad eval` also counts the gold events missed for the place alone (an unmatched prediction
of the same type on the same dates), reported here as a share of the missed ones.

The texts of ../shared/data/real/ are not stored with it: re-fetch them as its README says and
assemble them into a folder outside the repository, then point this at it:

    python benchmarks/bench_real_places.py --corpus /path/to/real/corpus
    (or MARSAD_REAL_CORPUS=/path/to/real/corpus ./run bench --only real_places)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "src"))

from marsad.annotate import load_annotators  # noqa: E402
from marsad.evaluate import evaluate, load_gold  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from gazetteers import setups  # noqa: E402


def run(gold_dir: Path, corpus: Path, gazetteer_dir: Path | None) -> dict:
    gold = load_gold(gold_dir)
    countries = sorted({g.place.country_code for item in gold for g in item.events if g.place.country_code})
    out: dict = {}
    print(f"{'set-up':<44}{'split':>6}{'recall':>8}{'F1':>7}{'missed':>8}{'for the place alone':>21}")
    for name, gaz, _ in setups(countries, gazetteer_dir):
        for report in evaluate(gold_dir, load_annotators(gaz), corpus_dir=corpus, splits=["dev", "test"]):
            d = report.as_dict()
            m, ev = d["metrics"], d["events"]
            alone = ev["missed_for_place_only"]
            share = alone / ev["fn"] if ev["fn"] else 0.0
            out[f"{name} {report.split}"] = {"recall": m["event_recall"], "f1": m["event_f1"], "missed": ev["fn"],
                                             "missed_for_place_alone": alone, "share": round(share, 3)}
            print(f"{name:<44}{report.split:>6}{m['event_recall']:>8.3f}{m['event_f1']:>7.3f}{ev['fn']:>8}"
                  f"{alone:>12} ({share:.0%})")
    return out


def main(args: list[str]) -> int:
    p = argparse.ArgumentParser(prog="bench_real_places")
    p.add_argument("--gold", type=Path, default=SHARED / "real" / "gold")
    p.add_argument("--corpus", type=Path, default=Path(os.environ.get("MARSAD_REAL_CORPUS", ROOT.parent / "real" / "corpus")))
    p.add_argument("--gazetteer-dir", type=Path, default=SHARED / "gazetteer")
    opts = p.parse_args(args)
    if not opts.gold.is_dir():
        print(f"skipped: {opts.gold} is absent (../shared/data/real/ beside the checkout)")
        return 0
    if not opts.corpus.is_dir() or not any(opts.corpus.glob("*.md")):
        print(f"skipped: no re-fetched texts in {opts.corpus} (see ../shared/data/real/README.md; "
              "--corpus or MARSAD_REAL_CORPUS says where they are)")
        return 0
    out = run(opts.gold, opts.corpus, opts.gazetteer_dir if opts.gazetteer_dir.is_dir() else None)
    (ROOT / "benchmarks" / "out").mkdir(exist_ok=True)
    (ROOT / "benchmarks" / "out" / "real_places.json").write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
