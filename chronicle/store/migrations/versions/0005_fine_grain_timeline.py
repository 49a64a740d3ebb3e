"""The timeline of the finest grains (seconds and minutes) in an index of its own.

`min_precision=second` keeps about one event in a hundred: a page walked ten thousand rows of the
timeline index to find a hundred. A partial index holding only events to the second or the minute,
by collection and grain and then the timeline's sort key, reads a page of seconds straight off in
timeline order. It holds a few per cent of the events (3 MB and under a second to build on a
million; the whole-table index would be 65 MB); coarser grains are common enough to be found by
walking the timeline.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

FINE_GRAINS = sa.text("grain IN ('second', 'minute')")
TIMELINE_ORDER = ["interval_start", sa.text("interval_end DESC"), "document_id", "position"]


def upgrade() -> None:
    op.create_index("ix_events_fine_timeline", "events", ["collection", "grain", *TIMELINE_ORDER],
                    postgresql_where=FINE_GRAINS, sqlite_where=FINE_GRAINS)


def downgrade() -> None:
    op.drop_index("ix_events_fine_timeline", table_name="events")
