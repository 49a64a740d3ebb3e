"""A stack that parts can be taken out of: the API, workers and beat on a private redis-server, with a
fresh database (on the shared PostgreSQL, or on a private cluster when the test restarts it)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from chronicle.store import Database, count_by_status
from chronicle.store.models import DocumentRow
from tests.faults.corpus import COLLECTION, DOCUMENTS, Stored, clean_run, documents, stored
from tests.faults.servers import RestartableRedis
from tests.integration.conftest import Stack, wait_for
from tests.servers import free_port, postgres_database

# Short enough that a lost task is found again within a minute, and still above the slowest task
# (soft limit x batch size + 30 s of grace), as the settings require.
FAULT_SETTINGS = {
    "CHRONICLE_SOFT_TIME_LIMIT": "2", "CHRONICLE_TASK_BATCH_SIZE": "5", "CHRONICLE_REQUEUE_AFTER": "45",
    "CHRONICLE_RECONCILE_EVERY": "2", "CHRONICLE_MAX_BATCH_DOCUMENTS": "500",
}
# How long processing every document may take, however it was disturbed.
PATIENCE = 120 + DOCUMENTS * 0.25


class FaultStack(Stack):
    """The stack, plus its private Redis and the means to submit, watch and disturb it."""

    redis: RestartableRedis

    def chronicle(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        """Start a chronicle command under `name`, replacing a stopped process of the same name."""
        self.processes.pop(name, None)
        return self.start(name, *args)

    def start_api(self) -> None:
        """Start `chronicle serve` and wait until it answers."""
        port = free_port()
        self.api = f"http://127.0.0.1:{port}"
        self.chronicle("api", "serve", "--port", str(port), "--log-level", "warning")
        wait_for(lambda: _answers(self.api), 60, "the API to answer", self)

    def start_worker(self, name: str = "worker", concurrency: int = 2) -> subprocess.Popen[bytes]:
        """Start a `chronicle worker` and wait until it is ready."""
        log = Path(self.env["CHRONICLE_TEST_LOGS"]) / f"{name}.log"
        offset = log.stat().st_size if log.exists() else 0
        process = self.chronicle(name, "worker", "--concurrency", str(concurrency), "--without-gossip",
                                 "--without-mingle", "--hostname", f"{name}-{uuid.uuid4().hex[:8]}@%h")
        wait_for(lambda: "ready" in log.read_bytes()[offset:].decode(errors="replace"), 90,
                 f"{name} to be ready", self)
        return process

    def start_beat(self) -> None:
        """Start the reconciler's scheduler."""
        self.chronicle("beat", "beat", "--schedule", str(Path(self.env["CHRONICLE_TEST_LOGS"]) / "beat-schedule"))

    def submit(self, payloads: Sequence[dict[str, str]], chunk: int = 500) -> list[dict]:  # type: ignore[type-arg]
        """POST the documents in batches; return every answer item, in order."""
        items = []
        with httpx.Client(timeout=120) as client:
            for start in range(0, len(payloads), chunk):
                response = client.post(f"{self.api}/documents/batch",
                                       json={"documents": list(payloads[start:start + chunk])})
                assert response.status_code == 202, response.text
                items.extend(response.json()["documents"])
        return items

    def counts(self) -> dict[str, int]:
        """How many of the fault documents are in each status."""
        db = Database(self.database_url)
        try:
            with db.read() as session:
                return count_by_status(session=session, collection=COLLECTION)
        finally:
            db.dispose()

    def processing(self) -> set[str]:
        """The external ids of the fault documents a worker has claimed and not finished."""
        db = Database(self.database_url)
        try:
            with db.read() as session:
                return set(session.scalars(select(DocumentRow.external_id).where(
                    DocumentRow.collection == COLLECTION, DocumentRow.status == "processing")))
        finally:
            db.dispose()

    def cut_off(self, claimed: set[str], settle: float = 1.0) -> set[str]:
        """Of the documents `claimed` before a kill, those the kill cut off: not finished by that claim.

        A pool process may have sent its COMMIT just before it died, and PostgreSQL still applies it; so
        after `settle` seconds a document done on its first attempt was finished, not cut off.
        """
        time.sleep(settle)
        db = Database(self.database_url)
        try:
            with db.read() as session:
                finished = set(session.scalars(select(DocumentRow.external_id).where(
                    DocumentRow.collection == COLLECTION, DocumentRow.external_id.in_(claimed),
                    DocumentRow.status == "done", DocumentRow.attempts == 1)))
        finally:
            db.dispose()
        return claimed - finished

    def wait_until(self, predicate: Callable[[dict[str, int]], bool], what: str, timeout: float = PATIENCE,
                   ) -> dict[str, int]:
        """Poll the status counts until `predicate` holds for them; return them."""
        return wait_for(lambda: (lambda c: c if predicate(c) else None)(self.counts()), timeout, what, self)

    def wait_all_done(self, total: int, timeout: float = PATIENCE) -> None:
        """Wait until every one of `total` documents is done."""
        self.wait_until(lambda c: c.get("done", 0) == total, f"all {total} documents to be done", timeout)

    def kill(self, name: str, sig: int = signal.SIGKILL) -> int:
        """Send `sig` to a process's whole group (the worker and its pool) and reap it; return its code."""
        process = self.processes.pop(name)
        os.killpg(process.pid, sig)
        return process.wait(timeout=60)


def _answers(api: str) -> bool:
    try:
        return httpx.get(f"{api}/health", timeout=2).status_code in (200, 503)
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="session")
def payloads() -> list[dict[str, str]]:
    """The fault corpus: CHRONICLE_FAULT_DOCS documents."""
    return documents()


@pytest.fixture(scope="session")
def clean(payloads: list[dict[str, str]], tmp_path_factory: pytest.TempPathFactory) -> Stored:
    """What an undisturbed in-process run stores for the fault corpus."""
    return clean_run(f"sqlite:///{tmp_path_factory.mktemp('clean') / 'clean.db'}", payloads)


@pytest.fixture
def make_stack(tmp_path: Path) -> Iterator[Callable[..., FaultStack]]:
    """Build a FaultStack on a private Redis and a fresh database (or `database_url`); tear all down after."""
    built: list[FaultStack] = []
    servers: list[RestartableRedis] = []
    databases = []

    def build(database_url: str | None = None, **settings: str) -> FaultStack:
        logs = tmp_path / "logs"
        logs.mkdir(exist_ok=True)
        redis = RestartableRedis(logs / "redis.log")
        servers.append(redis)
        redis.start()
        if database_url is None:
            databases.append(postgres_database("chronicle_faults"))
            database_url = databases[-1].__enter__()
        env = {**os.environ, "CHRONICLE_DATABASE_URL": database_url, "CHRONICLE_BROKER_URL": redis.url,
               "CHRONICLE_QUEUE": f"chronicle-faults-{uuid.uuid4().hex[:10]}", "CHRONICLE_TEST_LOGS": str(logs),
               **FAULT_SETTINGS, **settings}
        stack = FaultStack(api="", database_url=database_url, env=env)
        stack.redis = redis
        built.append(stack)
        return stack

    try:
        yield build
    finally:
        with ThreadPoolExecutor() as pool:  # stop every process at once: each may take seconds
            for stack in built:
                list(pool.map(lambda name, s=stack: s.stop(name, timeout=20), list(stack.processes)))
        for redis in servers:
            redis.close()
        for database in reversed(databases):
            database.__exit__(None, None, None)
