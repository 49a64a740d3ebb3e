"""The end-to-end benchmark still runs through a real stack and reports every figure (not checked),
and leaves nothing behind when it is stopped."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg

from benchmarks.end_to_end import task_chunks
from tests.conftest import REPO
from tests.servers import POSTGRES_ADMIN, missing, postgres_database


def _servers_or_skip() -> None:
    if shutil.which("redis-server") is None:
        missing("redis-server is not installed")
    with postgres_database():  # skips (or fails under CI=true) when PostgreSQL is missing
        pass


def test_ceiling_tasks_are_cut_like_the_api_cuts_requests():
    chunks = task_chunks(documents=530, request_size=250, batch_size=20)
    assert [len(chunk) for chunk in chunks[:13]] == [20] * 12 + [10]
    assert [i for chunk in chunks for i in chunk] == list(range(530))
    assert len(chunks) == 13 + 13 + 2


def test_quick_benchmark_reports_the_ceilings_the_pipeline_and_their_ratios(tmp_path):
    _servers_or_skip()
    result = subprocess.run(
        [sys.executable, "benchmarks/end_to_end.py", "--documents", "60", "--rounds", "1", "--request-size", "30",
         "--profile-sample", "5", "--out", str(tmp_path / "report.json"), "--logs", str(tmp_path / "logs")],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert re.search(r"^pipeline\s+[\d.]+ docs/s .*; tasks of 20 documents; 0 failed; [1-9]\d* events", out, re.M)
    assert re.search(r"^Celery no-op, per doc\s+[\d.]+ docs/s .*one per document; pipeline / no-op [\d.]+", out, re.M)
    assert re.search(r"^Celery no-op, batched\s+[\d.]+ docs/s .*of 20 ids.*pipeline / no-op [\d.]+", out, re.M)
    assert re.search(r"^tasks of 20: .* an empty task costs the worker and Redis [\d.]+ ms", out, re.M)
    assert re.search(r"^extraction ceiling\s+[\d.]+ docs/s .*[\d.]+ wall clock, [\d.]+ in CPU time", out, re.M)
    assert (tmp_path / "report.json").exists()
    assert {path.name for path in (tmp_path / "logs").iterdir()} >= {"api.log", "worker.log", "worker-noop-each.log"}


def _databases(prefix: str) -> list[str]:
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        return [row[0] for row in admin.execute("SELECT datname FROM pg_database WHERE datname LIKE %s",
                                                [prefix + "%"])]


def _processes_of(pid: int, database: str) -> set[int]:
    """The process and its descendants, and every process whose environment names the database."""
    parents, found = {}, {pid}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                if database.encode() in (entry / "environ").read_bytes():
                    found.add(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    grew = True
    while grew:
        children = {child for child, parent in parents.items() if parent in found} - found
        found |= children
        grew = bool(children)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_stopped_during_start_up_it_stops_everything_and_drops_its_database(tmp_path):
    _servers_or_skip()
    prefix = f"chronicle_benchstop_{uuid.uuid4().hex[:6]}"
    process = subprocess.Popen(
        [sys.executable, "benchmarks/end_to_end.py", "--documents", "60", "--rounds", "1",
         "--database-prefix", prefix, "--out", str(tmp_path / "report.json"), "--logs", str(tmp_path / "logs")],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not _databases(prefix) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    [database] = _databases(prefix)
    time.sleep(0.5)  # the redis-server and the first worker are starting
    started = _processes_of(process.pid, database)
    os.kill(process.pid, signal.SIGTERM)
    process.communicate(timeout=120)
    assert process.returncode == 128 + signal.SIGTERM
    assert _databases(prefix) == []
    assert [pid for pid in started if _alive(pid)] == []
