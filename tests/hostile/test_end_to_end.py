"""Hostile documents through the whole path: HTTP in, Redis, a real worker process, SQLite or PostgreSQL
out. Every one is processed and stored whole, the worker survives, and the queue keeps moving."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from benchmarks.hostile_inputs import CASES
from benchmarks.pathological import MONTHS
from chronicle import pipeline
from chronicle.ingest.normalise import clean_text
from chronicle.store import Database, get_document
from chronicle.store.views import get_text
from tests.api.conftest import SEED_TEXT
from tests.hostile.conftest import LIMIT, SCALE, finish, submit
from tests.integration.conftest import Stack

pytestmark = pytest.mark.integration

REFERENCE = date(2024, 7, 12)
MONTH_NAMES = "month names x 10,000"


def _texts() -> dict[str, str]:
    return {case.name: case.build(SCALE) for case in CASES}


def _stored_size(text: str) -> int:
    return len(clean_text(text).encode("utf-8"))


def _at_the_limit() -> str:
    """News with every hostile input inside it, as long as the limit allows: the limit counts the
    text as stored, where a NUL character (one byte) becomes U+FFFD (three)."""
    text = "".join(SEED_TEXT + "\n\n" + case.build(SCALE / 4) + "\n\n" for case in CASES)
    # Enough copies of the seed at once: measuring the whole text again after each one took minutes.
    seed = SEED_TEXT + "\n\n"
    text += seed * max(0, -(-(LIMIT - _stored_size(text)) // _stored_size(seed)))
    while _stored_size(text) < LIMIT:
        text += seed
    # Cut where the stored text reaches the limit (a character cut in two is dropped), then pad.
    text = text[:len(clean_text(text).encode("utf-8")[:LIMIT].decode("utf-8", errors="ignore"))]
    return text + " " * (LIMIT - _stored_size(text))


def _alive(stack: Stack) -> None:
    worker = stack.processes["worker"]
    assert worker.poll() is None, stack.tail()
    log = stack.logs["worker"].read_text(errors="replace")
    assert "WorkerLostError" not in log and "Hard time limit" not in log, stack.tail()


def _same_results(view, text: str) -> None:  # type: ignore[no-untyped-def]
    """The stored results are what the core finds in the stored text."""
    timexes, events = pipeline.analyse(text, reference=REFERENCE)
    assert [(t.start, t.end, t.value) for t in view.timexes] == [(t.start, t.end, t.value) for t in timexes]
    assert [(e.sentence_start, e.trigger, e.text, e.value) for e in view.events] == \
        [(e.sentence_start, e.trigger, e.text, e.value) for e in events]


def test_every_hostile_document_is_processed_and_stored_whole(hostile_stack: Stack) -> None:
    texts = _texts()
    ids = {name: submit(hostile_stack, text, collection="hostile", title=name) for name, text in texts.items()}
    last = submit(hostile_stack, SEED_TEXT, collection="after")  # sent last, behind every hostile one
    found = finish(hostile_stack, [*ids.values(), last], timeout=3000)
    assert {name: found[i] for name, i in ids.items() if found[i] != ("done", None)} == {}
    assert found[last] == ("done", None)
    db = Database(hostile_stack.database_url)
    try:
        for name, text in texts.items():
            with db.read() as session:
                stored = get_text(session=session, document_id=ids[name])
                view = get_document(session=session, document_id=ids[name], max_results=1_000_000)
            assert stored == clean_text(text), name  # whole, NUL characters as U+FFFD
            assert view is not None and "\x00" not in stored
            if name == MONTH_NAMES:  # every month name is a time expression of its own
                assert len(view.timexes) == sum(text.count(month) for month in MONTHS)
                assert all(t.text in MONTHS for t in view.timexes)
            else:
                _same_results(view, stored)
    finally:
        db.dispose()
    _alive(hostile_stack)


def test_nul_characters_are_stored_as_replacement_characters(hostile_stack: Stack) -> None:
    text = "Talks\x00 resumed on May 5, 2024.\x00\x00 Officials said on Monday they would meet again."
    document_id = submit(hostile_stack, text, collection="nul")
    assert finish(hostile_stack, [document_id], timeout=300)[document_id] == ("done", None)
    db = Database(hostile_stack.database_url)
    try:
        with db.read() as session:
            stored = get_text(session=session, document_id=document_id)
            view = get_document(session=session, document_id=document_id)
    finally:
        db.dispose()
    assert stored == text.replace("\x00", "\ufffd")  # same length, so every offset still points right
    assert view is not None and "May 5, 2024" in [t.text for t in view.timexes]
    assert any("\ufffd" in e.sentence for e in view.events)
    _same_results(view, stored)


def test_a_document_at_the_size_limit_is_processed_and_one_byte_more_is_413(hostile_stack: Stack) -> None:
    text = _at_the_limit()
    assert _stored_size(text) == LIMIT and "\x00" in text
    too_big = httpx.post(f"{hostile_stack.api}/documents", json={"text": text + "x"}, timeout=120)
    assert too_big.status_code == 413
    [error] = too_big.json()["detail"]
    assert error["loc"] == ["body", "text"] and f"the limit is {LIMIT} bytes" in error["msg"], error
    assert "NUL characters are stored as U+FFFD" in error["msg"]  # why: sent, it is fewer bytes than the limit
    document_id = submit(hostile_stack, text, collection="at-the-limit")
    last = submit(hostile_stack, "It rained on Monday.", collection="after-the-limit")
    found = finish(hostile_stack, [document_id, last], timeout=3000)
    assert found == {document_id: ("done", None), last: ("done", None)}, found
    db = Database(hostile_stack.database_url)
    try:
        with db.read() as session:
            view = get_document(session=session, document_id=document_id, max_results=1_000_000)
    finally:
        db.dispose()
    assert view is not None and view.timexes and view.events
    assert view.events[-1].sentence_start > len(text) * 0.9  # read to its end, not cut short
    _alive(hostile_stack)
