"""A worker killed with SIGKILL in the middle of a batch: a new worker and the reconciler finish it,
and every document is done exactly once."""

from __future__ import annotations

import pytest

from tests.faults.conftest import FaultStack
from tests.faults.corpus import Stored, assert_same_as_clean, stored

pytestmark = pytest.mark.integration


def test_a_worker_killed_mid_batch_loses_nothing_and_doubles_nothing(
    make_stack, payloads: list[dict[str, str]], clean: Stored  # type: ignore[no-untyped-def]
) -> None:
    stack: FaultStack = make_stack()
    stack.start_api()
    stack.start_beat()
    stack.submit(payloads)  # all queued before any worker runs, so the kill lands mid-batch
    total = len(payloads)
    interrupted: set[str] = set()
    # A task may finish between the moment the database shows it under way and the kill; then the
    # kill cut off no document, so try again with a new worker (a few times at most).
    for attempt in range(5):
        stack.start_worker(f"killed-{attempt}")
        stack.wait_until(lambda c: c.get("done", 0) >= total // 5 and c.get("processing", 0) > 0,
                         "a fifth of the batch done and a task under way")
        stack.kill(f"killed-{attempt}")  # the worker and its pool: no chance to acknowledge or put back
        at_kill = stack.counts()
        interrupted = stack.cut_off(stack.processing())
        assert at_kill.get("done", 0) < total, f"the batch ended before the kill: {at_kill}"
        if interrupted:
            break
    assert interrupted, "no kill landed while a document was being processed"

    stack.start_worker("second")
    stack.wait_all_done(total)
    found = stored(stack.database_url)
    assert_same_as_clean(found, clean)
    # The documents cut off mid-task were claimed again (and stored once, as compared above).
    assert all(found.attempts[key] >= 2 for key in interrupted), {k: found.attempts[k] for k in interrupted}
