"""The databases the query benchmark times: a PostgreSQL database and a SQLite file of its own.

Each is new and dropped after the run, or kept under a name (`--keep NAME`: PostgreSQL database
`chronicle_query_NAME`, SQLite file `<tmp>/chronicle_query_NAME.db`) to be timed again on later runs
and dropped when asked (`--drop`). A new one is left empty at revision BEFORE_SEARCH, so the rows are
loaded before the search indexes are built over them. ServerCpu reads the CPU time of the PostgreSQL
backends serving the benchmark's own connections.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from chronicle.store import Database
from chronicle.store.migrate import current, upgrade

POSTGRES_ADMIN = os.environ.get("CHRONICLE_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
PREFIX = "chronicle_query_"
APPLICATION = f"chronicle-query-bench-{os.getpid()}"
# The rows are loaded at the revision before the search indexes, which are then built by migrating.
BEFORE_SEARCH = "0002"


class ServerCpu:
    """CPU time spent by the PostgreSQL backends serving this benchmark's connections, read from /proc/<pid>/schedstat
    (nanoseconds on CPU) when the server runs on this machine; 0 for SQLite, which runs in-process."""

    def __init__(self, db: Database) -> None:
        self.paths: list[Path] = []
        if db.dialect == "postgresql":
            with db.engine.connect() as connection:
                pids = connection.exec_driver_sql(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND backend_type = 'client backend' AND application_name = %(name)s",
                    {"name": APPLICATION}).scalars().all()
            self.paths = [Path(f"/proc/{pid}/schedstat") for pid in pids if Path(f"/proc/{pid}/schedstat").exists()]

    def seconds(self) -> float:
        """CPU seconds so far."""
        return sum(int(path.read_text().split()[0]) for path in self.paths) / 1e9


@contextmanager
def postgres(kept: str | None = None, drop: bool = True) -> Iterator[Database]:
    """A PostgreSQL database of its own, dropped afterwards unless `kept` (its name) and not `drop`;
    empty at revision BEFORE_SEARCH when new."""
    import psycopg

    name = f"{PREFIX}{kept or 'bench_' + uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    # Named, so the backends timed are this process's, not those of anyone else reading the database.
    try:
        with _opened(POSTGRES_ADMIN.rsplit("/", 1)[0] + "/" + name + "?application_name=" + APPLICATION) as db:
            yield db
    finally:
        if kept is None or drop:
            with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def sqlite(kept: str | None = None, drop: bool = True) -> Iterator[Database]:
    """A SQLite database in a temporary folder, or kept in the temporary directory as `kept`; empty
    at revision BEFORE_SEARCH when new."""
    with tempfile.TemporaryDirectory(prefix="chronicle-bench-query-") as folder:
        path = Path(tempfile.gettempdir(), f"{PREFIX}{kept}.db") if kept else Path(folder, "timeline.db")
        try:
            with _opened(f"sqlite:///{path}") as db:
                yield db
        finally:
            if kept and drop:
                for leftover in path.parent.glob(path.name + "*"):
                    leftover.unlink()


@contextmanager
def _opened(url: str) -> Iterator[Database]:
    """The database at `url`, brought to revision BEFORE_SEARCH when new, disposed of at the end."""
    db = Database(url)
    try:
        if current(db) is None:
            upgrade(db, BEFORE_SEARCH)
        yield db
    finally:
        db.dispose()


DATABASES = {"postgresql": postgres, "sqlite": sqlite}


def add_keep_options(parser: argparse.ArgumentParser) -> None:
    """The --keep NAME and --drop options (check them with `check_keep_options` once parsed)."""
    parser.add_argument("--keep", metavar="NAME", type=_kept_name,
                        help=f"keep the generated rows in {PREFIX}NAME and reuse them on later runs")
    parser.add_argument("--drop", action="store_true", help="with --keep: drop the kept database at the end")


def check_keep_options(parser: argparse.ArgumentParser, options: argparse.Namespace) -> None:
    """Refuse --drop without --keep (a new database is dropped anyway)."""
    if options.drop and not options.keep:
        parser.error("--drop goes with --keep")


def _kept_name(name: str) -> str:
    """A --keep name: letters, digits and underscores, so it is safe as a database and file name."""
    if not name or not all(c.isalnum() or c == "_" for c in name) or not name.isascii():
        raise argparse.ArgumentTypeError("letters, digits and underscores only")
    return name.lower()
