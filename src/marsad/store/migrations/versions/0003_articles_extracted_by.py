"""articles.extracted_by: which extractor turned the article into claims (null: not yet)

An article stored before ingest extracted claims, or with --no-extract, has none; the
next ingest of it extracts them instead of counting it unchanged.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("extracted_by", sa.String(32), nullable=True))
    # Articles that already have claims were extracted (by the extractor their claims name).
    op.execute("UPDATE articles SET extracted_by = (SELECT min(c.extractor) FROM claims c "
               "WHERE c.article_id = articles.id) WHERE EXISTS (SELECT 1 FROM claims c WHERE c.article_id = articles.id)")


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("extracted_by")
