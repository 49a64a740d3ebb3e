"""Real stacks for hostile documents: `chronicle serve` and `chronicle worker` processes over Redis (a
private queue) into SQLite or a fresh PostgreSQL database, with the settings each test needs."""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from chronicle.store import Database, statuses
from tests.integration.conftest import CHRONICLE, Stack, healthy, wait_for
from tests.servers import free_port, postgres_database, redis_url

# `make test` sends documents up to 1 MB, each input at a sixteenth of its size; `make test-hostile`
# (CHRONICLE_HOSTILE_FULL=1) sends 10 MB and every input whole: minutes of work on two cores.
FULL = os.environ.get("CHRONICLE_HOSTILE_FULL", "") == "1"
LIMIT = 10_000_000 if FULL else 1_000_000
SCALE = 1.0 if FULL else 1 / 16


@contextmanager
def running_stack(logs: Path, database_url: str, broker: str, **settings: str) -> Iterator[Stack]:
    """The API and one worker (two processes) on `database_url`, with extra CHRONICLE_* settings."""
    port = free_port()
    env = {**os.environ, "CHRONICLE_DATABASE_URL": database_url, "CHRONICLE_BROKER_URL": broker,
           "CHRONICLE_QUEUE": f"chronicle-hostile-{uuid.uuid4().hex[:10]}", "CHRONICLE_TEST_LOGS": str(logs),
           **{f"CHRONICLE_{name.upper()}": value for name, value in settings.items()}}
    stack = Stack(api=f"http://127.0.0.1:{port}", database_url=database_url, env=env)
    # The schema first: on SQLite the API and the worker would both create it at once, and one would fail.
    subprocess.run([CHRONICLE, "db", "upgrade"], env=env, check=True, capture_output=True, timeout=120)
    stack.start("worker", "worker", "--concurrency", "2", "--hostname", f"hostile-{uuid.uuid4().hex[:8]}@%h",
                "--without-gossip", "--without-mingle")
    stack.start("api", "serve", "--port", str(port), "--log-level", "warning")
    try:
        wait_for(lambda: healthy(stack.api), 90, "the API to answer /health", stack)
        wait_for(lambda: "ready" in stack.logs["worker"].read_text(errors="replace"), 90, "the worker to be ready",
                 stack)
        yield stack
    finally:
        for name in list(stack.processes):
            stack.stop(name)


@contextmanager
def database_url(kind: str, folder: Path) -> Iterator[str]:
    """A fresh SQLite file or PostgreSQL database."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'hostile.db'}"
    else:
        with postgres_database("chronicle_hostile") as url:
            yield url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def hostile_stack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A stack taking documents up to LIMIT bytes, one per task, with a soft time limit that a loaded
    machine cannot reach by accident: these tests are about surviving the input, not about time."""
    folder = tmp_path_factory.mktemp(f"hostile-{request.param}")
    with database_url(request.param, folder) as url, redis_url() as broker, \
            running_stack(folder, url, broker, max_text_bytes=str(LIMIT), max_request_bytes=str(4 * LIMIT),
                          task_batch_size="1", soft_time_limit="1200", requeue_after="3600") as stack:
        yield stack


def finish(stack: Stack, ids: list[int], timeout: float) -> dict[int, tuple[str, str | None]]:
    """Wait until every document is done or failed; return each one's (status, error)."""
    db = Database(stack.database_url)
    try:
        def finished() -> dict[int, tuple[str, str | None]] | None:
            with db.read() as session:
                found = statuses(session=session, ids=ids)
            return found if all(found[i][0] in ("done", "failed") for i in ids) else None

        return wait_for(finished, timeout, f"documents {ids} to be processed", stack)  # type: ignore[no-any-return]
    finally:
        db.dispose()


def submit(stack: Stack, text: str, **fields: str) -> int:
    """POST one document; return its id."""
    began = time.monotonic()
    response = httpx.post(f"{stack.api}/documents", json={"text": text, "published_at": "2024-07-12", **fields},
                          timeout=120)
    assert response.status_code == 202, (response.status_code, response.text[:500], time.monotonic() - began)
    return response.json()["id"]  # type: ignore[no-any-return]
