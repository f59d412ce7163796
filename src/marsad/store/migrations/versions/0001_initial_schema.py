"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 21:26:20.750496
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('actors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=True),
    sa.Column('country', sa.String(length=64), nullable=True),
    sa.Column('parent', sa.Text(), nullable=True),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('articles',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('outlet', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('raw_hash', sa.String(length=64), nullable=True),
    sa.Column('origin', sa.Text(), nullable=True),
    sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index('ix_articles_outlet', ['outlet'], unique=False)
        batch_op.create_index('ix_articles_published', ['published'], unique=False)

    op.create_table('places',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('geonameid', sa.Integer(), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('alternate_names', sa.JSON(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('feature_class', sa.String(length=1), nullable=True),
    sa.Column('feature_code', sa.String(length=10), nullable=True),
    sa.Column('admin1', sa.Text(), nullable=True),
    sa.Column('admin2', sa.Text(), nullable=True),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('geonameid')
    )
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.create_index('ix_places_name', ['name'], unique=False)

    op.create_table('sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=True),
    sa.Column('affiliation', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('claims',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('article_id', sa.String(length=40), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('verb', sa.String(length=16), nullable=True),
    sa.Column('reported_by', sa.Text(), nullable=True),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('event_type', sa.Text(), nullable=True),
    sa.Column('sub_event_type', sa.Text(), nullable=True),
    sa.Column('actor1', sa.Text(), nullable=True),
    sa.Column('actor2', sa.Text(), nullable=True),
    sa.Column('assoc_actors', sa.JSON(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.Column('place_as_written', sa.Text(), nullable=True),
    sa.Column('geo_precision', sa.Integer(), nullable=True),
    sa.Column('date_start', sa.Date(), nullable=True),
    sa.Column('date_end', sa.Date(), nullable=True),
    sa.Column('time_precision', sa.String(length=8), nullable=True),
    sa.Column('weapons', sa.JSON(), nullable=False),
    sa.Column('killed_low', sa.Integer(), nullable=True),
    sa.Column('killed_high', sa.Integer(), nullable=True),
    sa.Column('wounded_low', sa.Integer(), nullable=True),
    sa.Column('wounded_high', sa.Integer(), nullable=True),
    sa.Column('captured_low', sa.Integer(), nullable=True),
    sa.Column('captured_high', sa.Integer(), nullable=True),
    sa.Column('hedged', sa.Boolean(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('extractor', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], ),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index('ix_claims_article', ['article_id'], unique=False)

    op.create_table('control_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('actor', sa.Text(), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('until', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('control_periods', schema=None) as batch_op:
        batch_op.create_index('ix_control_place', ['place_id'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('event_type', sa.Text(), nullable=True),
    sa.Column('sub_event_type', sa.Text(), nullable=True),
    sa.Column('actor1', sa.Text(), nullable=True),
    sa.Column('actor2', sa.Text(), nullable=True),
    sa.Column('assoc_actors', sa.JSON(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.Column('place_as_written', sa.Text(), nullable=True),
    sa.Column('geo_precision', sa.Integer(), nullable=True),
    sa.Column('date_start', sa.Date(), nullable=True),
    sa.Column('date_end', sa.Date(), nullable=True),
    sa.Column('time_precision', sa.String(length=8), nullable=True),
    sa.Column('fatalities_low', sa.Integer(), nullable=True),
    sa.Column('fatalities_best', sa.Integer(), nullable=True),
    sa.Column('fatalities_high', sa.Integer(), nullable=True),
    sa.Column('wounded_low', sa.Integer(), nullable=True),
    sa.Column('wounded_best', sa.Integer(), nullable=True),
    sa.Column('wounded_high', sa.Integer(), nullable=True),
    sa.Column('weapons', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('extractor', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_date', ['date_start'], unique=False)
        batch_op.create_index('ix_events_type', ['event_type'], unique=False)

    op.create_table('mentions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.String(length=40), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('resolved', sa.JSON(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.create_index('ix_mentions_article', ['article_id'], unique=False)

    op.create_table('place_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.Text(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.Column('article_id', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('place_aliases', schema=None) as batch_op:
        batch_op.create_index('ix_place_aliases_alias', ['alias'], unique=False)

    op.create_table('control_evidence',
    sa.Column('control_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['control_id'], ['control_periods.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('control_id', 'claim_id')
    )
    op.create_table('event_claims',
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('claim_id', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'claim_id')
    )
    with op.batch_alter_table('event_claims', schema=None) as batch_op:
        batch_op.create_index('ix_event_claims_claim', ['claim_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('event_claims', schema=None) as batch_op:
        batch_op.drop_index('ix_event_claims_claim')

    op.drop_table('event_claims')
    op.drop_table('control_evidence')
    with op.batch_alter_table('place_aliases', schema=None) as batch_op:
        batch_op.drop_index('ix_place_aliases_alias')

    op.drop_table('place_aliases')
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index('ix_mentions_article')

    op.drop_table('mentions')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_type')
        batch_op.drop_index('ix_events_date')

    op.drop_table('events')
    with op.batch_alter_table('control_periods', schema=None) as batch_op:
        batch_op.drop_index('ix_control_place')

    op.drop_table('control_periods')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index('ix_claims_article')

    op.drop_table('claims')
    op.drop_table('sources')
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.drop_index('ix_places_name')

    op.drop_table('places')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index('ix_articles_published')
        batch_op.drop_index('ix_articles_outlet')

    op.drop_table('articles')
    op.drop_table('actors')
