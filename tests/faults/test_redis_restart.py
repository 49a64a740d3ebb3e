"""Redis crashes and comes back empty (no persistence) in the middle of a batch: the messages are
gone, the database still knows what is left, and the reconciler sends it again."""

from __future__ import annotations

import time

import pytest

from tests.faults.conftest import FaultStack
from tests.faults.corpus import Stored, assert_same_as_clean, stored

pytestmark = pytest.mark.integration


def test_a_redis_restart_without_persistence_loses_no_document(
    make_stack, payloads: list[dict[str, str]], clean: Stored  # type: ignore[no-untyped-def]
) -> None:
    stack: FaultStack = make_stack()
    stack.start_api()
    stack.start_beat()
    stack.submit(payloads)
    stack.start_worker()
    total = len(payloads)
    stack.wait_until(lambda c: c.get("done", 0) >= total // 5, "a fifth of the batch done")
    stack.redis.kill()
    at_crash = stack.counts()
    time.sleep(2)  # the workers and beat notice the broker is gone
    stack.redis.start()  # empty: every queued message was lost
    assert at_crash.get("done", 0) < total, f"the batch ended before Redis went down: {at_crash}"

    stack.wait_all_done(total)
    assert_same_as_clean(stored(stack.database_url), clean)
