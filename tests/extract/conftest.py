"""Annotators over the small real test gazetteer (tests/data/gazetteer/XX.txt), built once per module."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.annotate import load_annotators
from marsad.resolve.gazetteer import open_gazetteer

GAZETTEER = Path(__file__).parent.parent / "data" / "gazetteer"


@pytest.fixture(scope="module")
def gaz_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("g") / "g.sqlite"
    gaz = open_gazetteer(path, build=False)
    gaz.import_file(GAZETTEER / "XX.txt", admin1_codes=GAZETTEER / "admin1CodesASCII.txt")
    gaz.close()
    return path


@pytest.fixture(scope="module")
def annotators(gaz_file):
    gaz = open_gazetteer(gaz_file, build=False)
    yield load_annotators(gaz)
    gaz.close()
