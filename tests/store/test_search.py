"""The text-search indexes follow the events through processing again and deletion, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, text

from chronicle.events.event import Event
from chronicle.store import Database, Outcome, add_documents, claim_documents, query_events, requeue_outdated, save_outcomes
from chronicle.store.migrate import downgrade, upgrade
from chronicle.store.models import DocumentRow
from tests.store.factories import day, new_doc, timex

NOW = datetime(2024, 7, 12, 9, 30, tzinfo=UTC)


def _process(db: Database, document_id: int, sentence: str, version: str) -> None:
    tx = timex("on Monday", sentence.index("on Monday"), "2024-07-08", (day(2024, 7, 8), day(2024, 7, 9)))
    event = Event(sentence_start=0, sentence_end=len(sentence), sentence=sentence, text=sentence[:20],
                  timex=0, interval=tx.interval, value=tx.value, grain="day", rule="t")
    with db.write() as session:
        claim_documents(session=session, ids=[document_id], now=NOW, max_attempts=9)
        save_outcomes(session=session, now=NOW, extractor_version=version,
                      outcomes=[Outcome(document_id=document_id, timexes=(tx,), events=(event,))])


def _found(db: Database, needle: str) -> list[str]:
    with db.read() as session:
        return [e.sentence for e in query_events(session=session, collection="search", text=needle).events]


def _fts_is_consistent(db: Database) -> None:
    if db.dialect == "sqlite":  # raises when the FTS5 index and the events table disagree
        with db.write() as session:
            session.execute(text("INSERT INTO events_search(events_search, rank) VALUES ('integrity-check', 1)"))


def test_search_follows_reprocessing_and_deletion(db: Database) -> None:
    with db.write() as session:
        [answer] = add_documents(session=session, now=NOW, documents=[new_doc("Alpha.", collection="search")])
    _process(db, answer.id, "Troops crossed the Bravo river on Monday.", "v1")
    assert _found(db, "bravo") == ["Troops crossed the Bravo river on Monday."]
    _fts_is_consistent(db)
    with db.write() as session:
        requeue_outdated(session=session, extractor_version="v2", now=NOW, limit=10)
    _process(db, answer.id, "Talks on the Charlie accord began on Monday.", "v2")
    assert _found(db, "bravo") == []
    assert _found(db, "CHARLIE accord") == ["Talks on the Charlie accord began on Monday."]
    _fts_is_consistent(db)
    with db.write() as session:  # the events go with their document (ON DELETE CASCADE)
        session.execute(delete(DocumentRow).where(DocumentRow.id == answer.id))
    assert _found(db, "charlie") == []
    _fts_is_consistent(db)


def test_search_indexes_are_built_over_existing_rows_and_dropped_on_downgrade(db: Database) -> None:
    downgrade(db, "0002")
    with db.write() as session:
        [answer] = add_documents(session=session, now=NOW, documents=[new_doc("Echo.", collection="search")])
    _process(db, answer.id, "The Echo summit was held on Monday.", "v1")
    upgrade(db)
    assert _found(db, "echo summit") == ["The Echo summit was held on Monday."]
    _fts_is_consistent(db)
    downgrade(db, "0002")
    query = ("SELECT name FROM sqlite_master WHERE name LIKE 'events_search%'" if db.dialect == "sqlite"
             else "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'ix_events_search%'")
    with db.engine.connect() as connection:
        assert connection.execute(text(query)).all() == []
