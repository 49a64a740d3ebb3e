"""Real servers for tests: a fresh PostgreSQL database, a Redis (the shared one or a private one).

Where a server is missing the test is skipped with the reason, except under CI=true, where a
missing server fails the run: CI must not go green by testing nothing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from chronicle.store import Database
from chronicle.store.migrate import upgrade

POSTGRES_ADMIN = os.environ.get("CHRONICLE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_HOST, REDIS_PORT = "127.0.0.1", int(os.environ.get("CHRONICLE_TEST_REDIS_PORT", "6379"))


def missing(reason: str) -> None:
    """Skip the test for `reason`, or fail it under CI=true."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: a missing server is a failure)")
    pytest.skip(reason)


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening(host: str, port: int, timeout: float = 1.0) -> bool:
    """True when something accepts TCP connections at host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _admin_connect():  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(POSTGRES_ADMIN, autocommit=True, connect_timeout=3)


@contextmanager
def postgres_database(prefix: str = "chronicle_test") -> Iterator[str]:
    """Create a uniquely named PostgreSQL database, yield its URL, drop it afterwards."""
    import psycopg

    try:
        admin = _admin_connect()
    except psycopg.OperationalError as error:
        missing(f"PostgreSQL not reachable at {POSTGRES_ADMIN}: {error}")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield POSTGRES_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + "/" + name
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def migrated_database(backend: str, folder: Path) -> Iterator[Database]:
    """A migrated, empty database: SQLite in `folder`, or a fresh PostgreSQL one (backend "postgresql")."""
    if backend == "sqlite":
        database = Database(f"sqlite:///{folder / 'store.db'}")
        upgrade(database)
        yield database
        database.dispose()
        return
    with postgres_database() as url:
        database = Database(url)
        upgrade(database)
        yield database
        database.dispose()


@contextmanager
def redis_url(db: int = 0) -> Iterator[str]:
    """A Redis URL: the machine's server if it answers, else a private `redis-server` on a free port."""
    if listening(REDIS_HOST, REDIS_PORT):
        yield f"redis://{REDIS_HOST}:{REDIS_PORT}/{db}"
        return
    with private_redis() as port:
        yield f"redis://{REDIS_HOST}:{port}/{db}"


@contextmanager
def private_redis(directory: Path | None = None, *, appendonly: bool = False) -> Iterator[int]:
    """Run a private redis-server on a free port for the duration; yield the port."""
    binary = shutil.which("redis-server")
    if binary is None:
        missing("Redis is not running on 127.0.0.1:6379 and no redis-server binary is installed")
    port = free_port()
    args = [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
            "--appendonly", "yes" if appendonly else "no"]
    if directory is not None:
        args += ["--dir", str(directory)]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not listening(REDIS_HOST, port, timeout=0.2):
            if process.poll() is not None or time.monotonic() > deadline:
                missing(f"could not start a private redis-server on port {port}")
            time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
