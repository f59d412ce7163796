"""The store, on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from marsad.ingest.clean import article_id
from marsad.model import Article
from marsad.store import SchemaTooNew, StoreError, open_store
from marsad.store.schema import metadata


def make_article(text: str, **kw) -> Article:
    return Article(id=article_id(text), text=text, **kw)


def test_first_use_creates_every_table(store):
    names = set(sa.inspect(store.engine).get_table_names())
    assert set(metadata.tables) <= names
    assert "alembic_version" in names


def test_adding_an_article_twice_adds_it_once(store):
    a = make_article("Seven soldiers were killed near Mopti.", title="Mopti", published=dt.date(2021, 3, 14))
    assert store.add_articles([a]) == [True]
    again = make_article("Seven soldiers were killed near Mopti.")
    assert store.add_articles([again]) == [False]
    assert store.count("articles") == 1


def test_same_article_twice_in_one_batch_is_stored_once(store):
    a = make_article("Gunmen abducted 12 passengers on the Kaduna road.")
    assert store.add_articles([a, make_article(a.text)]) == [True, False]
    assert store.count("articles") == 1


def test_article_reads_back_whole(store):
    a = make_article(
        "Al-Shabaab claimed the bombing in Afgooye; police said four died. <script>alert(1)</script> 'quote' \"x\"",
        url="https://example.org/a", outlet="Horn Wire", title="Afgooye blast", published=dt.date(2021, 3, 14),
        language="en", raw_hash="ab" * 32, origin="a.txt",
    )
    store.add_articles([a])
    got = store.get_article(a.id[:8])
    assert got is not None
    assert (got.id, got.text, got.url, got.outlet, got.title, got.published, got.origin) == (
        a.id, a.text, a.url, a.outlet, a.title, a.published, a.origin,
    )
    assert got.ingested_at is not None


def test_unknown_or_ambiguous_article_ref_is_none(store):
    assert store.get_article("nope") is None
    store.add_articles([make_article(f"report number {i} from Gao") for i in range(40)])
    assert store.get_article("") is None  # matches all of them


def test_list_articles_filters_by_date_outlet_and_words(store):
    store.add_articles([
        make_article("Clashes in Kidal left five dead.", outlet="Sahel Dispatch", published=dt.date(2021, 1, 5)),
        make_article("A drone strike hit a convoy near Marib.", outlet="Yemen Wire", published=dt.date(2021, 6, 1)),
        make_article("No date on this report from Bakool.", outlet="Horn Wire"),
    ])
    assert [a.outlet for a in store.list_articles()] == ["Yemen Wire", "Sahel Dispatch", "Horn Wire"]
    assert [a.outlet for a in store.list_articles(since=dt.date(2021, 2, 1))] == ["Yemen Wire"]
    assert [a.outlet for a in store.list_articles(until=dt.date(2021, 2, 1))] == ["Sahel Dispatch"]
    assert [a.outlet for a in store.list_articles(outlet="sahel dispatch")] == ["Sahel Dispatch"]
    assert [a.outlet for a in store.list_articles(contains="DRONE")] == ["Yemen Wire"]
    assert len(store.list_articles(limit=1, offset=1)) == 1


def test_search_words_are_bound_not_spliced_into_sql(store):
    store.add_articles([make_article("Report from Raqqa.")])
    assert store.list_articles(contains="'; DROP TABLE articles; --") == []
    assert store.count("articles") == 1


def test_reopening_keeps_data_and_schema(db_url):
    s = open_store(db_url)
    s.add_articles([make_article("Fighting in Palmyra.")])
    s.close()
    s = open_store(db_url)
    assert s.count("articles") == 1
    s.close()


def test_database_newer_than_the_code_is_refused(db_url):
    open_store(db_url).close()
    engine = sa.create_engine(open_store(db_url).engine.url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    engine.dispose()
    with pytest.raises(SchemaTooNew, match="9999_from_the_future.*upgrade marsad"):
        open_store(db_url)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    s = open_store(str(tmp_path / "plain-path.db"))  # a bare path means a SQLite file
    with s.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with pytest.raises(sa.exc.IntegrityError):
        with s.write() as conn:
            conn.exec_driver_sql(
                "INSERT INTO mentions (article_id, start, \"end\", kind, text) VALUES ('missing', 0, 1, 'place', 'x')"
            )
    s.close()


def test_unreachable_database_is_a_clear_error():
    with pytest.raises(StoreError, match="cannot open the database"):
        open_store("postgresql://nobody@127.0.0.1:1/none")


def test_unsupported_database_is_refused():
    with pytest.raises(StoreError, match="unsupported database"):
        open_store("mysql://root@127.0.0.1/test")


def test_an_older_database_is_migrated_on_open(db_url):
    from alembic import command

    from marsad.store import _alembic_config, normalise_url

    engine = sa.create_engine(normalise_url(db_url))
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0001")
        conn.execute(sa.text("INSERT INTO articles (id, text, ingested_at) VALUES ('old', 'kept', '2020-01-01')"))
    engine.dispose()
    s = open_store(db_url)
    assert "ix_articles_raw_hash" in {ix["name"] for ix in sa.inspect(s.engine).get_indexes("articles")}
    assert s.get_article("old").text == "kept"
    s.close()


def test_articles_with_claims_before_0003_count_as_extracted(db_url):
    from alembic import command

    from marsad.store import _alembic_config, normalise_url

    engine = sa.create_engine(normalise_url(db_url))
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0002")
        conn.execute(sa.text("INSERT INTO articles (id, text, ingested_at) VALUES "
                             "('done', 'a', '2020-01-01'), ('bare', 'b', '2020-01-01')"))
        conn.execute(sa.text("INSERT INTO sources (id, name) VALUES (1, 'Wire')"))
        conn.execute(sa.text('INSERT INTO claims (id, article_id, source_id, quote, start, "end", assoc_actors, '
                             "weapons, hedged, evidence, extractor) VALUES "
                             "('c1', 'done', 1, 'a', 0, 1, '[]', '[]', false, '{}', 'rules.v1')"))
    engine.dispose()
    s = open_store(db_url)
    assert s.extraction_state(["done", "bare"]) == {"done": "rules.v1", "bare": None}
    s.close()
