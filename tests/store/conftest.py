"""Every store test runs twice: on SQLite and on a fresh PostgreSQL database of its own."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from chronicle.store import Database
from chronicle.store.migrate import upgrade
from tests.servers import postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'store.db'}")
        upgrade(database)
        yield database
        database.dispose()
        return
    with postgres_database() as url:
        database = Database(url)
        upgrade(database)
        yield database
        database.dispose()


@pytest.fixture
def now() -> datetime:
    """A fixed clock reading for the store's timestamps."""
    return datetime(2024, 7, 12, 9, 30, tzinfo=UTC)


def later(moment: datetime, **delta: float) -> datetime:
    """`moment` plus a timedelta."""
    return moment + timedelta(**delta)
