"""SQLite's write-ahead log: one large transaction does not leave a log that large behind for good."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from chronicle.store import Database, engine


def test_the_log_is_cut_back_after_a_large_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "WAL_SIZE_LIMIT", 1024 * 1024)
    db = Database(f"sqlite:///{tmp_path / 'wal.db'}")
    log = tmp_path / "wal.db-wal"
    try:
        with db.write() as session:
            session.execute(text("CREATE TABLE t (b BLOB)"))
        with db.write() as session:  # 8 MB in one transaction: the log must hold all of it
            session.execute(text("INSERT INTO t VALUES (randomblob(8 * 1024 * 1024))"))
        assert log.stat().st_size > 8 * 1024 * 1024
        raw = db.engine.raw_connection()  # a checkpoint runs outside any transaction
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint")
        finally:
            raw.close()
        with db.write() as session:  # the first write after the checkpoint starts the log again
            session.execute(text("INSERT INTO t VALUES (1)"))
        assert log.stat().st_size <= 1024 * 1024
    finally:
        db.dispose()
