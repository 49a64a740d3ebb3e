"""Documents, the time expressions found in them, and the events hung on those times.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Types frozen here as they were at this revision (the models may move on).
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIMESTAMP = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table('documents',
    sa.Column('id', ID, nullable=False),
    sa.Column('collection', sa.String(length=100), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=True),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('lang', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('published_at', TIMESTAMP, nullable=False),
    sa.Column('utc_offset_minutes', sa.Integer(), nullable=False),
    sa.Column('published_at_source', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('extractor_version', sa.String(length=64), nullable=True),
    sa.Column('created_at', TIMESTAMP, nullable=False),
    sa.Column('updated_at', TIMESTAMP, nullable=False),
    sa.Column('queued_at', TIMESTAMP, nullable=False),
    sa.Column('sent_at', TIMESTAMP, nullable=True),
    sa.Column('started_at', TIMESTAMP, nullable=True),
    sa.Column('processed_at', TIMESTAMP, nullable=True),
    sa.CheckConstraint("published_at_source IN ('given', 'dateline', 'submitted')", name=op.f('ck_documents_published_at_source')),
    sa.CheckConstraint("status IN ('queued', 'processing', 'done', 'failed')", name=op.f('ck_documents_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('collection', 'content_hash', name='uq_documents_collection_content_hash')
    )
    op.create_index('ix_documents_status_queued_at', 'documents', ['status', 'queued_at'], unique=False)
    op.create_index('uq_documents_source_external_id', 'documents', [sa.literal_column("coalesce(source, '')"), 'external_id'], unique=True)
    op.create_table('timexes',
    sa.Column('id', ID, nullable=False),
    sa.Column('document_id', ID, nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('start_offset', sa.Integer(), nullable=False),
    sa.Column('end_offset', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('mod', sa.String(length=16), nullable=True),
    sa.Column('interval_start', TIMESTAMP, nullable=True),
    sa.Column('interval_end', TIMESTAMP, nullable=True),
    sa.Column('grain', sa.String(length=16), nullable=True),
    sa.Column('rule', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_timexes_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timexes')),
    sa.UniqueConstraint('document_id', 'position', name='uq_timexes_document_id_position')
    )
    op.create_table('events',
    sa.Column('id', ID, nullable=False),
    sa.Column('document_id', ID, nullable=False),
    sa.Column('collection', sa.String(length=100), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('sentence_start', sa.Integer(), nullable=False),
    sa.Column('sentence_end', sa.Integer(), nullable=False),
    sa.Column('sentence', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('trigger', sa.Text(), nullable=True),
    sa.Column('timex_position', sa.Integer(), nullable=True),
    sa.Column('relation', sa.String(length=16), nullable=False),
    sa.Column('interval_start', TIMESTAMP, nullable=True),
    sa.Column('interval_end', TIMESTAMP, nullable=True),
    sa.Column('grain', sa.String(length=16), nullable=True),
    sa.Column('value', sa.Text(), nullable=True),
    sa.Column('mod', sa.String(length=16), nullable=True),
    sa.Column('participants', JSON, nullable=False),
    sa.Column('flags', JSON, nullable=False),
    sa.Column('follows', sa.Integer(), nullable=True),
    sa.Column('rule', sa.Text(), nullable=False),
    sa.Column('extra', JSON, nullable=False),
    sa.ForeignKeyConstraint(['document_id', 'timex_position'], ['timexes.document_id', 'timexes.position'], name='fk_events_timex', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_events_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    sa.UniqueConstraint('document_id', 'position', name='uq_events_document_id_position')
    )
    op.create_index('ix_events_timeline', 'events', ['collection', 'interval_start', 'interval_end'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_events_timeline', table_name='events')
    op.drop_table('events')
    op.drop_table('timexes')
    op.drop_index('uq_documents_source_external_id', table_name='documents')
    op.drop_index('ix_documents_status_queued_at', table_name='documents')
    op.drop_table('documents')
