"""The same batch submitted twice at once, with every task delivered twice on top: one document per
text, one copy of its timexes and events."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from chronicle.settings import load_settings
from chronicle.store import Database
from chronicle.store.models import DocumentRow, EventRow, TimexRow
from tests.faults.conftest import FaultStack
from tests.faults.corpus import Stored, assert_same_as_clean, stored
from worker import dispatch
from worker.app import create_app

pytestmark = pytest.mark.integration


def _duplicated_rows(database_url: str) -> dict[str, int]:
    """Rows that share what must be unique: a document's content, a result's document and position."""
    keys = {
        "documents": (DocumentRow.collection, DocumentRow.content_hash),
        "timexes": (TimexRow.document_id, TimexRow.position),
        "events": (EventRow.document_id, EventRow.position),
    }
    db = Database(database_url)
    try:
        with db.read() as session:
            return {
                name: session.scalar(select(func.count()).select_from(
                    select(*columns).group_by(*columns).having(func.count() > 1).subquery()))
                for name, columns in keys.items()
            }
    finally:
        db.dispose()


def test_the_same_batch_twice_at_once_stores_everything_once(
    make_stack, payloads: list[dict[str, str]], clean: Stored  # type: ignore[no-untyped-def]
) -> None:
    stack: FaultStack = make_stack()
    stack.start_api()
    stack.start_worker("one")
    stack.start_worker("two")
    answers: list[list[dict]] = [[], []]  # type: ignore[type-arg]
    start = threading.Barrier(2)

    def submit(into: list[dict]) -> None:  # type: ignore[type-arg]
        start.wait()
        into.extend(stack.submit(payloads))

    threads = [threading.Thread(target=submit, args=(answer,)) for answer in answers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first, second = answers
    assert len(first) == len(second) == len(payloads)
    assert [a["id"] for a in first] == [b["id"] for b in second], "one text got two documents"
    assert all(a["duplicate"] != b["duplicate"] for a, b in zip(first, second, strict=True)), \
        "each document must be new to exactly one of the two submissions"
    # And every task delivered a second time, as a broker may after a lost acknowledgement.
    app = create_app(load_settings(database_url=stack.database_url, broker_url=stack.redis.url,
                                   queue=stack.env["CHRONICLE_QUEUE"], task_batch_size=5))
    assert dispatch.send(app, [a["id"] for a in first]) == []

    stack.wait_all_done(len(payloads))
    found = stored(stack.database_url)
    assert_same_as_clean(found, clean)
    assert found.counts["documents"] == len(payloads)
    assert _duplicated_rows(stack.database_url) == {"documents": 0, "timexes": 0, "events": 0}
