"""The JSON API and the pages behind it, over the sample corpus in a real SQLite file
(and the search and aggregates on a real PostgreSQL server)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from marsad.annotate import load_annotators
from marsad.ingest import IngestOptions
from marsad.pipeline import ingest_paths
from marsad.resolve.gazetteer import open_gazetteer
from marsad.store import open_store
from marsad.store import views
from marsad.store.events import EventFilter
from marsad.web import create_app
from tests.conftest import CORPUS
from tests.web.conftest import TOKEN, make_settings

DESIGN_KEYS = {"event_id", "event_date", "date_start", "date_end", "time_precision", "event_type", "sub_event_type",
               "actor1", "actor2", "assoc_actors", "location", "fatalities", "wounded", "weapons", "status", "claims",
               "sources", "notes", "extractor"}


def all_events(client, **params) -> list[dict]:
    out, offset = [], 0
    while True:
        page = client.get("/events.json", params={**params, "limit": 500, "offset": offset}).json()
        out += page["events"]
        if not page["more"]:
            return out
        offset += 500


# -- events -----------------------------------------------------------------------------


def test_events_pages_follow_each_other_without_overlap(client):
    everything = all_events(client)
    assert len(everything) > 100
    first = client.get("/events.json", params={"limit": 10}).json()
    second = client.get("/events.json", params={"limit": 10, "offset": 10}).json()
    assert first["more"] and len(first["events"]) == 10
    ids = [e["event_id"] for e in first["events"] + second["events"]]
    assert len(set(ids)) == 20 and ids == [e["event_id"] for e in everything[:20]]
    assert set(first["events"][0]) == DESIGN_KEYS
    last = client.get("/events.json", params={"limit": 10, "offset": len(everything) - 3}).json()
    assert len(last["events"]) == 3 and not last["more"]


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 100000}, {"offset": -1}, {"status": "bogus"},
                                    {"since": "yesterday"}, {"min_fatalities": -2}])
def test_bad_parameters_answer_json_with_a_message(client, params):
    r = client.get("/events.json", params=params)
    assert r.status_code == 422
    body = r.json()
    name = next(iter(params))
    assert name in body["error"] and str(params[name]) in body["error"]


def test_empty_form_fields_mean_any(client):
    everything = client.get("/events.json", params={"limit": 500}).json()["events"]
    empty = {k: "" for k in ("since", "until", "actor", "type", "source_kind", "place", "status", "min_fatalities")}
    assert client.get("/events.json", params={**empty, "limit": 500}).json()["events"] == everything
    assert client.get("/", params=empty).status_code == 200


def test_filters_hold_for_every_event_returned(client):
    everything = all_events(client)
    isis = all_events(client, actor="ISIS")  # an alias: resolved to the canonical name
    assert 0 < len(isis) < len(everything)
    assert all("Islamic State" in " ".join(filter(None, [e["actor1"], e["actor2"], *e["assoc_actors"]]))
               for e in isis)
    contested = all_events(client, status="contested")
    assert contested and all(e["status"] == "contested" for e in contested)
    big = all_events(client, min_fatalities=10)
    assert big and all(e["fatalities"]["best"] >= 10 for e in big)
    battles = all_events(client, type="Battles")
    assert battles and all(e["event_type"] == "Battles" for e in battles)
    since, until = "2019-01-01", "2019-12-31"
    year = all_events(client, since=since, until=until)
    assert year and all(e["date_end"] >= since and e["date_start"] <= until for e in year)
    nigeria = all_events(client, place="NG")
    assert nigeria and all(e["location"]["country_code"] == "NG" for e in nigeria)


def test_source_kind_filter_keeps_events_with_a_claim_of_that_kind(client):
    monitors = all_events(client, source_kind="monitor")
    assert monitors
    assert all(any(c["source_kind"] == "monitor" for c in e["claims"]) for e in monitors)
    assert len(monitors) < len(all_events(client))


def test_event_json_has_every_claim_with_quote_evidence_and_figure_sources(client):
    contested = all_events(client, status="contested")
    e = max(contested, key=lambda e: len(e["claims"]))
    d = client.get(f"/event/{e['event_id']}.json").json()
    assert len(d["claims"]) == len(e["claims"]) >= 2
    for c in d["claims"]:
        assert c["quote"] and c["claim_id"] and c["evidence"]
        for ev in c["evidence"].values():
            if "words" in ev:
                span = ev.get("span") or ev.get("from")
                assert len(ev["words"]) == span[1] - span[0]
    assert set(d["figures_from"]) == {"fatalities", "wounded"}
    page = client.get(f"/event/{e['event_id']}")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    for c in d["claims"]:
        assert escape(c["quote"])[:40] in page.text


def test_unknown_ids_are_404_json_or_page(client):
    r = client.get("/event/ev_nope.json")
    assert r.status_code == 404 and r.json() == {"error": "no event with id 'ev_nope'"}
    assert client.get("/event/ev_nope").status_code == 404
    assert client.get("/article/nope.json").status_code == 404
    assert client.get("/source/Nobody%20at%20all.json").status_code == 404
    assert client.get("/control/999999.json").status_code == 404


# -- map and timeline -------------------------------------------------------------------------


def test_map_sends_points_or_cells_and_respects_the_view(client, sample_db):
    world = client.get("/map.json").json()
    assert not world["aggregated"]
    located = [e for e in all_events(client) if e["location"]["lat"] is not None]
    assert len(world["features"]) == len(located)
    view = client.get("/map.json", params={"bbox": "30,35,38,43"}).json()  # Syria, roughly
    assert 0 < len(view["features"]) < len(world["features"])
    assert all(30 <= f["geometry"]["coordinates"][1] <= 38 and 35 <= f["geometry"]["coordinates"][0] <= 43
               for f in view["features"])
    store = open_store(f"sqlite:///{sample_db}")
    with store.read() as conn:
        cells = views.map_features(conn, EventFilter(), max_points=5)
    store.close()
    assert cells["aggregated"] and len(cells["features"]) <= views.GRID * views.GRID
    assert sum(f["properties"]["count"] for f in cells["features"]) == len(located)
    assert client.get("/map.json", params={"bbox": "91,0,0,1"}).status_code == 422


def test_timeline_counts_every_dated_event_once_per_week(client):
    everything = [e for e in all_events(client, type="Battles") if e["date_start"]]
    t = client.get("/timeline.json", params={"type": "Battles"}).json()
    assert sum(sum(s) for s in t["series"].values()) == len(everything)
    assert all(dt.date.fromisoformat(w).weekday() == 0 for w in t["weeks"])
    assert sum(t["fatalities"]["best"]) == sum(e["fatalities"]["best"] or 0 for e in everything)
    assert all(lo <= hi for lo, hi in zip(t["fatalities"]["low"], t["fatalities"]["high"], strict=True))
    by_actor = client.get("/timeline.json", params={"by": "actor"}).json()
    assert len(by_actor["series"]) <= views.TOP_SERIES + 1


# -- control ------------------------------------------------------------------------------------


def test_control_changes_hands_between_dates_with_evidence(client):
    places = client.get("/control.json").json()["places"]
    changed = [p for p in places if p["changes"] >= 2]
    assert changed, "the sample corpus has places that changed hands"
    p = changed[0]
    history = client.get(f"/control/{p['place_id']}.json").json()
    first, second = history["periods"][0], history["periods"][1]
    assert first["actor"] != second["actor"] and first["evidence"][0]["quote"]
    at_first = {x["place_id"]: x for x in client.get("/control.json", params={"at": first["since"]}).json()["places"]}
    at_second = {x["place_id"]: x for x in client.get("/control.json", params={"at": second["since"]}).json()["places"]}
    assert at_first[p["place_id"]]["actor"] == first["actor"]
    assert at_second[p["place_id"]]["actor"] == second["actor"]
    before = {x["place_id"]: x for x in client.get("/control.json", params={"at": "1900-01-01"}).json()["places"]}
    assert before[p["place_id"]]["actor"] is None  # nothing invented before the first dated change
    assert first["actor"] in client.get(f"/control/{p['place_id']}").text


# -- articles, sources, search ------------------------------------------------------------------


def test_article_has_mentions_of_each_kind_and_its_claims(client):
    e = max(all_events(client), key=lambda e: len(e["claims"]))
    aid = e["claims"][0]["article_id"]
    a = client.get(f"/article/{aid}.json").json()
    kinds = {m["kind"] for m in a["mentions"]}
    assert {"place", "actor", "date", "quantity"} <= kinds
    for m in a["mentions"]:
        assert a["text"][m["start"]:m["end"]] == m["text"]
    assert a["claims"] and all(a["text"][c["start"]:c["end"]] == c["quote"] for c in a["claims"])
    page = client.get(f"/article/{aid}").text
    assert 'class="m m-place"' in page and 'class="m m-actor"' in page


def test_source_profile_compares_its_figures_with_others(client):
    sources = client.get("/sources.json").json()["sources"]
    profiles = [client.get(f"/source/{s['source']}.json").json() for s in sources[:25]]
    compared = [p for p in profiles if p["compared"]]
    assert compared, "some sample sources share events with other claimants"
    for p in profiles:
        assert p["claims_total"] == next(s["claims"] for s in sources if s["source"] == p["source"])
        assert p["contested_share"] is None or 0 <= p["contested_share"] <= 1
    p = compared[0]
    # Recompute the median ratio from the events themselves.
    ratios = []
    for eid in {c["event_id"] for c in p["claims"]}:
        e = client.get(f"/event/{eid}.json").json()
        mine = [c for c in e["claims"] if c["source"] == p["source"]]
        theirs = [c for c in e["claims"] if c["source"] != p["source"]]

        def mid(r):
            vals = [v for v in (r["low"], r["high"]) if v is not None]
            return sum(vals) / len(vals) if vals else None

        others = sorted(m for c in theirs if (m := mid(c["killed"])) is not None)
        for c in mine:
            m = mid(c["killed"])
            if m is not None and others:
                n = len(others)
                med = others[n // 2] if n % 2 else (others[n // 2 - 1] + others[n // 2]) / 2
                if med > 0:
                    ratios.append(m / med)
    ratios.sort()
    n = len(ratios)
    expected = ratios[n // 2] if n % 2 else (ratios[n // 2 - 1] + ratios[n // 2]) / 2
    assert p["median_ratio"] == pytest.approx(expected, abs=1e-3)
    assert escape(p["source"]) in client.get(f"/source/{p['source']}").text


def test_full_text_search_finds_articles_by_stemmed_words_and_events_by_name(client):
    r = client.get("/search.json", params={"q": "Raqqa"}).json()
    assert r["articles"] and r["events"]
    assert all(a["highlights"] for a in r["articles"])  # the matched words are marked
    stemmed = client.get("/search.json", params={"q": "attacks"}).json()["articles"]
    singular = client.get("/search.json", params={"q": "attack"}).json()["articles"]
    assert stemmed and {a["article_id"] for a in stemmed} == {a["article_id"] for a in singular}
    for q in ['"', "AND OR NOT (", "*", "a'b", "NEAR(x y)", "\u202e"]:
        assert client.get("/search.json", params={"q": q}).status_code == 200
    page = client.get("/search", params={"q": "Raqqa"}).text
    assert "<mark>" in page


# -- writes ---------------------------------------------------------------------------------------

ARTICLE = """Gunmen kill 7 in attack on Tillaberi village

NIAMEY, 12 March 2024 - Gunmen on motorbikes killed seven civilians in an attack on a village
near Tillaberi on Monday, a local official told reporters.
"""


def test_ingest_needs_the_token_and_adds_the_article_and_its_events(writable_db, gaz_file):
    app = create_app(make_settings(writable_db, gaz_file))
    with TestClient(app) as c:
        before = len(all_events(c))
        r = c.post("/api/ingest", json={"text": ARTICLE, "outlet": "Sahel Wire"})
        assert r.status_code == 401 and "token" in r.json()["error"]
        r = c.post("/api/ingest", json={"text": ARTICLE}, headers={"Authorization": "Bearer wrong"})
        assert r.status_code == 401
        ok = c.post("/api/ingest", json={"text": ARTICLE, "outlet": "Sahel Wire"},
                    headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200, ok.text
        body = ok.json()
        assert len(body["ingested"]) == 1 and body["claims"] >= 1 and body["events"]
        e = c.get(f"/event/{body['events'][0]}.json").json()
        assert e["fatalities"]["best"] == 7 and any("seven civilians" in cl["quote"] for cl in e["claims"])
        assert len(all_events(c)) == before + len(body["events"])
        again = c.post("/api/ingest", json={"text": ARTICLE, "outlet": "Sahel Wire"},
                       headers={"Authorization": f"Bearer {TOKEN}"}).json()
        assert again["ingested"] == [] and again["unchanged"] == body["ingested"]
        up = c.post("/api/ingest", files={"file": ("report.html", b"<html><body><h1>Clash</h1><p>Troops clashed "
                                                   b"with militants near Tillaberi on 3 March 2024, killing 4 "
                                                   b"soldiers, the army said.</p></body></html>", "text/html")},
                    data={"published": "2024-03-05"}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert up.status_code == 200 and len(up.json()["ingested"]) == 1 and up.json()["notes"] == []
        damaged = c.post("/api/ingest", files={"file": ("cafe.txt", "Gunmen attacked a café near Tillaberi on 4 March "
                                                        "2024, killing 3 civilians, police said. Le ".encode()
                                                        + "café".encode("latin-1"), "text/plain")},
                         headers={"Authorization": f"Bearer {TOKEN}"})
        assert damaged.status_code == 200 and len(damaged.json()["ingested"]) == 1
        assert damaged.json()["notes"] == [
            "upload:cafe.txt: 1 byte that is not UTF-8 replaced with U+FFFD (the first, 0xE9, at line 1, column 96)"]
        bad = c.post("/api/ingest", files={"file": ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")},
                     headers={"Authorization": f"Bearer {TOKEN}"})
        assert bad.status_code == 422 and "upload:photo.png" in bad.json()["error"]
        assert c.post("/api/ingest", content=b"{not json", headers={
            "Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}).status_code == 422
    app.state.store.close()


def test_writes_are_off_without_a_token_and_reads_can_be_private(writable_db, gaz_file):
    app = create_app(make_settings(writable_db, gaz_file, token=""))
    with TestClient(app) as c:
        r = c.post("/api/ingest", json={"text": ARTICLE}, headers={"Authorization": "Bearer "})
        assert r.status_code == 401 and "disabled" in r.json()["error"]
    app.state.store.close()
    app = create_app(make_settings(writable_db, gaz_file, private_reads=True))
    with TestClient(app) as c:
        assert c.get("/events.json").status_code == 401
        assert c.get("/openapi.json").status_code == 401  # the schema is read like the pages
        assert c.get("/openapi.json", headers={"Authorization": f"Bearer {TOKEN}"}).json()["info"]["title"] == "marsad"
        assert c.get("/").status_code == 401
        assert c.get("/events.json", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        c.cookies.set("marsad_token", TOKEN)
        assert c.get("/").status_code == 200
    app.state.store.close()


def test_article_text_is_escaped_everywhere(writable_db, gaz_file):
    hostile = ("Militants <script>window.__pwned = 1</script> killed 5 soldiers in an attack on a checkpoint "
               "near Tillaberi on 2 March 2024, the army said. <img src=x onerror=\"window.__pwned=2\">\n")
    app = create_app(make_settings(writable_db, gaz_file))
    with TestClient(app) as c:
        body = c.post("/api/ingest", json={"text": hostile, "title": "<b>bold</b> headline",
                                           "outlet": "<i>Outlet</i>"},
                      headers={"Authorization": f"Bearer {TOKEN}"}).json()
        aid = body["articles"][0]
        pages = [c.get(f"/article/{aid}"), c.get("/search", params={"q": "pwned"})]
        pages += [c.get(f"/event/{e}") for e in body["events"]]
        for page in pages:
            assert page.status_code == 200
            assert "<script>window" not in page.text and "<img src=x" not in page.text
            assert "<b>bold</b>" not in page.text and "<i>Outlet</i>" not in page.text
            assert "script-src 'self'" in page.headers["content-security-policy"]
        assert "&lt;script&gt;" in pages[0].text
    app.state.store.close()


# -- PostgreSQL -------------------------------------------------------------------------------------


@pytest.mark.postgres
def test_search_map_and_filters_on_postgresql(pg_url, gaz_file):
    store = open_store(pg_url)
    gaz = open_gazetteer(gaz_file, build=False)
    files = sorted(CORPUS.iterdir())[:8]
    ingest_paths([str(f) for f in files], store, IngestOptions(), annotators=load_annotators(gaz))
    gaz.close()
    app = create_app(make_settings(pg_url, gaz_file), store=store)
    with TestClient(app) as c:
        events = all_events(c)
        assert events
        word = next(w for w in json.dumps(events[0]["claims"][0]["quote"]).split() if w.isalpha() and len(w) > 5)
        found = c.get("/search.json", params={"q": word}).json()
        assert events[0]["claims"][0]["article_id"] in {a["article_id"] for a in found["articles"]}
        assert all(a["highlights"] and views.MARK_OPEN not in a["snippet"] for a in found["articles"])
        assert c.get("/search.json", params={"q": "AND OR ( ' \" :*"}).status_code == 200
        located = [e for e in events if e["location"]["lat"] is not None]
        assert len(c.get("/map.json").json()["features"]) == len(located)
        with store.read() as conn:
            cells = views.map_features(conn, EventFilter(), max_points=1)
        assert sum(f["properties"]["count"] for f in cells["features"]) == len(located)
        t = c.get("/timeline.json").json()
        assert sum(sum(s) for s in t["series"].values()) == len([e for e in events if e["date_start"]])
        kinds = {cl["source_kind"] for e in events for cl in e["claims"] if cl["source_kind"]}
        kind = sorted(kinds)[0]
        assert all(any(cl["source_kind"] == kind for cl in e["claims"]) for e in all_events(c, source_kind=kind))
    store.close()
