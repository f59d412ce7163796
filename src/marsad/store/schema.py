"""The one schema of marsad, for SQLite and PostgreSQL alike.

This describes the tables as the newest migration leaves them; the migrations in
`migrations/versions/` are what create and change them in a database. A change
here needs a new migration (see docs/storage.md).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", String(40), primary_key=True),  # hash of the normalised text
    Column("url", Text),
    Column("outlet", Text),
    Column("title", Text),
    Column("published", Date),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("raw_hash", String(64)),  # hash of the input's bytes, before cleaning
    Column("origin", Text),  # file (and line or item) it first came from
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("extracted_by", String(32)),  # the extractor that made its claims; null: not extracted yet
    Column("filed_from", Text),  # where it was filed, from a wire dateline ("Bamako")
    Index("ix_articles_published", "published"),
    Index("ix_articles_outlet", "outlet"),
    Index("ix_articles_raw_hash", "raw_hash"),
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("kind", String(32)),
    Column("affiliation", Text),
)

actors = Table(
    "actors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("kind", String(32)),
    Column("country", String(64)),
    Column("parent", Text),
    Column("aliases", JSON, nullable=False, default=list),
)

places = Table(
    "places",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("geonameid", Integer, unique=True),
    Column("name", Text, nullable=False),
    Column("alternate_names", JSON, nullable=False, default=list),
    Column("lat", Float),
    Column("lon", Float),
    Column("feature_class", String(1)),
    Column("feature_code", String(10)),
    Column("admin1", Text),
    Column("admin2", Text),
    Column("country_code", String(2)),
    Column("population", Integer),
    Index("ix_places_name", "name"),
)

place_aliases = Table(
    "place_aliases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alias", Text, nullable=False),
    Column("place_id", Integer, ForeignKey("places.id", ondelete="CASCADE"), nullable=False),
    Column("country_code", String(2)),
    Column("valid_from", Date),
    Column("valid_to", Date),
    Column("evidence", Text),
    Column("article_id", String(40), ForeignKey("articles.id", ondelete="SET NULL")),
    Column("rule", String(48)),  # the rule that learned it ("aliases.v2:renamed"); migration 0007
    Index("ix_place_aliases_alias", "alias"),
    # One row per name, place and country, whichever article taught it first (migration 0007).
    Index("ux_place_aliases", "alias", "place_id", "country_code", unique=True),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", String(40), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("resolved", JSON),
    Column("evidence", Text),
    Index("ix_mentions_article", "article_id"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("article_id", String(40), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("source_kind", String(32)),  # as this claim has it (null: the source's kind)
    Column("verb", String(16)),
    Column("reported_by", Text),
    Column("quote", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("event_type", Text),
    Column("sub_event_type", Text),
    Column("actor1", Text),
    Column("actor2", Text),
    Column("assoc_actors", JSON, nullable=False, default=list),
    Column("place_id", Integer, ForeignKey("places.id")),
    Column("place_as_written", Text),
    Column("geo_precision", Integer),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("time_precision", String(8)),
    Column("weapons", JSON, nullable=False, default=list),
    Column("killed_low", Integer),
    Column("killed_high", Integer),
    Column("wounded_low", Integer),
    Column("wounded_high", Integer),
    Column("captured_low", Integer),
    Column("captured_high", Integer),
    Column("hedged", Boolean, nullable=False, default=False),
    Column("evidence", JSON, nullable=False, default=dict),
    Column("extractor", String(32)),
    Index("ix_claims_article", "article_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("event_type", Text),
    Column("sub_event_type", Text),
    Column("actor1", Text),
    Column("actor2", Text),
    Column("assoc_actors", JSON, nullable=False, default=list),
    Column("place_id", Integer, ForeignKey("places.id")),
    Column("place_as_written", Text),
    Column("geo_precision", Integer),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("time_precision", String(8)),
    Column("fatalities_low", Integer),
    Column("fatalities_best", Integer),
    Column("fatalities_high", Integer),
    Column("wounded_low", Integer),
    Column("wounded_best", Integer),
    Column("wounded_high", Integer),
    Column("weapons", JSON, nullable=False, default=list),
    Column("status", String(16), nullable=False, default="single_source"),
    Column("notes", Text),
    Column("extractor", String(32)),
    Index("ix_events_date", "date_start"),
    Index("ix_events_type", "event_type"),
    # The dashboard's aggregates read these alone (migration 0006).
    Index("ix_events_day", "date_start", "event_type", "actor1", "date_end", "sub_event_type", "actor2", "status",
          "fatalities_low", "fatalities_best", "fatalities_high", "place_id"),
    Index("ix_events_place", "place_id", "event_type", "fatalities_best", "date_start", "date_end", "status"),
)

event_claims = Table(
    "event_claims",
    metadata,
    Column("event_id", String(40), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("claim_id", String(40), ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_event_claims_claim", "claim_id"),
)

control_periods = Table(
    "control_periods",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("place_id", Integer, ForeignKey("places.id"), nullable=False),
    Column("actor", Text, nullable=False),
    Column("since", Date),
    Column("until", Date),
    Index("ix_control_place", "place_id"),
)

control_evidence = Table(
    "control_evidence",
    metadata,
    Column("control_id", Integer, ForeignKey("control_periods.id", ondelete="CASCADE"), primary_key=True),
    Column("claim_id", String(40), ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
)
