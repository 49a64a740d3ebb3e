"""Processing in-process (the embedded default): results stored once, failures recorded, limits kept."""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from celery import Celery

from chronicle import pipeline
from chronicle.ingest import DocumentIn, prepare
from chronicle.settings import load_settings
from chronicle.store import Database, StoreUnavailable, add_documents, get_document, requeue_outdated, statuses
from chronicle.store.migrate import upgrade
from tests.api.conftest import SEED_TEXT
from worker import dispatch, processing, tasks
from worker.app import create_app
from worker.limits import TimeLimitExceeded, time_limit


@pytest.fixture
def celery(tmp_path: Path) -> Celery:
    """An embedded (eager) app on a fresh SQLite file."""
    app = create_app(load_settings(database_url=f"sqlite:///{tmp_path / 'worker.db'}", broker_url=None))
    upgrade(app.chronicle.db())
    return app


def _db(celery: Celery) -> Database:
    return celery.chronicle.db()  # type: ignore[no-any-return]


def _seed(**fields: object) -> DocumentIn:
    return DocumentIn(text=SEED_TEXT, published_at="2024-07-12", collection="ukraine-strikes", **fields)  # type: ignore[arg-type]


def test_submit_processes_the_seed(celery: Celery) -> None:
    [answer] = dispatch.submit(celery, [_seed()])
    assert answer.status == "done"
    with _db(celery).read() as session:
        view = get_document(session=session, document_id=answer.id)
    assert view is not None and view.extractor_version == pipeline.EXTRACTOR_VERSION
    found = {(t.text, t.value, t.mod) for t in view.timexes}
    assert {("late May", "2024-05", "END"), ("late June", "2024-06", "END"), ("Thursday", "2024-07-11", None)} <= found
    assert view.events and all(e.sentence in SEED_TEXT for e in view.events)


def test_processing_twice_keeps_one_copy(celery: Celery) -> None:
    [answer] = dispatch.submit(celery, [_seed()])
    db = _db(celery)
    with db.read() as session:
        before = get_document(session=session, document_id=answer.id)
    assert processing.process([answer.id], db=db, soft_time_limit=30, max_attempts=3) == []  # already done
    with db.write() as session:
        requeue_outdated(session=session, extractor_version="another", now=datetime.now(UTC), limit=10)
    [outcome] = processing.process([answer.id], db=db, soft_time_limit=30, max_attempts=3)
    assert outcome.error is None
    with db.read() as session:
        after = get_document(session=session, document_id=answer.id)
    assert before is not None and after is not None
    assert after.timexes == before.timexes and after.events == before.events


def _stored_in_a_language_no_longer_supported(celery: Celery) -> int:
    """A document stored with a language the extractors do not know (say, one whose resources were
    removed after it was submitted): extraction raises, a real error from the real core."""
    now = datetime.now(UTC)
    with _db(celery).write() as session:
        [answer] = add_documents(session=session, now=now, documents=[
            replace(prepare(DocumentIn(text="Mañana, tal vez."), now=now), lang="xx")])
    return answer.id  # type: ignore[return-value]


def test_extraction_error_fails_that_document_only(celery: Celery) -> None:
    bad = _stored_in_a_language_no_longer_supported(celery)
    [good] = dispatch.submit(celery, [_seed()])
    outcomes = processing.process([bad, good.id], db=_db(celery), soft_time_limit=30, max_attempts=3)
    assert [o.document_id for o in outcomes] == [bad]  # the good one was done on submission
    with _db(celery).read() as session:
        found = statuses(session=session, ids=[bad, good.id])
    assert found[good.id] == ("done", None)
    status, error = found[bad]
    assert status == "failed" and error is not None and "lang 'xx'" in error


# An alarm that lands in a weakref callback is reported by pytest as "unraisable": expected here.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_document_past_its_time_limit_fails_and_the_next_is_done(tmp_path: Path) -> None:
    app = create_app(load_settings(database_url=f"sqlite:///{tmp_path / 'slow.db'}", broker_url=None,
                                   soft_time_limit=1.0, requeue_after=600))
    upgrade(app.chronicle.db())
    pipeline.warm_up()  # as a worker does before forking: resources are not compiled on the clock
    long_text = "It rained on Monday, and again on Tuesday. " * 20_000  # many seconds of extraction
    slow, quick = dispatch.submit(app, [DocumentIn(text=long_text), DocumentIn(text="It rained on Monday.")])
    with app.chronicle.db().read() as session:
        found = statuses(session=session, ids=[slow.id, quick.id])
    assert found[quick.id] == ("done", None)
    assert found[slow.id] == ("failed", "extraction exceeded the soft time limit of 1s")


def test_failed_documents_can_be_requeued(celery: Celery) -> None:
    bad = _stored_in_a_language_no_longer_supported(celery)
    processing.process([bad], db=_db(celery), soft_time_limit=30, max_attempts=3)
    began = datetime.now(UTC)
    assert dispatch.requeue(celery, failed=True, since=began) == 1
    assert dispatch.requeue(celery, failed=True, since=began) == 0  # fails again, not picked again
    with _db(celery).read() as session:
        view = get_document(session=session, document_id=bad)
    assert view is not None and view.status == "failed" and view.attempts == 1


def test_time_limit_applies_on_the_main_thread_only() -> None:
    with pytest.raises(TimeLimitExceeded, match="0.05s"), time_limit(0.05):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            pass
    finished = []

    def in_a_thread() -> None:
        with time_limit(0.01):
            time.sleep(0.05)
        finished.append(True)

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join()
    assert finished == [True]


def test_tasks_refuse_anything_but_a_list_of_ids(celery: Celery) -> None:
    task = celery.tasks["chronicle.process_documents"]
    for bad in ("1", [1, "2"], {"id": 1}, [1.5]):
        with pytest.raises(TypeError, match="list of integers"):
            task.apply(args=[bad]).get()
    assert celery.conf.accept_content == ["json"] and celery.conf.task_serializer == "json"


def test_time_limit_survives_code_that_swallows_exceptions() -> None:
    swallowed = 0
    with pytest.raises(TimeLimitExceeded), time_limit(0.05):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                sum(range(10_000))  # CPU work: the limit counts CPU time
            except Exception:  # extraction code catching broadly does not stop the limit
                swallowed += 1
    assert swallowed == 0


# An alarm that lands in a weakref callback is reported by pytest as "unraisable": expected here.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_time_limit_rings_again_when_the_first_alarm_is_lost() -> None:
    import weakref

    class Node:
        pass

    lost = []
    with pytest.raises(TimeLimitExceeded), time_limit(0.05):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            # Churn weakref callbacks: an alarm raised inside one is printed and dropped by Python.
            refs = weakref.WeakValueDictionary({i: Node() for i in range(100)})
            lost.append(len(refs))


def test_extract_only_extracts_the_texts_it_carries_and_stores_nothing(celery: Celery) -> None:
    task = celery.tasks["chronicle.extract_only"]
    assert task.apply(args=[[SEED_TEXT, "No date here at all."], "2024-07-12"]).get() == 2
    with _db(celery).read() as session:
        assert statuses(session=session, ids=list(range(1, 10))) == {}
    with pytest.raises(TypeError, match="list of strings"):
        task.apply(args=[[SEED_TEXT, 3], "2024-07-12"]).get()


class _Request:
    is_eager = False

    def __init__(self, retries: int) -> None:
        self.retries = retries


class _Delivery:
    """What a bound task sees of its delivery: the app, how many retries came before, and a retry
    that raises the error itself once retries run out, as Celery's does."""

    def __init__(self, app: Celery, retries: int) -> None:
        self.app, self.request = app, _Request(retries)

    def retry(self, *, exc: BaseException, countdown: float, max_retries: int) -> BaseException:
        if self.request.retries >= max_retries:
            raise exc
        return RuntimeError("retry")  # what Celery raises to end this run: the test must not see it here


def _results_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The database takes the claim, then times out on every write of results ("database is
    locked" behind a long writer), though it still takes a short write of failures."""
    real = processing.save_outcomes

    def refuse_results(*, outcomes, **kwargs):  # type: ignore[no-untyped-def]
        if any(outcome.error is None for outcome in outcomes):
            raise StoreUnavailable("database unavailable: OperationalError: database is locked")
        return real(outcomes=outcomes, **kwargs)

    monkeypatch.setattr(processing, "save_outcomes", refuse_results)


def _queued(celery: Celery) -> int:
    now = datetime.now(UTC)
    with _db(celery).write() as session:
        [answer] = add_documents(session=session, now=now, documents=[prepare(DocumentIn(text=SEED_TEXT), now=now)])
    return answer.id  # type: ignore[return-value]


def test_results_that_cannot_be_stored_on_the_last_retry_fail_the_document_with_the_reason(
        celery: Celery, monkeypatch: pytest.MonkeyPatch) -> None:
    document = _queued(celery)
    _results_refused(monkeypatch)
    with pytest.raises(StoreUnavailable):
        tasks.process_documents(_Delivery(celery, retries=tasks.MAX_RETRIES), [document])  # type: ignore[arg-type]
    with _db(celery).read() as session:
        status, error = statuses(session=session, ids=[document])[document]
    assert status == "failed"
    assert error is not None and error.startswith("results could not be stored") and "database is locked" in error


def test_results_that_cannot_be_stored_before_the_last_retry_are_tried_again(
        celery: Celery, monkeypatch: pytest.MonkeyPatch) -> None:
    document = _queued(celery)
    _results_refused(monkeypatch)
    with pytest.raises(RuntimeError, match="retry"):
        tasks.process_documents(_Delivery(celery, retries=0), [document])  # type: ignore[arg-type]
    with _db(celery).read() as session:
        assert statuses(session=session, ids=[document])[document] == ("processing", None)


def test_no_transaction_is_open_while_a_document_is_extracted(celery: Celery, monkeypatch: pytest.MonkeyPatch) -> None:
    # Another writer gets the SQLite write lock at once, without waiting, in the middle of extraction.
    document = _queued(celery)
    path = celery.chronicle.db().engine.url.database
    real, writers = pipeline.analyse, []

    def analyse_beside_a_writer(*args, **kwargs):  # type: ignore[no-untyped-def]
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            writers.append(other.execute("SELECT status FROM documents WHERE id = ?", (document,)).fetchone())
            other.execute("ROLLBACK")
        finally:
            other.close()
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "analyse", analyse_beside_a_writer)
    [outcome] = processing.process([document], db=_db(celery), soft_time_limit=30, max_attempts=3)
    assert outcome.error is None and writers == [("processing",)]  # the claim was committed before
