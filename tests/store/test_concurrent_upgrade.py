"""Processes starting together on a fresh database (an API and a worker) each upgrade the schema at
start: every one succeeds, and the schema is built once."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from chronicle.store import Database
from chronicle.store.migrate import head
from tests.conftest import REPO
from tests.servers import postgres_database

PROCESSES, ROUNDS = 3, 2
# Each process gets ready (imports, engine), says so with a file, waits for the go file, upgrades.
_UPGRADE = """
import sys, time
from pathlib import Path
from chronicle.store import Database
from chronicle.store.migrate import upgrade
url, ready, go = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
db = Database(url)
ready.touch()
while not go.exists():
    time.sleep(0.001)
print(upgrade(db))
"""


def _upgrade_together(url: str, folder: Path) -> list[subprocess.CompletedProcess[str]]:
    go = folder / "go"
    ready = [folder / f"ready-{n}" for n in range(PROCESSES)]
    processes = [subprocess.Popen([sys.executable, "-c", _UPGRADE, url, str(path), str(go)], cwd=REPO,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for path in ready]
    deadline = time.monotonic() + 120
    while not all(path.exists() for path in ready) and time.monotonic() < deadline \
            and all(process.poll() is None for process in processes):
        time.sleep(0.01)
    go.touch()
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


def _check(results: list[subprocess.CompletedProcess[str]], url: str) -> None:
    for result in results:
        assert result.returncode == 0, result.stderr[-3000:]
        assert result.stdout.strip() == head()
    db = Database(url)
    try:
        with db.read() as session:
            assert session.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
            assert session.execute(text("SELECT count(*) FROM documents")).scalar_one() == 0
    finally:
        db.dispose()


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_processes_upgrading_a_fresh_sqlite_file_together_all_succeed(tmp_path: Path, round_: int) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    _check(_upgrade_together(url, tmp_path), url)


@pytest.mark.integration
def test_processes_upgrading_a_fresh_postgresql_database_together_all_succeed(tmp_path: Path) -> None:
    with postgres_database() as url:
        _check(_upgrade_together(url, tmp_path), url)
