"""Adding documents (with de-duplication) and reading them back.

Every function takes the session and keyword-only arguments; the caller owns the transaction
(`Database.write()` / `Database.read()`), so several calls can commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import any_, bindparam, func, select, update
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
    known = _Keys(_existing(session, hashes, external))
    fresh: list[NewDocument] = []
    taken: set[tuple[object, ...]] = set()  # the keys of the documents in `fresh`
    for doc in documents:
        keys = _keys_of(doc)
        if known.match(doc) is None and taken.isdisjoint(keys):
            fresh.append(doc)
            taken.update(keys)
    inserted: set[int] = set()
    if fresh:
        stored = _insert_ignoring_conflicts(session, [_row(doc, now) for doc in fresh])
        inserted = {row.id for row in stored}
        # Each fresh document stored: what was known plus what was stored answers every submission.
        # Otherwise a concurrent submission took some of their keys first: read back the winners.
        rows = known.rows + stored if len(stored) == len(fresh) else _existing(session, hashes, external)
        known = _Keys(rows)
    answers = []
    for doc in documents:
        answer = _answer(known.match(doc), doc, inserted)
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


def _insert_ignoring_conflicts(session: Session, rows: list[dict[str, object]]) -> list:  # type: ignore[type-arg]
    """Insert the rows whose keys are free; return the key columns of those stored."""
    if session.get_bind().dialect.name != "postgresql":
        statement = sqlite.insert(DocumentRow).on_conflict_do_nothing().returning(*_KEY_COLUMNS)
        return list(session.execute(statement, rows))
    # One array per column, unnested on the server: the statement's text is the same for any number
    # of rows, so neither the driver nor the server parses a new multi-row VALUES for each batch.
    names = list(rows[0])
    table = DocumentRow.__table__
    arrays = [
        bindparam(f"many_{name}", [row[name] for row in rows], type_=postgresql.ARRAY(table.c[name].type))
        for name in names
    ]
    unnested = func.unnest(*arrays).table_valued(*names).render_derived()
    statement = (
        postgresql.insert(DocumentRow).from_select(names, select(*unnested.c))
        .on_conflict_do_nothing().returning(*_KEY_COLUMNS)
    )
    return list(session.execute(statement))


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
    rows = list(session.execute(select(*_KEY_COLUMNS).where(_among(session, DocumentRow.content_hash, hashes))))
    if external:
        seen = {row.id for row in rows}
        by_external = session.execute(select(*_KEY_COLUMNS).where(_among(session, DocumentRow.external_id, external)))
        rows.extend(row for row in by_external if row.id not in seen)
    return rows


def _among(session: Session, column, values: set[str]):  # type: ignore[no-untyped-def]
    """`column IN values`; on PostgreSQL as `= ANY(array)`, one parameter, so the statement stays the same
    text whatever the count and the driver does not parse a new one for each batch."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, sorted(values), type_=postgresql.ARRAY(column.type)))
    return column.in_(values)


def _keys_of(doc: NewDocument) -> set[tuple[object, ...]]:
    """The unique keys a document takes: its content in its collection, its external id in its source."""
    keys: set[tuple[object, ...]] = {("content", doc.collection, doc.content_hash)}
    if doc.external_id is not None:
        keys.add(("external", doc.source or "", doc.external_id))
    return keys


class _Keys:
    """Stored rows found by a document's content key, else by its external id."""

    def __init__(self, rows: list) -> None:  # type: ignore[type-arg]
        self.rows = rows
        self.by_content = {(row.collection, row.content_hash): row for row in reversed(rows)}
        self.by_external = {((row.source or ""), row.external_id): row for row in reversed(rows)
                            if row.external_id is not None}

    def match(self, doc: NewDocument):  # type: ignore[no-untyped-def]
        """The row holding the document's content, else its external id, else None."""
        row = self.by_content.get((doc.collection, doc.content_hash))
        if row is None and doc.external_id is not None:
            row = self.by_external.get((doc.source or "", doc.external_id))
        return row


def _answer(row, doc: NewDocument, inserted: set[int]) -> Submission:  # type: ignore[no-untyped-def]
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
