"""Engines and sessions: one `Database` per URL and process, SQLite tuned for concurrent use.

Forked worker processes must not share their parent's connections, so `database(url)` keys its
cache by process id and a child builds its own engine on first use (`reset()` drops inherited ones).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

# SQLite keeps a write-ahead log at the largest size one transaction made it, for good; past a
# checkpoint, a log longer than this is cut back to it.
WAL_SIZE_LIMIT = 64 * 1024 * 1024

# Errors worth retrying: the server went away, a connection broke, SQLite stayed locked.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (exc.OperationalError, exc.InterfaceError)


class StoreUnavailable(RuntimeError):
    """The database cannot be reached or stayed locked; the operation may succeed later."""


def normalise_url(url: str) -> str:
    """Pin PostgreSQL URLs to the psycopg 3 driver chronicle ships with."""
    for bare in ("postgresql://", "postgres://"):
        if url.startswith(bare):
            return "postgresql+psycopg://" + url[len(bare):]
    return url


class Database:
    """An engine with a writer and a reader session factory.

    On SQLite, writers start with BEGIN IMMEDIATE (the write lock is taken up front and waited for
    under the busy timeout, instead of failing mid-transaction when another writer got in first) and
    the file runs in WAL mode so readers never block writers.
    """

    def __init__(self, url: str, *, busy_timeout: float = 30.0, **engine_options: Any) -> None:
        self.url = normalise_url(url)
        self.dialect = make_url(self.url).get_backend_name()
        if self.dialect == "sqlite":
            self.engine = _sqlite_engine(self.url, busy_timeout, engine_options)
        else:
            options = {
                "pool_pre_ping": True, "pool_size": 5, "max_overflow": 10,
                "connect_args": {"connect_timeout": 5}, **engine_options,
            }
            self.engine = create_engine(self.url, **options)
        writer = self.engine.execution_options(chronicle_begin="BEGIN IMMEDIATE")
        self.writer = sessionmaker(writer, expire_on_commit=False)
        self.reader = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in a write transaction: committed on success, rolled back on error."""
        with _translated_errors(), self.writer.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; nothing it does is committed."""
        with _translated_errors(), self.reader() as session:
            yield session

    def ping(self) -> None:
        """Raise StoreUnavailable unless the database answers."""
        with self.read() as session:
            session.execute(text("SELECT 1"))

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


@contextmanager
def _translated_errors() -> Iterator[None]:
    try:
        yield
    except TRANSIENT_ERRORS as error:
        raise StoreUnavailable(f"database unavailable: {type(error.orig).__name__}: {error.orig}") from error


def _sqlite_engine(url: str, busy_timeout: float, options: dict[str, Any]) -> Engine:
    engine = create_engine(url, connect_args={"timeout": busy_timeout, "check_same_thread": False}, **options)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module (it would not BEGIN before reads).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if make_url(url).database not in (None, "", ":memory:"):
            _write_ahead_log(cursor, busy_timeout)
            cursor.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(connection.get_execution_options().get("chronicle_begin", "BEGIN"))

    return engine


def _write_ahead_log(cursor: Any, busy_timeout: float) -> None:
    """Switch the file to WAL. That needs the file to itself for an instant, and a process opening a
    fresh file at the same moment as another (an API and a worker starting together) is told
    "database is locked" at once, without the busy handler: try again until the busy timeout."""
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


_databases: dict[tuple[int, str], Database] = {}
_lock = threading.Lock()


def database(url: str, *, busy_timeout: float = 30.0) -> Database:
    """The process's Database for `url`, created on first use (again in each forked child)."""
    key = (os.getpid(), normalise_url(url))
    with _lock:
        found = _databases.get(key)
        if found is None:
            found = _databases[key] = Database(url, busy_timeout=busy_timeout)
        return found


def reset() -> None:
    """Forget engines inherited from a parent process (call right after fork), without closing them."""
    with _lock:
        pid = os.getpid()
        for key in [key for key in _databases if key[0] != pid]:
            # dispose(close=False) drops the pool without touching the parent's sockets.
            _databases.pop(key).engine.dispose(close=False)
