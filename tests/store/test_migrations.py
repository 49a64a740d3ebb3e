"""The schema comes from the migrations alone, and they agree with the models on both backends."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from chronicle.store import Database
from chronicle.store.migrate import current, downgrade, head, revisions, upgrade
from chronicle.store.models import Base
from chronicle.store.search import include_name


# SQLite cannot reflect the expression index on (coalesce(source, ""), external_id); the
# PostgreSQL run compares it.
@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_upgrade_reaches_head_and_matches_the_models(db: Database) -> None:
    assert current(db) == head()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": include_name})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_downgrade_to_base_and_up_again(db: Database) -> None:
    assert downgrade(db, "base") is None
    assert not {"documents", "timexes", "events"} & set(inspect(db.engine).get_table_names())
    assert upgrade(db) == head()
    assert {"documents", "timexes", "events"} <= set(inspect(db.engine).get_table_names())


def test_upgrade_twice_is_harmless(db: Database) -> None:
    assert upgrade(db) == head()
    assert upgrade(db) == head()


def _index_exists(db: Database, name: str) -> bool:
    query = (
        "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = :name" if db.dialect == "sqlite"
        else "SELECT 1 FROM pg_indexes WHERE indexname = :name"
    )
    with db.engine.connect() as connection:
        return connection.execute(text(query), {"name": name}).first() is not None


def test_every_revision_keeps_the_external_id_index(db: Database) -> None:
    # Autogenerate cannot compare expression indexes on SQLite, so look for it by name at each step.
    downgrade(db, "base")
    known = revisions()
    for revision in known:
        upgrade(db, revision)
        assert _index_exists(db, "uq_documents_source_external_id"), revision
    for revision in reversed(known[:-1]):
        downgrade(db, revision)
        assert _index_exists(db, "uq_documents_source_external_id"), revision


def test_the_fine_grain_index_comes_and_goes_with_its_revision(db: Database) -> None:
    assert _index_exists(db, "ix_events_fine_timeline")
    downgrade(db, "0004")
    assert not _index_exists(db, "ix_events_fine_timeline")
    upgrade(db, "0005")
    assert _index_exists(db, "ix_events_fine_timeline")
