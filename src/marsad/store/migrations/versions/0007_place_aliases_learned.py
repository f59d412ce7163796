"""place_aliases as ingest fills them: the rule that learned each name, one row per name and place

Ingest stores the place names an article teaches ("renamed the province 'Wilayat al-Khayr'")
with the article. `rule` says which rule learned the name (aliases.v2:renamed); the unique
index on (alias, place_id, country_code) makes a second article teaching the same name, or
a second run, add nothing.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("place_aliases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rule", sa.String(48), nullable=True))
    # Nothing wrote the table before this revision; keep the first row of any duplicate all the same.
    op.execute("DELETE FROM place_aliases WHERE id NOT IN (SELECT min(id) FROM place_aliases "
               "GROUP BY alias, place_id, country_code)")
    op.create_index("ux_place_aliases", "place_aliases", ["alias", "place_id", "country_code"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_place_aliases", table_name="place_aliases")
    with op.batch_alter_table("place_aliases", schema=None) as batch_op:
        batch_op.drop_column("rule")
