"""Pool processes killed with SIGKILL (as the out-of-memory killer would): their worker notices, puts the
task back at once, and every document is done exactly once without waiting for the reconciler."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from tests.faults.conftest import FaultStack
from tests.faults.corpus import Stored, assert_same_as_clean, stored

pytestmark = pytest.mark.integration


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_a_pool_process_killed_mid_task_is_replaced_and_its_task_redone(
    make_stack, payloads: list[dict[str, str]], clean: Stored  # type: ignore[no-untyped-def]
) -> None:
    # With the reconciler an hour away, only the worker itself can put the lost task back. Tasks of 25
    # documents last long enough (~0.1 s) that one seen under way is still running when the kill lands.
    stack: FaultStack = make_stack(CHRONICLE_REQUEUE_AFTER="3600", CHRONICLE_TASK_BATCH_SIZE="25")
    stack.start_api()
    stack.submit(payloads)
    worker = stack.start_worker()
    total = len(payloads)
    interrupted: set[str] = set()
    for _ in range(5):  # a task may finish between the look and the kill: then kill again
        stack.wait_until(lambda c: c.get("done", 0) >= total // 5 and c.get("processing", 0) > 0,
                         "a fifth of the batch done and a task under way")
        before = stack.processing()
        for child in _children(worker.pid):
            os.kill(child, signal.SIGKILL)
        # Still processing after the kill, and already before it: cut off (new pool processes start at
        # once and claim other documents, which do not count), unless a commit sent before the kill lands.
        interrupted = stack.cut_off(before & stack.processing())
        if interrupted:
            break
    assert interrupted, "no kill landed while a document was being processed"

    stack.wait_all_done(total)
    assert worker.poll() is None, "the worker itself must survive the loss of a pool process"
    found = stored(stack.database_url)
    assert_same_as_clean(found, clean)
    assert all(found.attempts[key] >= 2 for key in interrupted), {k: found.attempts[k] for k in interrupted}
