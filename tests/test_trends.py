"""Trends and surge alerts: the Poisson test, and weekly counts from a real store."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.model import Claim, Place, Source
from marsad.store import open_store
from marsad.store.events import EventFilter
from marsad.trends import poisson_sf, surge_test, trends, week_of


def test_poisson_tail_matches_the_closed_form():
    assert poisson_sf(0, 3.0) == 1.0
    assert poisson_sf(1, 2.0) == pytest.approx(1 - math.exp(-2))
    assert poisson_sf(3, 1.0) == pytest.approx(1 - math.exp(-1) * (1 + 1 + 0.5))
    assert poisson_sf(30, 2.0) < 1e-15


def test_surge_needs_a_low_p_and_enough_events():
    mean, ratio, p, surge = surge_test([2, 3, 2, 1, 2, 3, 2, 1], 12)
    assert mean == 2.0 and ratio == 6.0 and p < 1e-4 and surge
    assert not surge_test([2, 3, 2, 1, 2, 3, 2, 1], 4)[3]  # within the usual
    assert not surge_test([0] * 8, 4)[3]  # a silent key needs min_count events
    assert surge_test([0] * 8, 5)[3]
    assert surge_test([], 6)[0] == 0.5  # no history: the floor mean


def _claim(i: int, day: dt.date, actor: str, place: Place) -> Claim:
    return Claim(article_id="a" * 24, quote=f"q{i}", start=i * 10, end=i * 10 + 5, source=Source("Monitor", "monitor"),
                 event_type="Battles", sub_event_type="Armed clash", actor1=actor, actor2="Civilians", place=place,
                 geo_precision=1, date_start=day, date_end=day, time_precision="day", id=f"c{i:06d}")


def test_weekly_surge_found_in_a_store(tmp_path):
    from marsad.fuse import load_rules
    from marsad.model import Article

    store = open_store(f"sqlite:///{tmp_path / 't.db'}")
    towns = [Place(f"Town {k}", 10 + k, 20 + k, geonameid=900 + k, country_code="ML", admin1="Mopti")
             for k in range(40)]
    start = dt.date(2021, 1, 4)  # a Monday
    claims, i = [], 0
    for w in range(9):  # eight quiet weeks (one event a week), then a surge of ten
        for _ in range(1 if w < 8 else 10):
            claims.append(_claim(i, start + dt.timedelta(weeks=w, days=i % 5), "JNIM", towns[i % 40]))
            i += 1
    claims.append(_claim(i, start + dt.timedelta(weeks=8), "Other group", towns[39]))
    article = Article(id="a" * 24, text=" " * (i * 10 + 20), published=start + dt.timedelta(weeks=9))
    store.add_articles([article], {article.id: claims}, rules=load_rules(), extractor="test")
    with store.read() as conn:
        found = trends(conn, EventFilter(), "actor")
        by_country = trends(conn, EventFilter(), "country")
        earlier = trends(conn, EventFilter(), "actor", week=start + dt.timedelta(weeks=5))
        pairs = trends(conn, EventFilter(), "actor,country")
    store.close()
    top = found[0]
    assert top.key == "JNIM" and top.surge and top.count == 10 and top.week == week_of(start + dt.timedelta(weeks=8))
    assert top.baseline_mean == 1.0 and top.ratio == 10.0
    assert [t.key for t in found if not t.surge] == ["Other group"]
    assert by_country[0].key == "ML" and by_country[0].count == 11
    assert earlier and not any(t.surge for t in earlier)
    assert [(t.key, t.count, t.surge) for t in pairs] == [("JNIM in ML", 10, True), ("Other group in ML", 1, False)]
    out = CliRunner().invoke(app, ["trends", "--db", f"sqlite:///{tmp_path / 't.db'}", "--format", "json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)
    assert rows[0]["key"] == "JNIM" and rows[0]["surge"] is True and rows[0]["p_value"] < 0.01


def test_trends_by_an_unknown_key_is_refused_by_name(tmp_path):
    out = CliRunner().invoke(app, ["trends", "--db", f"sqlite:///{tmp_path / 't.db'}", "--by", "actor,region"])
    assert out.exit_code == 2 and "'actor,region'" in out.output and "actor,country" in out.output
