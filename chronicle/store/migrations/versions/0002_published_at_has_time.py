"""Remember whether a publication date came with a time of day.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Plain ALTER TABLE on both backends: a SQLite batch rebuild would drop the expression index
# uq_documents_source_external_id, which it cannot reflect.


def upgrade() -> None:
    op.add_column("documents", sa.Column("published_at_has_time", sa.Boolean(), nullable=False,
                                         server_default=sa.true()))


def downgrade() -> None:
    op.drop_column("documents", "published_at_has_time")
