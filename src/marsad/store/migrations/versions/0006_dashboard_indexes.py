"""Covering indexes for the dashboard's aggregates (map, timeline, events list)

ix_events_day: events by date with the columns the filters and the weekly timeline
read, so a date-bounded aggregate scans the index alone. ix_events_place: events by
place and type with their date, status and best figure, so the map's per-place counts
come from the index alone.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

DAY = ["date_start", "event_type", "actor1", "date_end", "sub_event_type", "actor2", "status", "fatalities_low",
       "fatalities_best", "fatalities_high", "place_id"]
PLACE = ["place_id", "event_type", "fatalities_best", "date_start", "date_end", "status"]


def upgrade() -> None:
    op.create_index("ix_events_day", "events", DAY)
    op.create_index("ix_events_place", "events", PLACE)


def downgrade() -> None:
    op.drop_index("ix_events_place", table_name="events")
    op.drop_index("ix_events_day", table_name="events")
