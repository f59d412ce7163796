"""Place names learned from text, in the store (table `place_aliases`; DESIGN §3 Place).

    add_place_aliases(conn, dialect, aliases)   # with the article that taught them, in its transaction
    load_place_aliases(conn)                     # every learned name, with its place, oldest first

A name is stored once per place and country (the first article that taught it keeps
the evidence): a second article teaching it, or a second run, adds nothing. The store
only keeps them; the pipeline hands them to the gazetteer (`Gazetteer.use_alias`).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from marsad.model import PlaceAlias
from marsad.store import schema
from marsad.store.events import _Ids, _place


def add_place_aliases(conn: Connection, dialect: str, aliases: Iterable[PlaceAlias]) -> int:
    """Store the aliases (those that name a place) not stored yet; how many were new."""
    t = schema.place_aliases
    ids = _Ids(conn)
    rows: dict[tuple, dict] = {}
    for a in aliases:
        if a.place is None:
            continue
        cc = a.country_code or a.place.country_code
        key = (a.alias, ids.place(a.place), cc)
        rows.setdefault(key, {
            "alias": a.alias, "place_id": key[1], "country_code": cc, "valid_from": a.valid_from,
            "valid_to": a.valid_to, "evidence": a.evidence, "article_id": a.article_id, "rule": a.rule or None,
        })
    new = [row for key, row in rows.items() if not conn.scalar(sa.select(t.c.id).where(
        t.c.alias == key[0], t.c.place_id == key[1], t.c.country_code.is_not_distinct_from(key[2])).limit(1))]
    if not new:
        return 0
    # Another process may store the same name meanwhile: the unique index keeps one.
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(t).on_conflict_do_nothing()
    conn.execute(insert, new)
    return len(new)


def load_place_aliases(conn: Connection) -> list[PlaceAlias]:
    """Every stored alias with its place, in the order they were learned."""
    pa, pl = schema.place_aliases, schema.places
    q = (sa.select(pa.c.alias, pa.c.country_code, pa.c.valid_from, pa.c.valid_to, pa.c.evidence, pa.c.article_id,
                   pa.c.rule, *[c.label(f"p_{c.name}") for c in pl.c])
         .join(pl, pl.c.id == pa.c.place_id).order_by(pa.c.id))
    out = []
    for row in conn.execute(q):
        m = row._mapping
        place = _place({c.name: m[f"p_{c.name}"] for c in pl.c})
        out.append(PlaceAlias(alias=m["alias"], place_name=place.name, country_code=m["country_code"],
                              valid_from=m["valid_from"], valid_to=m["valid_to"], evidence=m["evidence"] or "",
                              article_id=m["article_id"], place=place, rule=m["rule"] or ""))
    return out
