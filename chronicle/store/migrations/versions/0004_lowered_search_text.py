"""PostgreSQL: the event's text and sentence kept lowercased in one column, with one trigram index.

`q` is a case-insensitive substring of the text or the sentence. In a UTF-8 database ILIKE lowercases
both sides on every row it checks (5 µs for a 90-character sentence, six times a plain LIKE), and a
page checks hundreds to thousands of rows. `search_text` holds lower(text) and lower(sentence) joined
by a newline, computed by PostgreSQL itself, so the same match is a LIKE against lower(needle); one
trigram GIN index over it (with the collection, through btree_gin) replaces the two on text and
sentence. SQLite keeps its FTS5 table: nothing changes there.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SEARCHED_BEFORE = {"text": "text", "sentence": "sentence"}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE events ADD COLUMN search_text text "
               "GENERATED ALWAYS AS (lower(text) || E'\\n' || lower(sentence)) STORED")
    op.execute("CREATE INDEX ix_events_search_lowered ON events USING gin (collection, search_text gin_trgm_ops)")
    for name in SEARCHED_BEFORE:
        op.drop_index(f"ix_events_search_{name}", table_name="events")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, column in SEARCHED_BEFORE.items():
        op.execute(f"CREATE INDEX ix_events_search_{name} ON events USING gin (collection, {column} gin_trgm_ops)")
    op.drop_index("ix_events_search_lowered", table_name="events")
    op.drop_column("events", "search_text")
