"""Place names learned from text, in the store: stored with their article, once, read back whole."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from marsad.ingest.clean import article_id
from marsad.model import Article, Place, PlaceAlias
from marsad.store.schema import place_aliases

ALBU_KAMAL = Place(name="Ālbū Kamāl", lat=34.45226, lon=40.91854, geonameid=173046, feature_class="P",
                   feature_code="PPLA2", admin1="Deir ez-Zor", country_code="SY", population=57572)
CHECKPOINT = Place(name="Kilometre 40 checkpoint", lat=2.05, lon=45.25, country_code="SO", feature_code="CKPT")


def article(text: str) -> Article:
    return Article(id=article_id(text), text=text, published=dt.date(2020, 4, 4))


def taught(a: Article, alias: str, place: Place, **kw) -> PlaceAlias:
    return PlaceAlias(alias=alias, place_name=place.name, country_code=place.country_code, evidence=f"... {alias} ...",
                      article_id=a.id, place=place, rule="aliases.v2:renamed", **kw)


def test_aliases_are_stored_with_the_article_that_taught_them_and_read_back(store):
    a = article("The group renamed Albu Kamal \"Wilayat al-Furat\" after taking it.")
    wf = taught(a, "Wilayat al-Furat", ALBU_KAMAL, valid_from=dt.date(2020, 4, 4))
    assert store.add_articles([a], {a.id: []}, extractor="rules.v1", aliases={a.id: [wf]}) == [True]
    [got] = store.place_aliases()
    assert (got.alias, got.place_name, got.country_code, got.valid_from, got.valid_to, got.evidence, got.article_id,
            got.rule) == ("Wilayat al-Furat", "Ālbū Kamāl", "SY", dt.date(2020, 4, 4), None, wf.evidence, a.id,
                          "aliases.v2:renamed")
    assert (got.place.geonameid, got.place.lat, got.place.lon, got.place.feature_code) == (173046, 34.45226, 40.91854,
                                                                                            "PPLA2")


def test_a_place_without_geonames_id_is_stored_too(store):
    a = article("Troops manned the Kilometre 40 checkpoint, known locally as \"Kaantarada\".")
    assert store.add_articles([a], {a.id: []}, extractor="rules.v1",
                              aliases={a.id: [taught(a, "Kaantarada", CHECKPOINT)]}) == [True]
    [got] = store.place_aliases()
    assert (got.alias, got.place.name, got.place.geonameid, got.place.lat) == ("Kaantarada", CHECKPOINT.name, None, 2.05)


def test_the_same_name_taught_again_is_stored_once(store):
    one, two = article("First report on Wilayat al-Furat."), article("Second report on Wilayat al-Furat.")
    store.add_articles([one], {one.id: []}, extractor="rules.v1",
                       aliases={one.id: [taught(one, "Wilayat al-Furat", ALBU_KAMAL)] * 2})
    store.add_articles([two], {two.id: []}, extractor="rules.v1",
                       aliases={two.id: [taught(two, "Wilayat al-Furat", ALBU_KAMAL)]})
    store.add_articles([one], {one.id: []}, extractor="rules.v1",  # stored already: nothing is written
                       aliases={one.id: [taught(one, "Wilayat al-Furat", ALBU_KAMAL)]})
    [got] = store.place_aliases()
    assert got.article_id == one.id  # the first article to teach it keeps the evidence
    assert store.count("place_aliases") == 1


def test_the_unique_index_keeps_one_row_per_name_place_and_country(store):
    a = article("A report.")
    store.add_articles([a], {a.id: []}, extractor="rules.v1", aliases={a.id: [taught(a, "Wilayat al-Furat", ALBU_KAMAL)]})
    with store.read() as conn:
        row = dict(conn.execute(sa.select(place_aliases)).one()._mapping)
    with pytest.raises(sa.exc.IntegrityError):  # what a second process storing it meanwhile would meet
        with store.write() as conn:
            conn.execute(sa.insert(place_aliases).values({**row, "id": row["id"] + 1}))
    assert store.count("place_aliases") == 1


def test_without_extraction_no_alias_is_stored(store):
    a = article("The group renamed Albu Kamal \"Wilayat al-Furat\".")
    store.add_articles([a], None, aliases={a.id: [taught(a, "Wilayat al-Furat", ALBU_KAMAL)]})
    assert store.place_aliases() == []


def test_a_0006_database_gains_the_rule_column_and_the_unique_index(db_url):
    from alembic import command

    from marsad.store import _alembic_config, normalise_url, open_store

    engine = sa.create_engine(normalise_url(db_url))
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0006")
    engine.dispose()
    s = open_store(db_url)
    assert "rule" in {c["name"] for c in sa.inspect(s.engine).get_columns("place_aliases")}
    assert {"ux_place_aliases"} <= {ix["name"] for ix in sa.inspect(s.engine).get_indexes("place_aliases")}
    s.close()
