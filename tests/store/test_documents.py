"""Adding documents: new, duplicate, conflicting, and raced from several threads at once."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from chronicle.store import Database, add_documents, count_by_status, get_document, statuses
from tests.store.factories import new_doc


def test_new_document_is_queued_and_readable(db: Database, now: datetime) -> None:
    published = datetime(2024, 7, 12, 8, 0, tzinfo=timezone(timedelta(hours=-5)))
    doc = new_doc("In late May, it rained.", title="Rain", source="wire", url="https://example.org/a",
                  external_id="a-1", lang="en", collection="weather", published_at=published)
    with db.write() as session:
        [answer] = add_documents(session=session, documents=[doc], now=now)
    assert answer.id is not None and answer.status == "queued" and not answer.duplicate
    with db.read() as session:
        view = get_document(session=session, document_id=answer.id)
    assert view is not None
    assert (view.title, view.source, view.url, view.external_id, view.collection) == (
        "Rain", "wire", "https://example.org/a", "a-1", "weather")
    # The reference date keeps the zone it was given in.
    assert view.published_at == published and view.published_at.utcoffset() == timedelta(hours=-5)
    assert view.published_at_source == "given" and view.attempts == 0
    assert view.timexes == [] and view.events == []


def test_same_content_same_collection_is_the_existing_document(db: Database, now: datetime) -> None:
    with db.write() as session:
        [first] = add_documents(session=session, documents=[new_doc("Same text.")], now=now)
    with db.write() as session:
        [again] = add_documents(session=session, documents=[new_doc("Same text.", title="Other")], now=now)
    assert again.duplicate and again.id == first.id
    with db.read() as session:
        assert count_by_status(session=session) == {"queued": 1}


def test_same_content_in_another_collection_is_a_new_document(db: Database, now: datetime) -> None:
    with db.write() as session:
        one, two = add_documents(session=session, now=now, documents=[
            new_doc("Same text."), new_doc("Same text.", collection="elsewhere")])
    assert not one.duplicate and not two.duplicate and one.id != two.id


def test_repeats_inside_one_batch_are_stored_once(db: Database, now: datetime) -> None:
    with db.write() as session:
        answers = add_documents(session=session, now=now, documents=[
            new_doc("A."), new_doc("B."), new_doc("A."), new_doc("C.", external_id="x"),
            new_doc("C.", external_id="x")])
    assert [a.duplicate for a in answers] == [False, False, True, False, True]
    assert answers[0].id == answers[2].id and answers[3].id == answers[4].id
    with db.read() as session:
        assert count_by_status(session=session) == {"queued": 3}


def test_external_id_reused_for_other_content_is_a_conflict(db: Database, now: datetime) -> None:
    with db.write() as session:
        [first] = add_documents(session=session, now=now, documents=[new_doc("One.", source="wire", external_id="7")])
    with db.write() as session:
        clash, other_source, no_source, no_source_again = add_documents(session=session, now=now, documents=[
            new_doc("Two.", source="wire", external_id="7"),
            new_doc("Three.", source="other", external_id="7"),
            new_doc("Four.", external_id="7"),
            new_doc("Five.", external_id="7"),
        ])
    assert clash.id is None and clash.conflict is not None
    assert "external_id '7'" in clash.conflict and f"document {first.id}" in clash.conflict
    assert other_source.id is not None and other_source.conflict is None
    assert no_source.id is not None and no_source_again.conflict is not None
    with db.read() as session:
        assert count_by_status(session=session) == {"queued": 3}


def test_concurrent_submissions_of_one_document_store_one_row(db: Database, now: datetime) -> None:
    answers = []
    barrier = threading.Barrier(6)

    def submit() -> None:
        barrier.wait()
        with db.write() as session:
            answers.extend(add_documents(session=session, now=now, documents=[
                new_doc("Raced text.", external_id="r"), new_doc(f"Own text {threading.get_ident()}.")]))

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    raced = [a for a in answers if a.id == answers[0].id]
    assert len(answers) == 12 and len(raced) == 6
    assert sum(not a.duplicate for a in raced) == 1
    with db.read() as session:
        assert count_by_status(session=session) == {"queued": 7}


def test_statuses_reports_known_ids_only(db: Database, now: datetime) -> None:
    with db.write() as session:
        [answer] = add_documents(session=session, now=now, documents=[new_doc("X.")])
    with db.read() as session:
        assert statuses(session=session, ids=[answer.id, 999_999]) == {answer.id: ("queued", None)}


def test_failed_write_stores_nothing(db: Database, now: datetime) -> None:
    try:
        with db.write() as session:
            add_documents(session=session, now=now, documents=[new_doc("Kept? No.")])
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    with db.read() as session:
        assert count_by_status(session=session) == {}
