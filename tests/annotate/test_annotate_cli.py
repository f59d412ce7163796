"""`marsad annotate`: mentions with spans and evidence, as JSON and as escaped HTML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.resolve.gazetteer import open_gazetteer

DATA = Path(__file__).parent.parent / "data" / "gazetteer"


@pytest.fixture
def gaz_path(tmp_path):
    path = tmp_path / "g.sqlite"
    g = open_gazetteer(path, build=False)
    g.import_file(DATA / "XX.txt", admin1_codes=DATA / "admin1CodesASCII.txt")
    g.close()
    return str(path)


def test_json_lists_mentions_with_spans_and_evidence(tmp_path, gaz_path):
    text = "Militants attacked a checkpoint near Dayr az Zawr in Syria on Sunday."
    (tmp_path / "a.txt").write_text(text)
    result = CliRunner().invoke(app, ["annotate", str(tmp_path / "a.txt"), "--gazetteer", gaz_path])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    [place] = [m for m in doc["mentions"] if m["text"] == "near Dayr az Zawr"]
    assert doc["article"]["text"][place["start"]:place["end"]] == "near Dayr az Zawr"
    assert place["resolved"]["place"]["name"] == "Deir ez-Zor" and place["evidence"] == "places.v1"
    assert doc["countries"][0] == "SY"


def test_html_escapes_article_text(tmp_path, gaz_path):
    (tmp_path / "x.txt").write_text("Shelling hit Homs in Syria <script>alert('x')</script> on Monday, a medic said.")
    out = tmp_path / "x.html"
    result = CliRunner().invoke(app, ["annotate", str(tmp_path / "x.txt"), "--gazetteer", gaz_path,
                                      "--format", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<mark class='place'" in page and ">Homs</mark>" in page


def test_learn_stores_taught_names(tmp_path, gaz_path):
    (tmp_path / "r.txt").write_text('Jihadists around Deir Ezzor in Syria renamed the province "Wilayat al-Khayr".')
    CliRunner().invoke(app, ["annotate", str(tmp_path / "r.txt"), "--gazetteer", gaz_path, "--learn"])
    result = CliRunner().invoke(app, ["place", "Wilayat al-Khayr", "--country", "SY", "--gazetteer", gaz_path,
                                      "--format", "json"])
    assert json.loads(result.stdout)["name"] == "Deir ez-Zor"
