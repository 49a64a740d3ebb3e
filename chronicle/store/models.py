"""The tables: documents, the time expressions found in them, and the events hung on those times.

The Alembic migrations in `chronicle/store/migrations` create exactly this schema; a test compares
the two so they cannot drift apart. The text-search indexes, which differ by backend, are the
migrations' alone (`chronicle.store.search`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from chronicle.store.types import BigId, JSONValue, UTCDateTime

STATUSES = ("queued", "processing", "done", "failed")
PUBLISHED_AT_SOURCES = ("given", "dateline", "submitted")

# Named constraints, so migrations can refer to them on both backends.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with the naming convention above."""

    metadata = MetaData(naming_convention=NAMING)


class DocumentRow(Base):
    """One submitted document and where its processing stands."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    collection: Mapped[str] = mapped_column(String(100), default="default")
    external_id: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(16), default="en")
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    # The reference date extraction resolves against, stored in UTC, plus the offset it was given
    # in, so "Thursday" is resolved in the document's own zone.
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    utc_offset_minutes: Mapped[int] = mapped_column(Integer, default=0)
    published_at_source: Mapped[str] = mapped_column(String(16))
    # False when only a date was known: extraction then gets a date, not midnight as a time of day.
    published_at_has_time: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    status: Mapped[str] = mapped_column(String(16), default="queued")
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    extractor_version: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # queued_at: when it last entered the queue; sent_at: when its task last reached the broker
    # (None: not yet, e.g. the broker was down); started_at: when a worker last claimed it.
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("collection", "content_hash", name="uq_documents_collection_content_hash"),
        # external ids are unique within their source; a missing source counts as one source.
        Index(
            "uq_documents_source_external_id",
            func.coalesce(source, ""), external_id, unique=True,
        ),
        Index("ix_documents_status_queued_at", "status", "queued_at"),
        CheckConstraint(f"status IN {STATUSES}", name="status"),
        CheckConstraint(f"published_at_source IN {PUBLISHED_AT_SOURCES}", name="published_at_source"),
    )


class TimexRow(Base):
    """One time expression found in a document (the columns of `chronicle.temporal.Timex`)."""

    __tablename__ = "timexes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(Text)
    mod: Mapped[str | None] = mapped_column(String(16))
    interval_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    interval_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    grain: Mapped[str | None] = mapped_column(String(16))
    rule: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("document_id", "position", name="uq_timexes_document_id_position"),
    )


class EventRow(Base):
    """One event a document reports (the columns of `chronicle.events.Event`).

    `collection` and `source` repeat the document's, so the timeline query can walk one index.
    """

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    collection: Mapped[str] = mapped_column(String(100))
    source: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    trigger: Mapped[str | None] = mapped_column(Text)
    timex_position: Mapped[int | None] = mapped_column(Integer)
    relation: Mapped[str] = mapped_column(String(16), default="DURING")
    interval_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    interval_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    grain: Mapped[str | None] = mapped_column(String(16))
    value: Mapped[str | None] = mapped_column(Text)
    mod: Mapped[str | None] = mapped_column(String(16))
    participants: Mapped[list[str]] = mapped_column(JSONValue, default=list)
    flags: Mapped[list[str]] = mapped_column(JSONValue, default=list)
    follows: Mapped[int | None] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(Text, default="")
    extra: Mapped[dict[str, Any]] = mapped_column(JSONValue, default=dict)

    __table_args__ = (
        UniqueConstraint("document_id", "position", name="uq_events_document_id_position"),
        ForeignKeyConstraint(
            ["document_id", "timex_position"], ["timexes.document_id", "timexes.position"],
            name="fk_events_timex", ondelete="CASCADE",
        ),
    )


# The timeline's whole sort key in its own order, so a page is read off the index with no sort; the
# same per source, since a source's events are too few to find fast by walking the whole timeline.
_TIMELINE_ORDER = (EventRow.interval_start, EventRow.interval_end.desc(), EventRow.document_id, EventRow.position)
Index("ix_events_timeline", EventRow.collection, *_TIMELINE_ORDER)
Index("ix_events_source_timeline", EventRow.collection, EventRow.source, *_TIMELINE_ORDER)
# Events to the second or the minute are a few per cent: `min_precision=second` reads them in order here.
FINE_GRAINS = ("second", "minute")
_FINE = EventRow.grain.in_(FINE_GRAINS)
Index("ix_events_fine_timeline", EventRow.collection, EventRow.grain, *_TIMELINE_ORDER,
      postgresql_where=_FINE, sqlite_where=_FINE)
