"""Adding documents (with de-duplication) and reading them back.

Every function takes the session and keyword-only arguments; the caller owns the transaction
(`Database.write()` / `Database.read()`), so several calls can commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from chronicle.store.models import DocumentRow
from chronicle.store.records import NewDocument, Submission

_KEY_COLUMNS = (
    DocumentRow.id, DocumentRow.status, DocumentRow.collection, DocumentRow.content_hash,
    DocumentRow.source, DocumentRow.external_id,
)


def add_documents(*, session: Session, documents: Sequence[NewDocument], now: datetime) -> list[Submission]:
    """Insert the documents not stored yet; answer, in order, the new or existing row for each.

    The same text (by content hash) in the same collection is the same document. An external id is
    unique within its source: reusing it for different content is a conflict, reported, not stored.
    Concurrent submissions of the same document race on the unique constraints, and the loser
    finds the winner's row: never two copies.
    """
    if not documents:
        return []
    hashes = {doc.content_hash for doc in documents}
    external = {doc.external_id for doc in documents if doc.external_id is not None}
    known = _existing(session, hashes, external)
    fresh: list[NewDocument] = []
    for doc in documents:
        if _match(known, doc) is None and not any(_same_key(doc, other) for other in fresh):
            fresh.append(doc)
    inserted: set[int] = set()
    if fresh:
        statement = _insert_ignoring_conflicts(session).returning(DocumentRow.id)
        inserted = set(session.scalars(statement, [_row(doc, now) for doc in fresh]))
        known = _existing(session, hashes, external)
    answers = []
    for doc in documents:
        answer = _answer(known, doc, inserted)
        inserted.discard(answer.id)  # later copies of the same document are duplicates of this one
        answers.append(answer)
    return answers


def mark_unsent(*, session: Session, ids: Sequence[int]) -> None:
    """Record that these documents' tasks never reached the broker, so the reconciler sends them soon."""
    if ids:
        session.execute(
            update(DocumentRow)
            .where(DocumentRow.id.in_(ids), DocumentRow.status == "queued")
            .values(sent_at=None)
        )


def statuses(*, session: Session, ids: Sequence[int]) -> dict[int, tuple[str, str | None]]:
    """Each document's status and error, by id (ids not found are absent)."""
    rows = session.execute(
        select(DocumentRow.id, DocumentRow.status, DocumentRow.error).where(DocumentRow.id.in_(ids))
    )
    return {row.id: (row.status, row.error) for row in rows}


def count_by_status(*, session: Session, collection: str | None = None) -> dict[str, int]:
    """How many documents are in each status (in one collection, or all)."""
    query = select(DocumentRow.status, func.count()).group_by(DocumentRow.status)
    if collection is not None:
        query = query.where(DocumentRow.collection == collection)
    return {status: count for status, count in session.execute(query)}


def _insert_ignoring_conflicts(session: Session):  # type: ignore[no-untyped-def]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(DocumentRow).on_conflict_do_nothing()


def _row(doc: NewDocument, now: datetime) -> dict[str, object]:
    offset = doc.published_at.utcoffset()
    return {
        "collection": doc.collection, "external_id": doc.external_id, "source": doc.source,
        "title": doc.title, "url": doc.url, "lang": doc.lang, "text": doc.text,
        "content_hash": doc.content_hash, "published_at": doc.published_at,
        "utc_offset_minutes": int(offset.total_seconds() // 60) if offset else 0,
        "published_at_source": doc.published_at_source,
        "published_at_has_time": doc.published_at_has_time, "status": "queued", "attempts": 0,
        "created_at": now, "updated_at": now, "queued_at": now,
        # Optimistically sent: the caller clears it (mark_unsent) if the broker refuses the task.
        "sent_at": now,
    }


def _existing(session: Session, hashes: set[str], external: set[str]) -> list:  # type: ignore[type-arg]
    rows = list(session.execute(select(*_KEY_COLUMNS).where(DocumentRow.content_hash.in_(hashes))))
    if external:
        seen = {row.id for row in rows}
        by_external = session.execute(select(*_KEY_COLUMNS).where(DocumentRow.external_id.in_(external)))
        rows.extend(row for row in by_external if row.id not in seen)
    return rows


def _same_key(doc: NewDocument, other: NewDocument) -> bool:
    same_content = (doc.collection, doc.content_hash) == (other.collection, other.content_hash)
    same_external = doc.external_id is not None and (
        (doc.source or "", doc.external_id) == (other.source or "", other.external_id)
    )
    return same_content or same_external


def _match(rows: list, doc: NewDocument):  # type: ignore[no-untyped-def,type-arg]
    for row in rows:
        if (row.collection, row.content_hash) == (doc.collection, doc.content_hash):
            return row
    for row in rows:
        if doc.external_id is not None and ((row.source or ""), row.external_id) == (
            doc.source or "", doc.external_id
        ):
            return row
    return None


def _answer(rows: list, doc: NewDocument, inserted: set[int]) -> Submission:  # type: ignore[type-arg]
    row = _match(rows, doc)
    if row is None:  # pragma: no cover - the insert either stored it or found who holds its keys
        raise RuntimeError("document neither stored nor found after insert")
    if (row.collection, row.content_hash) != (doc.collection, doc.content_hash):
        return Submission(
            id=None, status=None,
            conflict=(
                f"external_id {doc.external_id!r} of source {doc.source!r} already names document "
                f"{row.id} (collection {row.collection!r}), which has different content"
            ),
        )
    return Submission(id=row.id, status=row.status, duplicate=row.id not in inserted)
