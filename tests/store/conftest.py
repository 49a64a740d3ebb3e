"""Every store test runs twice: on SQLite and on a fresh PostgreSQL database of its own."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from chronicle.store import Database
from tests.servers import migrated_database


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database on each backend."""
    with migrated_database(request.param, tmp_path) as database:
        yield database


@pytest.fixture
def now() -> datetime:
    """A fixed clock reading for the store's timestamps."""
    return datetime(2024, 7, 12, 9, 30, tzinfo=UTC)


def later(moment: datetime, **delta: float) -> datetime:
    """`moment` plus a timedelta."""
    return moment + timedelta(**delta)
