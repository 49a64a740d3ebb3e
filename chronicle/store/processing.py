"""A document's way through processing: claimed by a worker, then done or failed; sent again when lost.

The database is the source of truth for what still has to happen: a message lost with a Redis
restart, or a worker killed mid-task, leaves its document queued or processing, and `due_for_sending`
finds it again.
"""

from __future__ import annotations

from collections.abc import Sequence
import json
from datetime import datetime, timedelta
from typing import Any

from psycopg import sql
from sqlalchemy import JSON, Table, and_, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from chronicle.store.models import DocumentRow, EventRow, TimexRow
from chronicle.store.records import ClaimedDocument, Outcome, zone
from chronicle.store.rows import event_row, timex_row

ACTIVE = ("queued", "processing")
# A document committed but not yet sent is left this long to the process that committed it.
SEND_GRACE = timedelta(seconds=10)


def claim_documents(
    *, session: Session, ids: Sequence[int], now: datetime, max_attempts: int
) -> list[ClaimedDocument]:
    """Mark the queued (or interrupted) documents among `ids` as processing and return them.

    Documents already done or failed are skipped, so a redelivered task does nothing. One whose
    earlier attempts all died with their worker (killed, out of memory, past the hard time limit)
    is marked failed instead of being tried forever.
    """
    if not ids:
        return []
    rows = session.execute(
        update(DocumentRow)
        .where(DocumentRow.id.in_(ids), DocumentRow.status.in_(ACTIVE))
        .values(status="processing", attempts=DocumentRow.attempts + 1, started_at=now, updated_at=now)
        .returning(
            DocumentRow.id, DocumentRow.attempts, DocumentRow.text, DocumentRow.published_at,
            DocumentRow.utc_offset_minutes, DocumentRow.published_at_has_time, DocumentRow.lang,
        )
        .execution_options(synchronize_session=False)
    ).all()
    # Claimed in one statement; the rare document past its attempts is then failed instead (and
    # this delivery, which it will not get, is not counted).
    spent = [row.id for row in rows if row.attempts > max_attempts]
    if spent:
        session.execute(
            update(DocumentRow).where(DocumentRow.id.in_(spent))
            .values(
                status="failed", attempts=DocumentRow.attempts - 1, updated_at=now, processed_at=now,
                error=(
                    f"gave up after {max_attempts} attempts: the worker processing it was lost each time "
                    "(killed, out of memory, or past the hard time limit)"
                ),
            )
            .execution_options(synchronize_session=False)
        )
        rows = [row for row in rows if row.attempts <= max_attempts]
    by_id = {}
    for row in rows:
        reference = row.published_at.astimezone(zone(row.utc_offset_minutes))
        by_id[row.id] = ClaimedDocument(
            id=row.id, text=row.text, lang=row.lang,
            reference=reference if row.published_at_has_time else reference.date(),
        )
    return [by_id[i] for i in dict.fromkeys(ids) if i in by_id]


def save_outcomes(
    *, session: Session, outcomes: Sequence[Outcome], extractor_version: str, now: datetime
) -> int:
    """Replace each processed document's timexes and events with the new ones, or record its failure.

    Only documents still marked processing are written, so a second run of the same document that
    finishes later leaves exactly one copy. Returns how many documents were written. A batch costs a
    handful of statements, not a handful per document.
    """
    by_id = {outcome.document_id: outcome for outcome in outcomes}
    if not by_id:
        return 0
    # Lock the documents first, in id order (so two batches sharing documents cannot deadlock), and
    # keep those still processing: a concurrent run that finished first wins, this one is dropped.
    rows = session.execute(
        select(DocumentRow.id, DocumentRow.collection, DocumentRow.source, DocumentRow.processed_at)
        .where(DocumentRow.id.in_(by_id), DocumentRow.status == "processing")
        .order_by(DocumentRow.id).with_for_update()
    ).all()
    if not rows:
        return 0
    # Results are only ever written here, together with processed_at: a document never processed
    # before has none to delete (the common case, two statements saved per batch).
    again = [row.id for row in rows if row.processed_at is not None]
    if again:
        session.execute(delete(EventRow).where(EventRow.document_id.in_(again)))
        session.execute(delete(TimexRow).where(TimexRow.document_id.in_(again)))
    done = [row for row in rows if by_id[row.id].error is None]
    if done:
        session.execute(
            update(DocumentRow).where(DocumentRow.id.in_([row.id for row in done]))
            .values(status="done", error=None, extractor_version=extractor_version, processed_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        _insert_results(session, [(by_id[row.id], row.collection, row.source) for row in done])
    for row in rows:
        if (error := by_id[row.id].error) is not None:
            session.execute(
                update(DocumentRow).where(DocumentRow.id == row.id)
                .values(status="failed", error=error, extractor_version=None, processed_at=now, updated_at=now)
            )
    return len(rows)


def _insert_results(session: Session, done: list[tuple[Outcome, str, str | None]]) -> None:
    timexes = [
        timex_row(outcome.document_id, i, timex)
        for outcome, _, _ in done for i, timex in enumerate(outcome.timexes)
    ]
    events = [
        event_row(outcome.document_id, i, event, collection=collection, source=source)
        for outcome, collection, source in done for i, event in enumerate(outcome.events)
    ]
    for table, rows in ((TimexRow.__table__, timexes), (EventRow.__table__, events)):
        if not rows:
            continue
        if session.get_bind().dialect.name == "postgresql":
            _copy_rows(session, table, rows)
        else:  # Core executemany: the ORM's bookkeeping is not needed
            session.execute(insert(table), rows)


def _copy_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert `rows` with COPY, in the session's transaction: about 30% less CPU here and 25% less on the
    server, than a statement per row. Values go through the columns' own bind processors, as in an
    INSERT (UTC datetimes, refusing naive ones), and JSON as its text."""
    dialect = session.get_bind().dialect
    names = list(rows[0])
    processors = [json.dumps if isinstance(table.c[name].type, JSON) else table.c[name].type.bind_processor(dialect)
                  for name in names]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(name) for name in names))
    connection = session.connection().connection.driver_connection
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([
                value if process is None else process(value)
                for process, value in zip(processors, row.values(), strict=True)
            ])


def due_for_sending(
    *, session: Session, now: datetime, requeue_after: timedelta, limit: int
) -> list[int]:
    """Documents whose task was never sent, or was sent or started so long ago that it must be lost.

    They are marked queued and sent now, so the next call does not pick them again; the caller
    commits, then sends, then calls `mark_unsent` for any the broker refused.
    """
    stale = now - requeue_after
    due = or_(
        and_(DocumentRow.status == "queued", DocumentRow.sent_at.is_(None),
             DocumentRow.queued_at < now - SEND_GRACE),
        and_(DocumentRow.status == "queued", DocumentRow.sent_at < stale),
        and_(DocumentRow.status == "processing", DocumentRow.started_at < stale),
    )
    return _requeue(session, due, now, limit)


def requeue_failed(*, session: Session, now: datetime, limit: int, failed_before: datetime | None = None) -> list[int]:
    """Put failed documents back in the queue with their attempts reset; return their ids.

    `failed_before` leaves out documents that failed since (so a loop re-queueing in batches does
    not pick up again what it just re-queued and saw fail).
    """
    condition = DocumentRow.status == "failed"
    if failed_before is not None:
        condition = and_(condition, DocumentRow.updated_at < failed_before)
    return _requeue(session, condition, now, limit, reset_attempts=True)


def requeue_outdated(*, session: Session, extractor_version: str, now: datetime, limit: int) -> list[int]:
    """Put documents processed by another extractor version back in the queue; return their ids."""
    outdated = and_(
        DocumentRow.status == "done",
        or_(DocumentRow.extractor_version.is_(None), DocumentRow.extractor_version != extractor_version),
    )
    return _requeue(session, outdated, now, limit, reset_attempts=True)


def _requeue(session: Session, condition, now: datetime, limit: int, *, reset_attempts: bool = False) -> list[int]:  # type: ignore[no-untyped-def]
    # SKIP LOCKED (PostgreSQL) lets two reconcilers run at once without sending the same document
    # twice; SQLite serialises writers anyway and ignores the clause.
    chosen = (
        select(DocumentRow.id).where(condition).order_by(DocumentRow.id).limit(limit)
        .with_for_update(skip_locked=True)
    )
    values: dict[str, object] = {"status": "queued", "queued_at": now, "sent_at": now, "updated_at": now}
    if reset_attempts:
        values.update(attempts=0, error=None)
    ids = session.scalars(
        update(DocumentRow).where(DocumentRow.id.in_(chosen.scalar_subquery())).values(**values)
        .returning(DocumentRow.id)
    ).all()
    return sorted(ids)
