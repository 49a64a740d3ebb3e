"""The timeline index in the timeline's own order, and substring search indexes for q=.

The timeline index now holds the whole sort key (start, end descending, document, position), so a
page is read straight off it and cut after `limit` rows, with no sort; a second one does the same
within a source. Text search: on PostgreSQL, trigram GIN indexes (pg_trgm, with the collection
through btree_gin) on the event text, sentence and participants, which the planner uses for the
same ILIKE the query always ran; on SQLite, an FTS5 trigram table over the same two columns, kept in step with
`events` by triggers, which the query uses to find candidate rows before the same LIKE checks them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# PostgreSQL's trigram indexes: index name suffix -> what it indexes (the participants as JSON text).
SEARCHED = {"text": "text", "sentence": "sentence", "participants": "(participants::text)"}
TIMELINE_ORDER = ["interval_start", sa.text("interval_end DESC"), "document_id", "position"]

# External-content FTS5 table: it stores only the trigram index; the text stays in `events`.
SQLITE_UP = [
    "CREATE VIRTUAL TABLE events_search USING fts5("
    "text, sentence, content='events', content_rowid='id', tokenize='trigram')",
    "INSERT INTO events_search(events_search) VALUES ('rebuild')",
    "CREATE TRIGGER events_search_insert AFTER INSERT ON events BEGIN "
    "INSERT INTO events_search(rowid, text, sentence) VALUES (new.id, new.text, new.sentence); END",
    "CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN "
    "INSERT INTO events_search(events_search, rowid, text, sentence) VALUES ('delete', old.id, old.text, old.sentence); END",
    "CREATE TRIGGER events_search_update AFTER UPDATE OF text, sentence ON events BEGIN "
    "INSERT INTO events_search(events_search, rowid, text, sentence) VALUES ('delete', old.id, old.text, old.sentence); "
    "INSERT INTO events_search(rowid, text, sentence) VALUES (new.id, new.text, new.sentence); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS events_search_update",
    "DROP TRIGGER IF EXISTS events_search_delete",
    "DROP TRIGGER IF EXISTS events_search_insert",
    "DROP TABLE IF EXISTS events_search",
]


def upgrade() -> None:
    op.drop_index("ix_events_timeline", table_name="events")
    op.create_index("ix_events_timeline", "events", ["collection", *TIMELINE_ORDER])
    op.create_index("ix_events_source_timeline", "events", ["collection", "source", *TIMELINE_ORDER])
    if op.get_bind().dialect.name == "postgresql":
        # Trusted extensions: the database's owner may create them without superuser rights. btree_gin
        # puts the collection in the same index, so matches in other collections are never fetched.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
        for name, expression in SEARCHED.items():
            op.execute(f"CREATE INDEX ix_events_search_{name} ON events USING gin (collection, {expression} gin_trgm_ops)")
    else:
        for statement in SQLITE_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in SEARCHED:
            op.drop_index(f"ix_events_search_{name}", table_name="events")
    else:
        for statement in SQLITE_DOWN:
            op.execute(statement)
    op.drop_index("ix_events_source_timeline", table_name="events")
    op.drop_index("ix_events_timeline", table_name="events")
    op.create_index("ix_events_timeline", "events", ["collection", "interval_start", "interval_end"])
