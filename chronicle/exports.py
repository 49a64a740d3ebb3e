"""A collection's timeline read from the store, filtered, merged and rendered.

The one code path behind `GET /timeline?format=`, the timeline page and `chronicle timeline`: the
API and the CLI only turn their parameters into strings for `parse_query` and show what comes back.
The store's query does the filtering in SQL; `chronicle.timeline.merge` and `chronicle.formats` do
the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from chronicle.formats.export import FORMATS, exporter
from chronicle.ingest.normalise import has_lone_surrogate
from chronicle.ingest.schema import COLLECTION_PATTERN, parse_moment
from chronicle.temporal.timex import GRAINS
from chronicle.timeline import Entry, TimelineEvent, TimelineFilter, merge
from chronicle.timeline.filters import FLAGGED_CHOICES

MAX_TEXT_FILTER = 200  # characters in q, participant and source
MAX_ID = 2**63 - 1
EXPORT_FORMATS = tuple(FORMATS)


class QueryError(ValueError):
    """A timeline parameter that cannot be used; `name` is the parameter as the API spells it."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class TooManyEvents(ValueError):
    """More events match than one answer may hold."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {limit} events match; narrow the filters (from, to, q, participant, "
                         "source, document, min_precision, flagged)")
        self.limit = limit


@dataclass(frozen=True, slots=True)
class TimelineQuery:
    """What a reader asks of a collection's timeline: the filters, and whether to merge reports."""

    filter: TimelineFilter
    merge: bool = True

    @property
    def collection(self) -> str:
        """The collection the timeline is of."""
        return self.filter.collection or "default"

    def store_filters(self) -> dict[str, Any]:
        """The keyword arguments of `chronicle.store.query_events` for these filters."""
        return {field.name: getattr(self.filter, field.name) for field in fields(TimelineFilter)}


def parse_query(*, collection: str = "default", since: str | None = None, until: str | None = None,
                q: str | None = None, participant: str | None = None, source: str | None = None,
                document: str | int | None = None, min_precision: str | None = None,
                flagged: str = "include", merge: bool = True) -> TimelineQuery:
    """A query from parameter strings (an empty string means "not given"), or QueryError naming the
    first bad one. `since`/`until` are ISO dates (midnight UTC) or date-times."""
    if not re.match(COLLECTION_PATTERN, collection or ""):
        raise QueryError("collection", "must be 1 to 100 letters, digits, '.', '_' or '-', starting with a "
                                       f"letter or digit, got {collection!r}")
    start, end = _moment("from", since), _moment("to", until)
    if start is not None and end is not None and end <= start:
        raise QueryError("to", "'to' must be after 'from'")
    texts = {name: _text(name, value) for name, value in (("q", q), ("participant", participant),
                                                           ("source", source))}
    if min_precision in (None, ""):
        min_precision = None
    elif min_precision not in GRAINS:
        raise QueryError("min_precision", f"must be one of {', '.join(GRAINS)}, got {min_precision!r}")
    if flagged not in FLAGGED_CHOICES:
        raise QueryError("flagged", f"must be one of {', '.join(FLAGGED_CHOICES)}, got {flagged!r}")
    return TimelineQuery(TimelineFilter(collection=collection, since=start, until=end, text=texts["q"],
                                        participant=texts["participant"], source=texts["source"],
                                        document_id=_document(document), min_precision=min_precision,
                                        flagged=flagged), merge=merge)


def _moment(name: str, value: str | None) -> datetime | None:
    if value is None or not value.strip():
        return None
    try:
        moment = parse_moment(value)
    except ValueError as error:
        raise QueryError(name, str(error)) from None
    return moment if isinstance(moment, datetime) else datetime(moment.year, moment.month, moment.day, tzinfo=UTC)


def _text(name: str, value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if len(value) > MAX_TEXT_FILTER:
        raise QueryError(name, f"must be at most {MAX_TEXT_FILTER} characters, got {len(value)}")
    if "\x00" in value or has_lone_surrogate(value):
        raise QueryError(name, "must be text without NUL characters or bytes UTF-8 cannot encode")
    return value


def _document(value: str | int | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except ValueError:
        raise QueryError("document", f"must be a document id (a positive integer), got {value!r}") from None
    if not 1 <= number <= MAX_ID:
        raise QueryError("document", f"must be a document id (a positive integer), got {value!r}")
    return number


def iter_events(session: Any, query: TimelineQuery, *, page_size: int = 1_000) -> Iterator[TimelineEvent]:
    """Every event the query matches, in timeline order, read a keyset page at a time."""
    from chronicle.store import query_events

    cursor = None
    while True:
        page = query_events(session=session, limit=page_size, cursor=cursor, **query.store_filters())
        yield from page.events
        cursor = page.next_cursor
        if cursor is None:
            return


def read_events(db: Any, query: TimelineQuery, *, max_events: int) -> list[TimelineEvent]:
    """The matching events, and the undated events that follow them, in one read session; TooManyEvents
    past `max_events` dated ones (a merge needs every report, so a cut-off timeline would merge wrongly)."""
    from chronicle.store import with_followers

    events: list[TimelineEvent] = []
    with db.read() as session:
        for event in iter_events(session, query, page_size=min(1_000, max_events + 1)):
            events.append(event)
            if len(events) > max_events:
                raise TooManyEvents(max_events)
        # The undated "later" events that follow the ones shown (none when a date range is asked for).
        return with_followers(session=session, events=events, **query.store_filters())


def read_entries(db: Any, query: TimelineQuery, *, max_events: int) -> list[Entry]:
    """The timeline's entries: reports of one event merged unless the query says not, conflicts linked."""
    return merge(read_events(db, query, max_events=max_events), merge=query.merge)


@dataclass(frozen=True, slots=True)
class Export:
    """A rendered timeline and how to serve or save it."""

    body: str
    media_type: str
    filename: str


def export(entries: list[Entry], query: TimelineQuery, fmt: str) -> Export:
    """The entries in export format `fmt` (json, csv, ics, timelinejs), titled by the collection."""
    if fmt not in FORMATS:
        raise QueryError("format", f"must be one of {', '.join(EXPORT_FORMATS)}, got {fmt!r}")
    module = exporter(fmt)
    return Export(body=module.render(entries, title=query.collection), media_type=module.MEDIA_TYPE,
                  filename=f"{query.collection}.{module.EXTENSION}")
