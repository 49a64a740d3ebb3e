"""The API while the broker is down: submissions are stored and answered 202, health says the broker
is unavailable, and once it is back the reconciler sends every stored document, once."""

from __future__ import annotations

import httpx
import pytest

from tests.faults.conftest import FaultStack
from tests.faults.corpus import Stored, assert_same_as_clean, stored

pytestmark = pytest.mark.integration


def test_submissions_while_the_broker_is_down_are_stored_then_sent_when_it_is_back(
    make_stack, payloads: list[dict[str, str]], clean: Stored  # type: ignore[no-untyped-def]
) -> None:
    stack: FaultStack = make_stack()
    stack.start_api()
    stack.start_beat()
    stack.start_worker()
    stack.redis.kill()

    single = httpx.post(f"{stack.api}/documents", json=payloads[0], timeout=60)
    assert single.status_code == 202, single.text
    assert single.json() == {"id": single.json()["id"], "status": "queued", "duplicate": False}
    items = stack.submit(payloads[1:])
    assert [item["status"] for item in items] == ["queued"] * (len(payloads) - 1)
    assert not any(item["duplicate"] for item in items)
    health = httpx.get(f"{stack.api}/health", timeout=30)
    assert (health.status_code, health.json()["broker"]) == (503, "unavailable")
    # Every submission is stored, none processed: nothing reached a worker.
    assert stack.counts() == {"queued": len(payloads)}

    stack.redis.start()
    stack.wait_all_done(len(payloads))
    assert_same_as_clean(stored(stack.database_url), clean)
    assert httpx.get(f"{stack.api}/health", timeout=30).status_code == 200
