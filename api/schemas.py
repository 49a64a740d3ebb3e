"""Response shapes, for the OpenAPI document at /docs (requests use chronicle.ingest.DocumentIn)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Accepted(BaseModel):
    """A submitted document: new, or the existing copy of the same content."""

    id: int
    status: str = Field(description="queued, processing, done or failed")
    duplicate: bool


class BatchItem(BaseModel):
    """What became of one document of a batch; `error` explains a document that was not stored."""

    index: int
    id: int | None
    status: str | None
    duplicate: bool
    error: str | None = None


class BatchAccepted(BaseModel):
    """Per-document answers, in the order submitted."""

    documents: list[BatchItem]


class DocumentOut(BaseModel):
    """A document, where its processing stands, and its results."""

    id: int
    status: str
    error: str | None
    published_at: str
    published_at_source: str = Field(description="given, dateline or submitted (a guess)")
    timexes: list[dict[str, Any]] = Field(description="Same shape as `chronicle parse --json`.")
    events: list[dict[str, Any]]
    collection: str
    title: str | None
    source: str | None
    url: str | None
    external_id: str | None
    lang: str
    attempts: int
    extractor_version: str | None
    created_at: str
    processed_at: str | None
    timexes_truncated: bool
    events_truncated: bool


class TimelineOut(BaseModel):
    """A page of a timeline; pass `next_cursor` back as `cursor` for the next (null: last page)."""

    events: list[dict[str, Any]]
    next_cursor: str | None


class ExportOut(BaseModel):
    """`GET /timeline?format=json`: the whole filtered timeline, one entry per (merged) event."""

    title: str | None
    count: int
    entries: list[dict[str, Any]]


class TimelineJSOut(BaseModel):
    """`GET /timeline?format=timelinejs`: TimelineJS's document (its events, and a title slide)."""

    events: list[dict[str, Any]]
    title: dict[str, Any] | None = None


class CollectionOut(BaseModel):
    """One collection: its name, its documents, and its dated events."""

    name: str
    documents: int
    events: int


class CollectionsOut(BaseModel):
    """Every collection, by name."""

    collections: list[CollectionOut]


class HealthOut(BaseModel):
    """Whether the database and the broker answer."""

    status: str
    database: str
    broker: str


class Problem(BaseModel):
    """An error: `detail` is a message, or a list of {loc, msg, type} naming each bad field."""

    detail: str | list[dict[str, Any]]
