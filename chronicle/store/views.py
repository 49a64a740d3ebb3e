"""Reading one stored document back with its results."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from chronicle.store.models import DocumentRow, EventRow, TimexRow
from chronicle.store.records import DocumentView, zone
from chronicle.store.rows import event_from_row, timex_from_row


def get_document(*, session: Session, document_id: int, max_results: int = 10_000) -> DocumentView | None:
    """The document with its timexes and events (at most `max_results` of each), or None."""
    doc = session.get(DocumentRow, document_id)
    if doc is None:
        return None
    here = zone(doc.utc_offset_minutes)
    timex_rows = session.scalars(
        select(TimexRow).where(TimexRow.document_id == document_id)
        .order_by(TimexRow.position).limit(max_results + 1)
    ).all()
    event_rows = session.scalars(
        select(EventRow).where(EventRow.document_id == document_id)
        .order_by(EventRow.position).limit(max_results + 1)
    ).all()
    return DocumentView(
        id=doc.id, status=doc.status, error=doc.error, collection=doc.collection, title=doc.title,
        source=doc.source, url=doc.url, external_id=doc.external_id, lang=doc.lang,
        published_at=doc.published_at.astimezone(here), published_at_source=doc.published_at_source,
        published_at_has_time=doc.published_at_has_time,
        attempts=doc.attempts, extractor_version=doc.extractor_version, created_at=doc.created_at,
        processed_at=doc.processed_at,
        timexes=[timex_from_row(row, here) for row in timex_rows[:max_results]],
        events=[event_from_row(row, here) for row in event_rows[:max_results]],
        timexes_truncated=len(timex_rows) > max_results,
        events_truncated=len(event_rows) > max_results,
    )


def get_text(*, session: Session, document_id: int) -> str | None:
    """The text of a document, or None when there is no such document."""
    return session.scalar(select(DocumentRow.text).where(DocumentRow.id == document_id))
