"""The timeline query: a collection's dated events in time order, a page at a time.

Order: interval start; then the longer interval first (late May before 31 May); then document and
position in it. Pages are cut with a keyset cursor over that same key (`chronicle.store.cursor`),
and read straight off the index `ix_events_timeline`, which holds that key in that order; the
statements are `chronicle.store.statements`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session, aliased

from chronicle.store.cursor import InvalidCursor, encode_cursor
from chronicle.store.models import DocumentRow, EventRow
from chronicle.store.records import zone
from chronicle.store.search import indexed_needle
from chronicle.store.statements import DOCUMENT_COLUMNS, EVENT_FIELDS, page_statement
from chronicle.timeline.entry import TimelineEvent
from chronicle.timeline.filters import TimelineFilter


class TimelineTooLarge(ValueError):
    """More events match than one answer may hold; the filters must narrow them."""


@dataclass(frozen=True, slots=True)
class TimelinePage:
    """One page of a timeline and the cursor for the next (None on the last page)."""

    events: list[TimelineEvent]
    next_cursor: str | None


def query_events(
    *,
    session: Session,
    limit: int = 100,
    cursor: str | None = None,
    **filters: Any,
) -> TimelinePage:
    """The events of `collection` overlapping [since, until), matching the filters, in timeline order.

    The filters (the keyword arguments of `statements.page_statement`) mean what
    `chronicle.timeline.filters` says: `participant` is a case-insensitive substring of any
    participant, `min_precision` keeps that grain and finer ones, `flagged` is "include", "exclude"
    or "only" for hypothetical, negated, conditional and future events.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    dialect = session.get_bind().dialect.name
    if filters.get("text") and indexed_needle(filters["text"], dialect):
        rows = _searched_rows(session, limit=limit, cursor=cursor, filters=filters)
    else:
        rows = session.execute(*page_statement(dialect=dialect, limit=limit, cursor=cursor, **filters)).all()
    events = [_timeline_event(row, row.timex_text, row.timex_start, row.timex_end) for row in rows[:limit]]
    more = len(rows) > limit
    next_cursor = _cursor_after(rows[limit - 1]) if more else None
    return TimelinePage(events=events, next_cursor=next_cursor)


def timeline_select(*, dialect: str, **arguments: Any) -> Select[Any]:
    """The SELECT `query_events` runs for these arguments (those of `statements.page_statement`),
    its values bound in it."""
    statement, values = page_statement(dialect=dialect, **arguments)
    return statement.params(values)


# The first PROBE_ROWS events are walked; a word in at least WALK_SHARE of them is walked to further
# (at most MAX_WALK rows more), a rarer one looked up in the trigram index (docs/decisions.md).
PROBE_ROWS = 1_000
WALK_SHARE = 0.025
MAX_WALK = 20_000


def _searched_rows(session: Session, *, limit: int, cursor: str | None, filters: dict[str, Any]) -> list[Any]:
    """The rows of a page with a text filter on PostgreSQL, found the way that suits the word.

    PostgreSQL cannot tell how common a word is (its estimates for a LIKE '%word%' are off by orders of
    magnitude either way: it walked 190,000 events for a rare word and fetched thousands of matches of
    a common one), so the page decides from what it sees. Each step is a bounded walk of the timeline
    index, or the index search, taking up after the last match found so far: the page is the same.
    """
    def step(cursor: str | None, **plan: Any) -> list[Any]:
        return session.execute(*page_statement(dialect="postgresql", limit=limit - len(rows), cursor=cursor,
                                               **plan, **filters)).all()

    rows: list[Any] = []
    rows += step(cursor, walk_first=PROBE_ROWS)
    if rows and WALK_SHARE * PROBE_ROWS <= len(rows) <= limit:
        # Common enough: walk on for about twice the rows the rest of the page should take.
        rows += step(_cursor_after(rows[-1]),
                     walk_first=min(MAX_WALK, 2 * (limit + 1 - len(rows)) * PROBE_ROWS // len(rows)))
    if len(rows) <= limit:
        rows += step(_cursor_after(rows[-1]) if rows else cursor, search_first=True)
    return rows


def _cursor_after(row: Any) -> str:
    return encode_cursor(row.interval_start, row.interval_end, row.document_id, row.position)


def all_events(*, session: Session, max_events: int, page_size: int = 1_000, **filters: object) -> list[TimelineEvent]:
    """Every event matching `filters` (the keyword arguments of `query_events`), in timeline order;
    TimelineTooLarge when more than `max_events` match."""
    events: list[TimelineEvent] = []
    cursor = None
    while True:
        page = query_events(session=session, limit=min(page_size, max_events + 1 - len(events)),
                            cursor=cursor, **filters)  # type: ignore[arg-type]
        events += page.events
        if len(events) > max_events:
            raise TimelineTooLarge(f"more than {max_events} events match; narrow the filters")
        cursor = page.next_cursor
        if cursor is None:
            return events


def followers(*, session: Session, events: list[TimelineEvent]) -> list[TimelineEvent]:
    """The undated events that come "later" than one of `events` (in the same document), each with
    `follows` set to the id of the event it comes after."""
    wanted = {event.id for event in events}
    followed = aliased(EventRow)
    found: list[TimelineEvent] = []
    documents = sorted({event.document_id for event in events})
    for begin in range(0, len(documents), 500):
        rows = session.execute(
            select(*(getattr(EventRow, name) for name in EVENT_FIELDS), *DOCUMENT_COLUMNS,
                   followed.id.label("followed_id"))
            .join(DocumentRow, DocumentRow.id == EventRow.document_id)
            .join(followed, and_(followed.document_id == EventRow.document_id,
                                 followed.position == EventRow.follows))
            .where(EventRow.document_id.in_(documents[begin:begin + 500]), EventRow.interval_start.is_(None))
            .order_by(EventRow.document_id, EventRow.position)
        ).all()
        for row in rows:
            if row.followed_id in wanted:
                found.append(replace(_timeline_event(row, None, None, None), follows=row.followed_id))
    return found


def with_followers(*, session: Session, events: list[TimelineEvent], **filters: object) -> list[TimelineEvent]:
    """`events` and the undated "later" events that follow them and pass the same `filters` (the keyword
    arguments of `query_events`); with a date range there are none, since an undated event matches none."""
    if filters.get("since") is not None or filters.get("until") is not None:
        return events
    keep = TimelineFilter(**{k: v for k, v in filters.items() if k in _PURE_FILTERS})  # type: ignore[arg-type]
    return events + keep.apply(followers(session=session, events=events))


_PURE_FILTERS = ("collection", "text", "participant", "source", "document_id", "min_precision", "flagged")


def collections(*, session: Session) -> list[tuple[str, int, int]]:
    """Every collection with its number of documents and of dated events, by name."""
    documents = dict(session.execute(
        select(DocumentRow.collection, func.count()).group_by(DocumentRow.collection)).all())
    events = dict(session.execute(
        select(EventRow.collection, func.count()).where(EventRow.interval_start.is_not(None))
        .group_by(EventRow.collection)).all())
    return [(name, documents.get(name, 0), events.get(name, 0)) for name in sorted(set(documents) | set(events))]


def _timeline_event(event: Any, timex_text: str | None, timex_start: int | None, timex_end: int | None) -> TimelineEvent:
    """A TimelineEvent from a row of EVENT_FIELDS and DOCUMENT_COLUMNS, and its timex's text and offsets."""
    here = zone(event.utc_offset_minutes)
    span = None
    if timex_start is not None and event.sentence_start <= timex_start <= timex_end <= event.sentence_end:
        span = (timex_start - event.sentence_start, timex_end - event.sentence_start)
    return TimelineEvent(
        id=event.id, document_id=event.document_id,
        start=event.interval_start.astimezone(here) if event.interval_start else None,
        end=event.interval_end.astimezone(here) if event.interval_end else None,
        grain=event.grain, value=event.value, mod=event.mod, text=event.text,
        sentence=event.sentence, timex_text=timex_text, source=event.source, title=event.title, url=event.url,
        published_at=event.published_at.astimezone(here), collection=event.collection,
        relation=event.relation, trigger=event.trigger, participants=tuple(event.participants or ()),
        flags=tuple(event.flags or ()), position=event.position, timex_span=span,
    )
