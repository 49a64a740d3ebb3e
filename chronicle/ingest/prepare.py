"""From a validated submission to the row the store inserts: hash and reference date settled."""

from __future__ import annotations

from datetime import UTC, datetime

from chronicle.ingest.dateline import find_dateline
from chronicle.ingest.normalise import content_hash
from chronicle.ingest.schema import DocumentIn
from chronicle.store.records import NewDocument


def prepare(document: DocumentIn, *, now: datetime) -> NewDocument:
    """The NewDocument for a submission; its reference date is given, else its dateline, else `now`."""
    given = document.published_at
    if given is not None:
        published_at, origin = given, "given"
    elif (dateline := find_dateline(document.text)) is not None:
        published_at, origin = dateline, "dateline"
    else:
        published_at, origin = now, "submitted"
    has_time = isinstance(published_at, datetime)
    if not has_time:
        published_at = datetime(published_at.year, published_at.month, published_at.day, tzinfo=UTC)
    return NewDocument(
        text=document.text, content_hash=content_hash(document.text), published_at=published_at,
        published_at_source=origin, published_at_has_time=has_time, collection=document.collection, title=document.title,
        source=document.source, url=document.url, external_id=document.external_id, lang=document.lang,
    )
