"""PostgreSQL crashes in the middle of a batch and comes back: tasks that met the outage retry with
backoff, and every document is done exactly once."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from tests.faults.conftest import FaultStack
from tests.faults.corpus import Stored, assert_same_as_clean, stored
from tests.faults.servers import PrivatePostgres

pytestmark = pytest.mark.integration


@pytest.fixture
def postgres() -> Iterator[PrivatePostgres]:
    """A private PostgreSQL cluster, started; removed afterwards."""
    server = PrivatePostgres()
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.close()


def test_a_postgres_restart_mid_batch_is_retried_until_every_document_is_done(
    make_stack, postgres: PrivatePostgres, payloads: list[dict[str, str]], clean: Stored  # type: ignore[no-untyped-def]
) -> None:
    stack: FaultStack = make_stack(postgres.create_database("chronicle_faults"))
    stack.start_api()
    stack.start_beat()
    stack.submit(payloads)
    worker_log = stack.logs["api"].with_name("worker.log")
    stack.start_worker()
    total = len(payloads)
    stack.wait_until(lambda c: c.get("done", 0) >= total // 5, "a fifth of the batch done")
    postgres.crash()
    health = httpx.get(f"{stack.api}/health", timeout=30)
    time.sleep(3)  # the workers meet the outage and schedule their retries
    postgres.start()
    assert (health.status_code, health.json()["database"]) == (503, "unavailable")

    stack.wait_all_done(total)
    found = stored(stack.database_url)
    assert_same_as_clean(found, clean)
    assert "database unavailable, retry" in worker_log.read_text(errors="replace"), "no task met the outage"
