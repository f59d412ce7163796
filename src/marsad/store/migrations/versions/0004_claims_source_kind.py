"""claims.source_kind: the claimant's kind as this claim has it

One source has one row, but its kind can differ by claim: a group's agency is
perpetrator media for what the group did and partisan media otherwise.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_kind", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_column("source_kind")
