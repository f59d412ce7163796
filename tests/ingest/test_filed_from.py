"""A wire dateline says where a report was filed: recorded on the article, stored, shown."""

from __future__ import annotations

import pytest

from marsad.ingest import IngestOptions, read_articles
from marsad.ingest.dateline import filed_from
from marsad.store import open_store


@pytest.mark.parametrize("text, place", [
    ("BAMAKO (Reuters) - Gunmen killed 12 people in the north on Sunday.", "Bamako"),
    ("MOGADISHU, Somalia (AP) — A car bomb exploded near a market.", "Mogadishu, Somalia"),
    ("BEIRUT, LEBANON — Air strikes hit villages in the south.", "Beirut, Lebanon"),
    ("KABUL, Aug 20 (Reuters) - Taliban fighters overran a district.", "Kabul"),
    ("Gunmen killed 12 people in the north on Sunday - officials said.", None),
    ("UN - The council met.", None),
])
def test_the_dateline_city_is_where_the_report_was_filed(text, place):
    assert filed_from(text) == place


def test_ingest_records_it_on_the_article_and_the_store_keeps_it(tmp_path):
    path = tmp_path / "wire.txt"
    path.write_text("Gunmen kill 12 in central Mali\n\nBAMAKO (Reuters) - Gunmen killed 12 villagers in "
                    "central Mali on Sunday, officials said.\n", encoding="utf-8")
    [article] = list(read_articles([str(path)], IngestOptions()))
    assert article.filed_from == "Bamako"
    store = open_store(f"sqlite:///{tmp_path / 'm.db'}")
    try:
        store.add_articles([article])
        assert store.get_article(article.id).filed_from == "Bamako"
        assert store.get_article(article.id).as_dict()["filed_from"] == "Bamako"
    finally:
        store.close()
