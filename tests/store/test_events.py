"""Claims, events and control in the store, on a real SQLite file and a real PostgreSQL server:
ingest extracts and fuses, across articles ingested at different times, and stays a no-op
when run again."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from marsad.ingest import IngestOptions
from marsad.pipeline import extract_paths, ingest_paths
from marsad.store import schema
from marsad.store.events import EventFilter

MONITOR = ("Islamic State fighters attacked an army checkpoint near Deir ez-Zor in Syria late on 3 March 2021, "
           "killing 19 soldiers, the Syrian Observatory for Human Rights said.")
AGENCY = ("Islamic State's Amaq news agency claimed that its fighters killed 40 soldiers in an attack on an army "
          "checkpoint near Deir ez-Zor in Syria on 4 March 2021.")
TAKEN = "Islamic State militants overran Tiyas in Syria in June 2014."
RETAKEN = "Government forces retook Tiyas in Syria in October 2017, a military source said."
ELSEWHERE = "Gunmen killed three villagers near Homs in Syria on 20 May 2021, residents said."


def ingest(store, annotators, tmp_path, name: str, text: str, outlet: str, published: str):
    path = tmp_path / f"{name}.txt"
    path.write_text(text)
    options = IngestOptions(outlet=outlet, published=dt.date.fromisoformat(published))
    return ingest_paths([str(path)], store, options, annotators=annotators)


def shapes(events) -> list[tuple]:
    return sorted((e.id, sorted(c.id or "" for c in e.claims)) for e in events)


def test_ingest_stores_claims_and_events_and_running_again_changes_nothing(store, annotators, tmp_path):
    first = ingest(store, annotators, tmp_path, "a", MONITOR + " " + ELSEWHERE, "Euphrates Monitor", "2021-05-21")
    assert first.claims == 2 and "2 claims extracted" in first.line()
    before = shapes(store.list_events())
    assert len(before) == 2
    again = ingest(store, annotators, tmp_path, "a", MONITOR + " " + ELSEWHERE, "Euphrates Monitor", "2021-05-21")
    assert (again.ingested, again.claims) == ([], 0)
    assert shapes(store.list_events()) == before
    assert (store.count("claims"), store.count("events"), store.count("event_claims")) == (2, 2, 2)


def test_a_later_report_of_the_same_attack_joins_the_stored_event(store, annotators, tmp_path):
    ingest(store, annotators, tmp_path, "monitor", MONITOR, "Euphrates Monitor", "2021-03-04")
    ingest(store, annotators, tmp_path, "agency", AGENCY, "Levant Wire", "2021-03-05")
    events = store.list_events()
    assert len(events) == 1
    event = events[0]
    assert {c.source.name for c in event.claims} == {"Syrian Observatory for Human Rights", "Amaq"}
    assert (event.fatalities_low, event.fatalities_best, event.fatalities_high) == (19, 19, 40)
    assert event.status == "contested"
    assert event.place.name == "Deir ez-Zor" and event.date_start == dt.date(2021, 3, 3)
    # The same event, with the same id, as fusing both reports at once without a database.
    assert [e.id for e in events] == [e.id for e in _extract_both(annotators, tmp_path)]
    # Quotes, offsets and evidence come back as they were extracted.
    claim = next(c for c in event.claims if c.source.kind == "monitor")
    assert claim.quote == MONITOR and (claim.start, claim.end) == (0, len(MONITOR))
    assert claim.evidence["event_type"]["rule"].startswith("rules.v1:")


def _extract_both(annotators, tmp_path):
    found = []
    for name, text, outlet, published in (("m", MONITOR, "Euphrates Monitor", "2021-03-04"),
                                          ("g", AGENCY, "Levant Wire", "2021-03-05")):
        path = tmp_path / "both" / f"{name}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
        found.append(str(path))
    # extract_paths takes one outlet and date for all inputs; fusion does not look at either.
    return extract_paths(found, IngestOptions(published=dt.date(2021, 3, 5)), annotators).events


def test_control_follows_the_changes_of_territory_as_they_arrive(store, annotators, tmp_path):
    ingest(store, annotators, tmp_path, "taken", TAKEN, "Syria Desk", "2014-07-01")
    periods = store.control_periods()
    assert [(p.place.name, p.actor, p.since, p.until) for p in periods] == [
        ("Tiyās", "Islamic State", dt.date(2014, 6, 1), None)]
    ingest(store, annotators, tmp_path, "retaken", RETAKEN, "Syria Desk", "2017-11-02")
    periods = store.control_periods()
    assert [(p.actor, p.since, p.until) for p in periods] == [
        ("Islamic State", dt.date(2014, 6, 1), dt.date(2017, 10, 1)),
        ("Military Forces of Syria", dt.date(2017, 10, 1), None)]
    evidence = store.get_claims(periods[1].claim_ids)
    assert [c.quote for c in evidence.values()] == [RETAKEN]
    assert store.count("control_periods") == 2


def test_events_filters(store, annotators, tmp_path):
    ingest(store, annotators, tmp_path, "a", MONITOR + " " + ELSEWHERE, "Euphrates Monitor", "2021-05-21")
    ingest(store, annotators, tmp_path, "t", TAKEN, "Syria Desk", "2014-07-01")

    def places(**kw) -> list[str]:
        return [e.place.name for e in store.list_events(EventFilter(**kw))]

    assert places() == ["Homs", "Deir ez-Zor", "Tiyās"]  # newest first
    assert places(since=dt.date(2021, 1, 1), until=dt.date(2021, 3, 31)) == ["Deir ez-Zor"]
    assert places(actor=["Islamic State"]) == ["Deir ez-Zor", "Tiyās"]
    assert places(actor=["civilians"]) == ["Homs"]
    assert places(place="homs") == ["Homs", "Tiyās"]  # the city, and a town in Homs province
    assert places(place="SY") == ["Homs", "Deir ez-Zor", "Tiyās"]
    assert places(event_type="Violence against civilians") == ["Homs"]
    assert places(event_type="non-state actor overtakes territory") == ["Tiyās"]
    assert places(min_fatalities=10) == ["Deir ez-Zor"]
    assert places(status="contested") == []
    assert places(limit=1, offset=1) == ["Deir ez-Zor"]
    assert store.get_event(store.list_events()[0].id[:9]).place.name == "Homs"


def test_a_failed_fusion_leaves_neither_the_article_nor_its_claims(store, annotators, tmp_path, monkeypatch):
    import marsad.store.events as events_mod

    def broken(*_a, **_k):
        raise RuntimeError("fusion failed half-way")

    monkeypatch.setattr(events_mod, "fuse_claims", broken)
    with pytest.raises(RuntimeError):
        ingest(store, annotators, tmp_path, "a", MONITOR, "Euphrates Monitor", "2021-03-04")
    assert (store.count("articles"), store.count("claims"), store.count("events")) == (0, 0, 0)
    monkeypatch.undo()
    ingest(store, annotators, tmp_path, "a", MONITOR, "Euphrates Monitor", "2021-03-04")
    assert (store.count("articles"), store.count("claims"), store.count("events")) == (1, 1, 1)


def test_every_claim_is_in_exactly_one_stored_event(store, annotators, tmp_path):
    texts = [MONITOR, AGENCY, TAKEN, RETAKEN, ELSEWHERE, MONITOR.replace("19", "21")]
    for i, text in enumerate(texts):
        ingest(store, annotators, tmp_path, f"n{i}", text, f"Outlet {i}", "2021-05-21")
    with store.read() as conn:
        links = conn.execute(sa.select(schema.event_claims.c.claim_id)).scalars().all()
        claims = conn.execute(sa.select(schema.claims.c.id)).scalars().all()
    assert sorted(links) == sorted(claims) and len(set(links)) == len(links)


def test_an_article_stored_without_extraction_is_extracted_when_met_again(store, annotators, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(MONITOR)
    options = IngestOptions(outlet="Euphrates Monitor", published=dt.date(2021, 3, 4))
    bare = ingest_paths([str(path)], store, options)  # an older marsad, or --no-extract
    assert (len(bare.ingested), bare.claims, store.count("events")) == (1, None, 0)
    late = ingest_paths([str(path)], store, options, annotators=annotators)
    assert (len(late.unchanged), late.claims, store.count("events")) == (1, 1, 1)
    again = ingest_paths([str(path)], store, options, annotators=annotators)
    assert (len(again.unchanged), again.claims, store.count("claims")) == (1, 0, 1)
    assert store.extraction_state([late.unchanged[0]]) == {late.unchanged[0]: "rules.v1"}


def test_each_claim_keeps_its_claimants_kind(store):
    from marsad.model import Article, Claim, Source

    arts = [Article(id=f"art{i}", text=f"text {i}") for i in (1, 2)]
    claims = {a.id: [Claim(article_id=a.id, quote=a.text, start=0, end=6, source=Source("Amaq", kind),
                           event_type="Battles", date_start=dt.date(2021, 3, i))]
              for i, (a, kind) in enumerate(zip(arts, ("partisan_media", "perpetrator_media")), start=1)}
    store.add_articles(arts, claims, extractor="test")
    kinds = {c.article_id: c.source.kind for e in store.list_events() for c in e.claims}
    assert kinds == {"art1": "partisan_media", "art2": "perpetrator_media"}
    assert store.count("sources") == 1


SENTENCES = [MONITOR, AGENCY, TAKEN, RETAKEN, ELSEWHERE, "No one was hurt.", "The fighting lasted hours.",
             "Islamic State overran Tiyas in Syria in June 2016.", "Troops retook the town in May 2018."]


@pytest.mark.parametrize("seed", range(4))
def test_random_batches_keep_every_claim_in_exactly_one_event(tmp_path, annotators, seed):
    """Random articles from known sentences, ingested batch by batch in random order into
    SQLite: claims are never lost or doubled, events never empty, and a second run adds nothing."""
    import random

    from marsad.store import open_store

    rng = random.Random(seed)
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(24):
        text = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 4)))
        (folder / f"a{i:02d}.txt").write_text(text)
    store = open_store(f"sqlite:///{tmp_path / 'r.db'}")
    options = IngestOptions(published=dt.date(2021, 5, 21), outlet="Random Wire")
    first = ingest_paths([str(folder)], store, options, annotators=annotators, commit_every=rng.randint(1, 7))
    with store.read() as conn:
        links = conn.execute(sa.select(schema.event_claims.c.claim_id)).scalars().all()
        claims = conn.execute(sa.select(schema.claims.c.id)).scalars().all()
        empty = conn.execute(sa.select(sa.func.count()).select_from(schema.events).where(
            ~schema.events.c.id.in_(sa.select(schema.event_claims.c.event_id)))).scalar()
    assert sorted(links) == sorted(claims) and len(set(links)) == len(links) and empty == 0
    assert first.claims == len(claims)
    before = (store.count("claims"), store.count("events"), store.count("control_periods"))
    again = ingest_paths([str(folder)], store, options, annotators=annotators)
    assert again.claims == 0 and (store.count("claims"), store.count("events"), store.count("control_periods")) == before
    store.close()


def _dated_claims() -> tuple:
    """Three events in one article, far apart in place, type and actors (so none fuse):
    a coarse one dated only "in 2018", a long one from November 2020 to February 2021, and
    one on 3 March 2021."""
    from marsad.fuse import load_rules
    from marsad.model import Article, Claim, Place, Source

    spans = [("year", dt.date(2018, 1, 1), dt.date(2018, 12, 31), "Battles", "Group A", "Raqqa", 35.9, 39.0, 1),
             ("long", dt.date(2020, 11, 1), dt.date(2021, 2, 28), "Strategic developments", "Group B", "Homs",
              34.7, 36.7, 2),
             ("day", dt.date(2021, 3, 3), dt.date(2021, 3, 3), "Violence against civilians", "Group C", "Afgooye",
              2.1, 45.1, 3)]
    article = Article(id="d" * 24, text=" " * 200, published=dt.date(2021, 3, 4))
    claims = [Claim(article_id=article.id, quote=name, start=i * 20, end=i * 20 + len(name),
                    source=Source("Monitor", "monitor"), event_type=etype, actor1=actor,
                    place=Place(town, lat, lon, geonameid=9000 + i, country_code="SY"), geo_precision=1,
                    date_start=start, date_end=end, time_precision={"year": "year", "long": "month"}.get(name, "day"),
                    place_as_written=town)
              for name, start, end, etype, actor, town, lat, lon, i in spans]
    return article, claims, load_rules()


def test_date_filters_keep_the_events_dated_in_the_period_not_those_that_overlap_it(store):
    article, claims, rules = _dated_claims()
    store.add_articles([article], {article.id: claims}, rules=rules, extractor="test")

    def dates(**kw) -> list[str]:
        return [e.date_start.isoformat() for e in store.list_events(EventFilter(**kw))]

    assert dates() == ["2021-03-03", "2020-11-01", "2018-01-01"]
    # The long event began in 2020 and the coarse one is "2018": neither is dated in 2021.
    assert dates(since=dt.date(2021, 1, 1)) == ["2021-03-03"]
    assert dates(since=dt.date(2018, 6, 1), until=dt.date(2018, 12, 31)) == []
    assert dates(until=dt.date(2021, 3, 2)) == ["2020-11-01", "2018-01-01"]
    # Both ends are inclusive.
    assert dates(since=dt.date(2021, 3, 3), until=dt.date(2021, 3, 3)) == ["2021-03-03"]
    assert dates(since=dt.date(2020, 11, 1), until=dt.date(2020, 11, 1)) == ["2020-11-01"]
