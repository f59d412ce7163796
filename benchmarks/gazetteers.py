"""Gazetteer set-ups for the place benchmarks: the default alone, then with country dumps.

    for name, gaz, dumps in setups(["SY", "IQ"], SHARED / "gazetteer"):
        ...  # "default", then "+ dumps (IQ SY)"; each a copy of the user's default gazetteer

Each set-up is a copy in a temporary folder (the user's gazetteer is never changed), closed
and removed when the loop moves on.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from marsad.resolve.gazetteer import Gazetteer, open_gazetteer  # noqa: E402


def setups(countries: Iterable[str], dumps_dir: Path | None) -> Iterator[tuple[str, Gazetteer, list[str]]]:
    """("default", gazetteer, []), then ("+ dumps (CC ...)", gazetteer, [CC ...]) when `dumps_dir`
    holds a GeoNames-format dump (CC.txt) of any of `countries`."""
    base = open_gazetteer()  # the user's default gazetteer, built once
    base.close()
    dumps = sorted(p for cc in set(countries) if dumps_dir and (p := dumps_dir / f"{cc}.txt").is_file())
    tmp = Path(tempfile.mkdtemp(prefix="marsad-bench-gaz-"))
    try:
        for name, files in [("default", []), *([("+ dumps (" + " ".join(p.stem for p in dumps) + ")", dumps)] if dumps else [])]:
            path = tmp / f"{len(files)}.sqlite"
            shutil.copyfile(base.path, path)
            gaz = open_gazetteer(path)
            try:
                for f in files:
                    gaz.import_file(f)
                yield name, gaz, [p.stem for p in files]
            finally:
                gaz.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
