"""Plain values going into and coming out of the store, so callers never hold ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import cache

from chronicle.events.event import Event
from chronicle.temporal.timex import Timex


@dataclass(frozen=True, slots=True)
class NewDocument:
    """A validated submission, ready to insert. `published_at` must be timezone-aware."""

    text: str
    content_hash: str
    published_at: datetime
    published_at_source: str
    published_at_has_time: bool = True
    collection: str = "default"
    title: str | None = None
    source: str | None = None
    url: str | None = None
    external_id: str | None = None
    lang: str = "en"


@dataclass(frozen=True, slots=True)
class Submission:
    """What became of one submitted document: a new or existing row, or a conflict explained."""

    id: int | None
    status: str | None
    duplicate: bool = False
    conflict: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimedDocument:
    """A document a worker has claimed: its text and reference (a date, or a date-time in its zone)."""

    id: int
    text: str
    reference: date | datetime
    lang: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of processing one document: its timexes and events, or why it failed."""

    document_id: int
    timexes: tuple[Timex, ...] = ()
    events: tuple[Event, ...] = ()
    error: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A stored document with its results, as the API and CLI show it."""

    id: int
    status: str
    error: str | None
    collection: str
    title: str | None
    source: str | None
    url: str | None
    external_id: str | None
    lang: str
    published_at: datetime
    published_at_source: str
    published_at_has_time: bool
    attempts: int
    extractor_version: str | None
    created_at: datetime
    processed_at: datetime | None
    timexes: list[Timex] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    timexes_truncated: bool = False
    events_truncated: bool = False


@cache  # a page asks for the same few zones a hundred times
def zone(offset_minutes: int) -> timezone:
    """The fixed-offset zone a document's dates were given in."""
    return timezone(timedelta(minutes=offset_minutes))
