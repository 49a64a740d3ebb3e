"""Schema migrations (Alembic, shipped inside the package): the only way the schema is created or changed."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from chronicle.store.engine import Database

MIGRATIONS = Path(__file__).with_name("migrations")
# Any fixed number: PostgreSQL advisory lock taken while upgrading, so an API and workers starting
# together do not run the same migration twice. On SQLite the upgrade's transaction takes the write
# lock as it begins (BEGIN IMMEDIATE): the second process waits under the busy timeout, then finds
# the schema current. A deferred BEGIN would read the empty file alongside the first, and SQLite
# refuses its later write at once ("database is locked") rather than wait.
_LOCK_KEY = 0x6368726F6E69636C  # "chronicl"


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest revision the code knows."""
    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def revisions() -> list[str]:
    """Every revision the code knows, oldest first."""
    return [script.revision for script in reversed(list(ScriptDirectory.from_config(_config()).walk_revisions()))]


def current(db: Database) -> str | None:
    """The revision the database is at (None when it has never been migrated)."""
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(db: Database, revision: str = "head") -> str | None:
    """Bring the database's schema up to `revision` in one transaction; return the revision reached."""
    with db.engine.execution_options(chronicle_begin="BEGIN IMMEDIATE").begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        command.upgrade(_config(connection), revision)
    return current(db)


def downgrade(db: Database, revision: str) -> str | None:
    """Take the schema back to `revision` (`base` drops every table)."""
    with db.engine.begin() as connection:
        command.downgrade(_config(connection), revision)
    return current(db)
