"""Claiming, storing results idempotently, failing, and finding what must be sent again."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from chronicle.store import (
    Database,
    Outcome,
    add_documents,
    claim_documents,
    due_for_sending,
    get_document,
    mark_unsent,
    requeue_failed,
    requeue_outdated,
    save_outcomes,
    statuses,
)
from tests.store.conftest import later
from tests.store.factories import EST, day, event_on, new_doc, timex

TEXT = "It began in late May. It ended on Thursday."


def _submit(db: Database, now: datetime, *texts: str, **fields: object) -> list[int]:
    with db.write() as session:
        answers = add_documents(session=session, now=now, documents=[new_doc(t, **fields) for t in texts])
    return [a.id for a in answers]


def _outcome(document_id: int) -> Outcome:
    late_may = timex("late May", 12, "2024-05", (day(2024, 5, 21), day(2024, 6, 1)), grain="month", mod="END")
    thursday = timex("Thursday", 34, "2024-07-11", (day(2024, 7, 11), day(2024, 7, 12)))
    events = (
        event_on("It began in late May.", 0, 0, late_may, participants=("it",), flags=("reported",)),
        event_on("It ended on Thursday.", 22, 1, thursday, extra={"score": 0.5}),
    )
    return Outcome(document_id=document_id, timexes=(late_may, thursday), events=events)


def test_claim_marks_processing_and_counts_attempts(db: Database, now: datetime) -> None:
    [doc_id] = _submit(db, now, TEXT, published_at=datetime(2024, 7, 12, 6, 0, tzinfo=EST))
    with db.write() as session:
        [claimed] = claim_documents(session=session, ids=[doc_id], now=now, max_attempts=3)
    assert claimed.id == doc_id and claimed.text == TEXT
    assert claimed.reference == datetime(2024, 7, 12, 6, 0, tzinfo=EST)
    assert claimed.reference.utcoffset() == timedelta(hours=-5)
    with db.write() as session:  # a redelivered task claims the interrupted document again
        assert [c.id for c in claim_documents(session=session, ids=[doc_id], now=now, max_attempts=3)] == [doc_id]
    with db.read() as session:
        view = get_document(session=session, document_id=doc_id)
    assert view is not None and view.status == "processing" and view.attempts == 2


def test_a_document_whose_workers_keep_dying_is_failed(db: Database, now: datetime) -> None:
    [doc_id] = _submit(db, now, TEXT)
    for _ in range(2):
        with db.write() as session:
            assert claim_documents(session=session, ids=[doc_id], now=now, max_attempts=2)
    with db.write() as session:
        assert claim_documents(session=session, ids=[doc_id], now=now, max_attempts=2) == []
    with db.read() as session:
        status, error = statuses(session=session, ids=[doc_id])[doc_id]
    assert status == "failed" and error is not None and "gave up after 2 attempts" in error


def test_results_round_trip_and_a_rerun_leaves_one_copy(db: Database, now: datetime) -> None:
    [doc_id] = _submit(db, now, TEXT)
    outcome = _outcome(doc_id)
    for version in ("v1", "v2"):  # processed, then redone by `reprocess` under a new version
        with db.write() as session:
            requeue_outdated(session=session, extractor_version=version, now=now, limit=10)
            claim_documents(session=session, ids=[doc_id], now=now, max_attempts=5)
            assert save_outcomes(session=session, outcomes=[outcome], extractor_version=version, now=now) == 1
    with db.read() as session:
        view = get_document(session=session, document_id=doc_id)
    assert view is not None and view.status == "done" and view.extractor_version == "v2"
    assert view.timexes == list(outcome.timexes)
    assert view.events == list(outcome.events)
    assert view.events[1].extra == {"score": 0.5}
    assert view.events[0].participants == ("it",) and view.events[0].flags == ("reported",)


def test_a_redelivery_while_processing_stores_one_copy(db: Database, now: datetime) -> None:
    [doc_id] = _submit(db, now, TEXT)
    with db.write() as session:
        claim_documents(session=session, ids=[doc_id], now=now, max_attempts=5)
    with db.write() as session:
        claim_documents(session=session, ids=[doc_id], now=now, max_attempts=5)
    written = []
    for _ in range(2):  # both deliveries finish
        with db.write() as session:
            written.append(save_outcomes(session=session, outcomes=[_outcome(doc_id)], extractor_version="v1", now=now))
    assert written == [1, 0]
    with db.read() as session:
        view = get_document(session=session, document_id=doc_id)
    assert view is not None and len(view.timexes) == 2 and len(view.events) == 2


def test_results_for_a_document_no_longer_processing_are_dropped(db: Database, now: datetime) -> None:
    [doc_id] = _submit(db, now, TEXT)
    with db.write() as session:
        claim_documents(session=session, ids=[doc_id], now=now, max_attempts=3)
        save_outcomes(session=session, outcomes=[_outcome(doc_id)], extractor_version="v1", now=now)
    late = Outcome(document_id=doc_id, error="too late")
    with db.write() as session:
        assert save_outcomes(session=session, outcomes=[late], extractor_version="v1", now=now) == 0
    with db.read() as session:
        view = get_document(session=session, document_id=doc_id)
    assert view is not None and view.status == "done" and len(view.timexes) == 2


def test_failure_records_the_reason_and_clears_old_results(db: Database, now: datetime) -> None:
    [doc_id] = _submit(db, now, TEXT)
    with db.write() as session:
        claim_documents(session=session, ids=[doc_id], now=now, max_attempts=3)
        save_outcomes(session=session, outcomes=[_outcome(doc_id)], extractor_version="v1", now=now)
    with db.write() as session:
        assert requeue_outdated(session=session, extractor_version="v2", now=now, limit=10) == [doc_id]
        claim_documents(session=session, ids=[doc_id], now=now, max_attempts=3)
        save_outcomes(session=session, now=now, extractor_version="v2",
                      outcomes=[Outcome(document_id=doc_id, error="extraction exceeded 30s")])
    with db.read() as session:
        view = get_document(session=session, document_id=doc_id)
    assert view is not None and (view.status, view.error) == ("failed", "extraction exceeded 30s")
    assert view.timexes == [] and view.events == [] and view.extractor_version is None
    with db.write() as session:
        assert requeue_failed(session=session, now=now, limit=10) == [doc_id]
    with db.read() as session:
        assert statuses(session=session, ids=[doc_id]) == {doc_id: ("queued", None)}


def test_requeue_outdated_skips_current_and_unfinished(db: Database, now: datetime) -> None:
    old, current, queued = _submit(db, now, "Old.", "Current.", "Queued.")
    for doc_id, version in ((old, "v1"), (current, "v2")):
        with db.write() as session:
            claim_documents(session=session, ids=[doc_id], now=now, max_attempts=3)
            save_outcomes(session=session, outcomes=[Outcome(document_id=doc_id)], extractor_version=version, now=now)
    with db.write() as session:
        assert requeue_outdated(session=session, extractor_version="v2", now=now, limit=10) == [old]
    with db.read() as session:
        assert statuses(session=session, ids=[old, current, queued])[current][0] == "done"


def test_due_for_sending_finds_unsent_and_lost_documents(db: Database, now: datetime) -> None:
    unsent, sent, lost, stuck, running = _submit(db, now, "Unsent.", "Sent.", "Lost.", "Stuck.", "Running.")
    with db.write() as session:
        mark_unsent(session=session, ids=[unsent])
        claim_documents(session=session, ids=[stuck], now=now, max_attempts=3)
        claim_documents(session=session, ids=[running], now=later(now, minutes=50), max_attempts=3)
    requeue_after = timedelta(minutes=30)
    with db.write() as session:  # right away: nothing (the unsent one is within its grace period)
        assert due_for_sending(session=session, now=later(now, seconds=1), requeue_after=requeue_after, limit=100) == []
    with db.write() as session:
        assert due_for_sending(session=session, now=later(now, minutes=1), requeue_after=requeue_after, limit=100) == [unsent]
    with db.write() as session:  # an hour on, all but the one started 11 minutes ago are stale
        due = due_for_sending(session=session, now=later(now, minutes=61), requeue_after=requeue_after, limit=100)
    assert due == sorted([unsent, sent, lost, stuck])
    with db.write() as session:  # handed out once: not again until they are stale again
        assert due_for_sending(session=session, now=later(now, minutes=62), requeue_after=requeue_after, limit=100) == []
    with db.read() as session:
        assert statuses(session=session, ids=[stuck])[stuck][0] == "queued"


def test_due_for_sending_is_bounded(db: Database, now: datetime) -> None:
    ids = _submit(db, now, *(f"Doc {i}." for i in range(5)))
    with db.write() as session:
        mark_unsent(session=session, ids=ids)
    moment = later(now, minutes=5)
    with db.write() as session:
        first = due_for_sending(session=session, now=moment, requeue_after=timedelta(hours=1), limit=3)
    assert first == ids[:3]


def test_claim_of_unknown_or_finished_ids_is_empty(db: Database) -> None:
    with db.write() as session:
        assert claim_documents(session=session, ids=[123456], now=datetime.now(UTC), max_attempts=3) == []
        assert claim_documents(session=session, ids=[], now=datetime.now(UTC), max_attempts=3) == []


def test_a_date_only_publication_is_claimed_as_a_date(db: Database, now: datetime) -> None:
    [doc_id] = _submit(db, now, TEXT, published_at=datetime(2024, 7, 12, tzinfo=UTC), published_at_has_time=False)
    with db.write() as session:
        [claimed] = claim_documents(session=session, ids=[doc_id], now=now, max_attempts=3)
    assert type(claimed.reference) is date and claimed.reference == date(2024, 7, 12)


def test_results_with_awkward_text_round_trip_and_naive_times_are_refused(db: Database, now: datetime) -> None:
    awkward = 'Tab\there, a back\\slash, "quotes", \\N, a new\nline and café — in late May.'
    [doc_id, other_id] = _submit(db, now, awkward, "Another.")
    late_may = timex("late May", awkward.index("late May"), "2024-05", (day(2024, 5, 21, EST), day(2024, 6, 1, EST)),
                     grain="month", mod="END")
    event = event_on(awkward, 0, 0, late_may, participants=("Café\tOwner", "\\N"),
                     extra={"nested": {"list": [1, None, "x\ny"]}, "empty": ""})
    naive = timex("May 3", 0, "2024-05-03", (datetime(2024, 5, 3), datetime(2024, 5, 4)))
    with db.write() as session:
        claim_documents(session=session, ids=[doc_id, other_id], now=now, max_attempts=5)
        save_outcomes(session=session, outcomes=[Outcome(document_id=doc_id, timexes=(late_may,), events=(event,))],
                      extractor_version="v1", now=now)
    with db.read() as session:
        view = get_document(session=session, document_id=doc_id)
    assert view is not None and view.timexes == [late_may] and view.events == [event]
    assert view.events[0].extra == {"nested": {"list": [1, None, "x\ny"]}, "empty": ""}
    try:
        with db.write() as session:
            save_outcomes(session=session, outcomes=[Outcome(document_id=other_id, timexes=(naive,))],
                          extractor_version="v1", now=now)
    except Exception as error:  # noqa: BLE001 - wrapped differently by each backend's insert path
        assert "naive datetime" in str(error)
    else:
        raise AssertionError("a naive datetime was stored")
    with db.read() as session:
        assert statuses(session=session, ids=[other_id]) == {other_id: ("processing", None)}
