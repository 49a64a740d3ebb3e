"""A worker stopped with SIGTERM (warm shutdown) finishes the documents it has started and loses none:
the rest go back to the queue for the next worker, with no help from the reconciler."""

from __future__ import annotations

import os
import signal

import pytest

from tests.faults.conftest import FaultStack
from tests.faults.corpus import Stored, assert_same_as_clean, stored

pytestmark = pytest.mark.integration


def test_a_worker_stopped_with_sigterm_finishes_its_documents(
    make_stack, payloads: list[dict[str, str]], clean: Stored  # type: ignore[no-untyped-def]
) -> None:
    # The reconciler would only send a document again after an hour: whatever the next worker does,
    # it finds in the queue.
    stack: FaultStack = make_stack(CHRONICLE_REQUEUE_AFTER="3600")
    stack.start_api()
    stack.start_beat()
    stack.submit(payloads)
    first = stack.start_worker("first")
    total = len(payloads)
    stack.wait_until(lambda c: c.get("done", 0) >= total // 5 and c.get("processing", 0) > 0,
                     "a fifth of the batch done and a task under way")
    os.kill(first.pid, signal.SIGTERM)  # the main process only, as a service manager stops it
    assert first.wait(timeout=120) == 0, stack.tail()
    stack.processes.pop("first")
    after = stored(stack.database_url)
    left = [key for key, status in after.statuses.items() if status != "done"]
    assert left, "the batch ended before the worker was stopped"
    assert [key for key in left if after.statuses[key] != "queued"] == [], "a started document was left unfinished"

    stack.start_worker("second")
    stack.wait_all_done(total)
    found = stored(stack.database_url)
    assert_same_as_clean(found, clean)
    assert {key: n for key, n in found.attempts.items() if n != 1} == {}, "a document was processed twice"
