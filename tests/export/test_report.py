"""marsad report: the situation report's figures, its self-contained HTML, and its PDF
read back as text (pdftotext) and looked at as images (pdftoppm)."""

from __future__ import annotations

import datetime as dt

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from markupsafe import escape
import sqlalchemy as sa
from typer.testing import CliRunner

from marsad.cli import app
from marsad.export.report import gather, in_period, render_html, write_report
from marsad.model import Article, Claim, Place, Range, Source
from marsad.store import open_store, schema

FROM, TO = dt.date(2014, 1, 1), dt.date(2022, 12, 31)


@pytest.fixture(scope="module")
def sample_report(sample_db):
    store = open_store(f"sqlite:///{sample_db}")
    with store.read() as conn:
        report = gather(conn, FROM, TO)
    store.close()
    return report


def _sql(db: Path, q: str, *args) -> list:  # noqa: ANN002
    eng = sa.create_engine(f"sqlite:///{db}")
    with eng.connect() as conn:
        rows = conn.execute(sa.text(q), dict(enumerate(args))).all() if args else conn.execute(sa.text(q)).all()
    eng.dispose()
    return rows


def test_headline_figures_are_the_stored_events_sums(sample_report, sample_db):
    (n, best, low, high, unknown), = _sql(sample_db, f"""
        SELECT count(*), sum(fatalities_best), sum(coalesce(fatalities_low, fatalities_best)),
               sum(coalesce(fatalities_high, fatalities_best)), sum(fatalities_best IS NULL)
        FROM events WHERE date_start BETWEEN '{FROM}' AND '{TO}'""")
    h = sample_report.headline
    assert n > 10 and (h["events"], h["killed_best"], h["killed_low"], h["killed_high"]) == (n, best, low, high)
    assert h["no_figure"] == unknown > 0  # unknown stays unknown: counted, never summed as 0
    assert h["killed_low"] <= h["killed_best"] <= h["killed_high"]
    assert h["corroborated"] + h["contested"] + h["single_source"] == n
    assert sum(t[1] for t in sample_report.types) == n
    page = render_html(sample_report)
    assert f"<b>{n}</b><span>events</span>" in page and f"{unknown} of {n} events report no fatality figure" in page


def test_deadliest_and_contested_events_show_every_claim(sample_report, sample_db):
    top = sample_report.deadliest
    assert top and [e["fatalities"]["best"] for e in top] == sorted((e["fatalities"]["best"] for e in top), reverse=True)
    (most,), = _sql(sample_db, f"SELECT max(fatalities_best) FROM events WHERE date_start BETWEEN '{FROM}' AND '{TO}'")
    assert top[0]["fatalities"]["best"] == most
    assert sample_report.contested and all(e["status"] == "contested" for e in sample_report.contested)
    shown = {e["event_id"] for e in top}
    assert not shown & {e["event_id"] for e in sample_report.contested}  # each event once
    page = render_html(sample_report)
    for e in top + sample_report.contested:
        for c in e["claims"]:
            assert str(escape(c["quote"])) in page
    contested = sample_report.contested[0]
    assert any(contested["disagree"]["fatalities"]) and 'class="fig disagree"' in page


def test_control_changes_of_the_period_with_their_evidence(sample_report, sample_db):
    rows = _sql(sample_db, f"SELECT p.name FROM control_periods c JOIN places p ON p.id = c.place_id "
                           f"WHERE c.since BETWEEN '{FROM}' AND '{TO}'")
    assert rows and sorted(c["place"] for c in sample_report.control) == sorted(r[0] for r in rows)
    assert any(c["before"] for c in sample_report.control)  # a place that changed hands names its holder before
    assert all(c["evidence"] and c["evidence"][0]["quote"] for c in sample_report.control)


def test_html_is_self_contained_and_needs_no_network(sample_report):
    page = render_html(sample_report)
    assert "<script" not in page and "<link" not in page and "@import" not in page
    sources = re.findall(r'src="([^"]*)"', page)
    assert len(sources) == 2 and all(s.startswith("data:image/svg+xml;base64,") for s in sources)  # map and chart
    for name in ("Headline figures", "Map", "Week by week", "Surges", "Deadliest events", "Most contested events",
                 "Control changes", "Sources"):
        assert f"<h2>{name}</h2>" in page


def test_weekly_chart_spans_the_period_only():
    tl = {"by": "type", "weeks": ["2021-02-22", "2021-03-01", "2021-03-08"], "series": {"Battles": [4, 1, 2]},
          "fatalities": {"low": [1, 0, 3], "best": [2, 0, 3], "high": [9, 0, 3]}}
    cut = in_period(tl, dt.date(2021, 3, 3), dt.date(2021, 3, 24))
    assert cut["weeks"] == ["2021-03-01", "2021-03-08", "2021-03-15", "2021-03-22"]
    assert cut["series"]["Battles"] == [1, 2, 0, 0] and cut["fatalities"]["high"] == [0, 3, 0, 0]


def _store_with(tmp_path: Path, claims: list[Claim], article: Article) -> str:
    from marsad.fuse import load_rules

    url = f"sqlite:///{tmp_path / 'r.db'}"
    store = open_store(url)
    store.add_articles([article], {article.id: claims}, rules=load_rules(), extractor="test")
    store.close()
    return url


def _claim(i: int, day: dt.date, actor: str, place: Place, quote: str = "", source: str = "Monitor",
           killed: Range | None = None) -> Claim:
    return Claim(article_id="a" * 24, quote=quote or f"q{i}", start=i * 10, end=i * 10 + 5,
                 source=Source(source, "monitor"), event_type="Battles", sub_event_type="Armed clash", actor1=actor,
                 actor2="Civilians", place=place, geo_precision=1, date_start=day, date_end=day, time_precision="day",
                 killed=killed or Range(), id=f"c{i:06d}")


def test_surges_are_phrased_with_ratio_and_p(tmp_path):
    towns = [Place(f"Town {k}", 14 + k / 10, -4 + k / 10, geonameid=900 + k, country_code="ML") for k in range(20)]
    start = dt.date(2021, 1, 4)  # a Monday: eight quiet weeks, then ten events in one
    claims = [_claim(i, start + dt.timedelta(weeks=i), "JNIM", towns[i]) for i in range(8)]
    claims += [_claim(8 + i, start + dt.timedelta(weeks=8, days=i % 5), "JNIM", towns[8 + i]) for i in range(10)]
    url = _store_with(tmp_path, claims, Article(id="a" * 24, text=" " * 400, published=start + dt.timedelta(weeks=9)))
    store = open_store(url)
    with store.read() as conn:
        surge_week = gather(conn, start + dt.timedelta(weeks=8), start + dt.timedelta(weeks=8, days=6))
        quiet_week = gather(conn, start + dt.timedelta(weeks=5), start + dt.timedelta(weeks=5, days=6))
    store.close()
    assert [(t.key, t.count) for t in surge_week.surges] == [("JNIM in ML", 10)] and not quiet_week.surges
    page = render_html(surge_week)
    assert "Events by JNIM in Mali, week of 2021-03-01: 10, 10.0× the 1.0 a week of the 8 weeks before (p &lt; 0.001)" \
        in page
    assert "No actor's weekly count" in render_html(quiet_week)


def test_article_text_and_names_are_escaped(tmp_path):
    town = Place("Town", 12.0, 13.0, geonameid=77, country_code="NG")
    bad = "<script>alert(1)</script>"
    claims = [_claim(0, dt.date(2021, 5, 3), f"{bad}Group", town, quote=f"Fighters {bad} killed 5.",
                     source=f"<b>{bad}</b>", killed=Range(5, 5))]
    url = _store_with(tmp_path, claims, Article(id="a" * 24, text=" " * 40, title=bad, url="javascript:alert(1)",
                                                published=dt.date(2021, 5, 4)))
    out = tmp_path / "r.html"
    done = CliRunner().invoke(app, ["report", "--db", url, "--from", "2021-05-01", "--to", "2021-05-07",
                                    "--out", str(out)])
    assert done.exit_code == 0, done.output
    page = out.read_text("utf-8")
    assert "<script" not in page and "javascript:" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "killed 5" in page


def test_cli_refuses_bad_input_by_name(tmp_path, sample_db):
    db = ["--db", f"sqlite:///{sample_db}"]
    runner = CliRunner()
    for args, words in (
        (["--out", str(tmp_path / "r.docx")], "written as .html or .pdf"),
        (["--country", "Narnia", "--out", str(tmp_path / "r.html")], "'Narnia': not a country"),
        (["--from", "2021-05-01", "--to", "2021-04-01", "--out", str(tmp_path / "r.html")], "is after --to"),
    ):
        done = runner.invoke(app, ["report", *db, *args])
        assert done.exit_code == 2 and words in done.output, done.output
    assert not list(tmp_path.iterdir())  # nothing half-written
    missing = runner.invoke(app, ["report", "--db", str(tmp_path / "e.db"), "--out", str(tmp_path / "e.html")])
    assert missing.exit_code == 2 and "no database at" in missing.output and not list(tmp_path.iterdir())
    open_store(str(tmp_path / "e.db")).close()
    empty = runner.invoke(app, ["report", "--db", f"sqlite:///{tmp_path / 'e.db'}", "--out", str(tmp_path / "e.html")])
    assert empty.exit_code == 1 and "no dated events" in empty.output


def test_country_filter_and_default_period(tmp_path, sample_db):
    out = tmp_path / "sy.html"
    done = CliRunner().invoke(app, ["report", "--db", f"sqlite:///{sample_db}", "--from", str(FROM), "--to", str(TO),
                                    "--country", "Syria", "--out", str(out)])
    assert done.exit_code == 0, done.output
    page = out.read_text("utf-8")
    assert "Situation report: Syria, 1 January 2014 – 31 December 2022" in page
    (n,), = _sql(sample_db, f"SELECT count(*) FROM events e JOIN places p ON p.id = e.place_id WHERE p.country_code = "
                            f"'SY' AND e.date_start BETWEEN '{FROM}' AND '{TO}'")
    assert f"<b>{n}</b><span>events</span>" in page
    last = CliRunner().invoke(app, ["report", "--db", f"sqlite:///{sample_db}", "--out", str(tmp_path / "w.html")])
    (latest,), = _sql(sample_db, "SELECT max(date_start) FROM events")
    latest = dt.date.fromisoformat(str(latest))
    assert last.exit_code == 0 and f"Events from {latest - dt.timedelta(days=6)} to {latest}" in \
        (tmp_path / "w.html").read_text("utf-8")


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
                    reason="pdftoppm/pdftotext (Debian poppler-utils) not installed; .ci/run installs them")
def test_pdf_reads_back_as_text_and_pages(sample_report, tmp_path):
    import numpy as np
    from PIL import Image

    pdf = tmp_path / "report.pdf"
    write_report(sample_report, pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for words in ("Situation report", "Headline figures", "Deadliest events", "Control changes", "Sources"):
        assert words in text
    assert str(sample_report.headline["killed_best"]) in text
    first_quote = sample_report.deadliest[0]["claims"][0]["quote"]
    assert " ".join(first_quote.split()[:4]) in " ".join(text.split())
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3
    artefacts = Path(__file__).parents[2] / "test-artifacts"
    artefacts.mkdir(exist_ok=True)
    colours = set()
    for page in pages:
        img = Image.open(page).convert("RGB")
        shutil.copy(page, artefacts / f"report-{page.name}")
        pixels = np.asarray(img, dtype=int).reshape(-1, 3)
        inked = int((pixels.sum(axis=1) < 600).sum())
        assert inked > len(pixels) * 0.005, f"{page.name} is blank"
        saturated = pixels[pixels.max(axis=1) - pixels.min(axis=1) > 60]  # markers, bars, highlights
        colours |= {tuple(p) for p in saturated}
    # The map's and the chart's type colours were drawn (Battles red, explosions orange).
    assert any(r > 150 and g < 90 and b < 90 for r, g, b in colours)
    assert any(r > 200 and 90 < g < 160 and b < 60 for r, g, b in colours)


def _headline_box(page: str, label: str) -> str:
    """The headline figure shown above `label` ("killed", "wounded") in the report's HTML."""
    found = re.search(rf"<div><b>([^<]*)</b><span>{label}[^<]*</span></div>", page)
    assert found, f"no headline figure for {label}"
    return found.group(1)


def _report_page(tmp_path, claims) -> str:
    """The HTML report of the first week of May 2021 over a store holding `claims`."""
    url = _store_with(tmp_path, claims, Article(id="a" * 24, text=" " * 60, published=dt.date(2021, 5, 7)))
    store = open_store(url)
    with store.read() as conn:
        report = gather(conn, dt.date(2021, 5, 1), dt.date(2021, 5, 7))
    store.close()
    return render_html(report)


def test_a_period_without_any_fatality_figure_says_no_figures_never_zero(tmp_path):
    towns = [Place(f"Town {k}", 12.0 + k, 13.0, geonameid=80 + k, country_code="NG") for k in range(3)]
    claims = [_claim(i, dt.date(2021, 5, 3 + i), f"Group {i}", towns[i]) for i in range(3)]  # no figure given
    page = _report_page(tmp_path, claims)
    assert "<b>3</b><span>events</span>" in page
    assert _headline_box(page, "killed") == "no figures" and _headline_box(page, "wounded") == "no figures"
    assert "None of the 3 events reports a fatality figure" in page
    assert "<td class=\"num\">0</td>" not in page  # nor 0 killed per event type
    assert "Battles</td><td class=\"num\">3</td><td class=\"num\">no figures</td>" in page


def test_some_events_without_figures_are_counted_beside_the_sum(tmp_path):
    towns = [Place(f"Town {k}", 12.0 + k, 13.0, geonameid=80 + k, country_code="NG") for k in range(3)]
    claims = [_claim(0, dt.date(2021, 5, 3), "Group 0", towns[0], killed=Range(5, 5)),
              _claim(1, dt.date(2021, 5, 4), "Group 1", towns[1]), _claim(2, dt.date(2021, 5, 5), "Group 2", towns[2])]
    page = _report_page(tmp_path, claims)
    assert _headline_box(page, "killed") == "5"
    assert re.search(r"<span>killed \(best\); range 5–5; 2 of 3 events without a figure</span>", page)
    assert "2 of 3 events report no fatality figure" in page
