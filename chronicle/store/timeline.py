"""The timeline query: a collection's dated events in time order, a page at a time.

Order: interval start; then the longer interval first (late May before 31 May); then document and
position in it. Pages are cut with a keyset cursor over that same key (`chronicle.store.cursor`),
and read straight off the index `ix_events_timeline`, which holds that key in that order.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session, aliased

from chronicle.store.cursor import InvalidCursor, after, decode_cursor, encode_cursor
from chronicle.store.models import DocumentRow, EventRow, TimexRow
from chronicle.store.records import zone
from chronicle.store.search import (
    any_element,
    indexed_needle,
    participant_contains,
    search_columns,
    text_contains,
)
from chronicle.temporal.timex import GRAINS
from chronicle.timeline.entry import TimelineEvent
from chronicle.timeline.filters import FLAGGED_CHOICES, UNCERTAIN_FLAGS, TimelineFilter


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

    The filters (the keyword arguments of `timeline_select`) mean what `chronicle.timeline.filters`
    says: `participant` is a case-insensitive substring of any participant, `min_precision` keeps
    that grain and finer ones, `flagged` is "include", "exclude" or "only" for hypothetical,
    negated, conditional and future events.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    dialect = session.get_bind().dialect.name
    if filters.get("text") and indexed_needle(filters["text"], dialect):
        rows = _searched_rows(session, limit=limit, cursor=cursor, filters=filters)
    else:
        rows = session.execute(timeline_select(dialect=dialect, limit=limit, cursor=cursor, **filters)).all()
    events = [_timeline_event(row, row.timex_text, row.timex_start, row.timex_end) for row in rows[:limit]]
    more = len(rows) > limit
    last = rows[limit - 1] if more else None
    next_cursor = encode_cursor(
        last.interval_start, last.interval_end, last.document_id, last.position
    ) if last is not None else None
    return TimelinePage(events=events, next_cursor=next_cursor)


def timeline_select(
    *,
    dialect: str,
    collection: str = "default",
    since: datetime | None = None,
    until: datetime | None = None,
    text: str | None = None,
    source: str | None = None,
    document_id: int | None = None,
    participant: str | None = None,
    min_precision: str | None = None,
    flagged: str = "include",
    limit: int = 100,
    cursor: str | None = None,
    walk_first: int | None = None,
    search_first: bool = False,
) -> Select[Any]:
    """The SELECT behind `query_events` (one row more than `limit`, to tell whether a page follows).

    Two ways to run a text filter whatever PostgreSQL would choose: `walk_first` looks only at the
    first `walk_first` events (in timeline order) that pass the other filters, a walk of the timeline
    index of bounded cost; `search_first` finds every match first (through the trigram index), then
    sorts them.
    """
    if limit < 0:
        raise ValueError(f"limit must be at least 0, got {limit}")
    if min_precision is not None and min_precision not in GRAINS:
        raise ValueError(f"min_precision must be one of {GRAINS}, got {min_precision!r}")
    if flagged not in FLAGGED_CHOICES:
        raise ValueError(f"flagged must be one of {FLAGGED_CHOICES}, got {flagged!r}")
    conditions = [EventRow.collection == collection, EventRow.interval_start.is_not(None)]
    if since is not None:
        conditions.append(EventRow.interval_end > since)
    if until is not None:
        conditions.append(EventRow.interval_start < until)
    if source is not None:
        conditions.append(EventRow.source == source)
    if document_id is not None:
        conditions.append(EventRow.document_id == document_id)
    if text and walk_first is None:
        conditions.append(text_contains(text, dialect))
    if participant:
        conditions.append(participant_contains(participant, dialect))
    if min_precision is not None:
        conditions.append(EventRow.grain.in_(GRAINS[: GRAINS.index(min_precision) + 1]))
    if flagged != "include":
        uncertain = any_element(EventRow.flags, dialect, lambda v: v.in_(UNCERTAIN_FLAGS))
        conditions.append(uncertain if flagged == "only" else ~uncertain)
    if cursor is not None:
        conditions.append(after(*decode_cursor(cursor)))
    # The page is chosen from `events` alone, then joined: where a search index finds the matches,
    # they are sorted first and only the page's documents and timexes are fetched.
    page = (
        select(*(EventRow.__table__.c[name] for name in _EVENT_FIELDS), EventRow.timex_position)
        .where(*conditions)
        .order_by(*_timeline_order(EventRow.__table__.c))
    )
    if text and walk_first is not None:
        walked = page.add_columns(*search_columns(dialect)).limit(walk_first).subquery("walked")
        page = (select(*(walked.c[name] for name in (*_EVENT_FIELDS, "timex_position")))
                .where(text_contains(text, dialect, walked.c)).order_by(*_timeline_order(walked.c)))
    elif search_first:
        # OFFSET keeps PostgreSQL from planning the ORDER BY ... LIMIT into the matching.
        matches = page.order_by(None).offset(0).subquery("matches")
        page = select(*matches.c).order_by(*_timeline_order(matches.c))
    page = page.limit(limit + 1).subquery("page")
    return (
        select(*(page.c[name] for name in _EVENT_FIELDS), *_DOCUMENT_COLUMNS, TimexRow.text.label("timex_text"),
               TimexRow.start_offset.label("timex_start"), TimexRow.end_offset.label("timex_end"))
        .join(DocumentRow, DocumentRow.id == page.c.document_id)
        .outerjoin(TimexRow, and_(TimexRow.document_id == page.c.document_id,
                                  TimexRow.position == page.c.timex_position))
        .order_by(*_timeline_order(page.c))
    )


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
        return session.execute(timeline_select(dialect="postgresql", limit=limit - len(rows), cursor=cursor,
                                               **plan, **filters)).all()

    rows: list[Any] = []
    with _planner(session, _WALK):
        rows += step(cursor, walk_first=PROBE_ROWS)
        if rows and WALK_SHARE * PROBE_ROWS <= len(rows) <= limit:
            # Common enough: walk on for about twice the rows the rest of the page should take.
            rows += step(_cursor_after(rows[-1]),
                         walk_first=min(MAX_WALK, 2 * (limit + 1 - len(rows)) * PROBE_ROWS // len(rows)))
    if len(rows) <= limit:
        rows += step(_cursor_after(rows[-1]) if rows else cursor, search_first=True)
    return rows


# A walk must be an index scan in timeline order: with a misjudged count of the events passing the
# other filters, PostgreSQL turned a walk of 3,000 rows into a sort of 40,000 (200 ms).
_WALK = {"enable_bitmapscan": "off", "enable_seqscan": "off", "enable_sort": "off"}


@contextmanager
def _planner(session: Session, settings: dict[str, str]) -> Iterator[None]:
    """PostgreSQL planner settings for the statements run inside, then back to what they were."""
    names = list(settings)
    current = select(*(func.current_setting(name).label(name) for name in names)).offset(0).subquery()
    before = session.execute(select(*(current.c[name] for name in names),
                                    *(func.set_config(name, value, True) for name, value in settings.items()))
                             .select_from(current)).one()
    try:
        yield
    finally:
        session.execute(select(*(func.set_config(name, value, True) for name, value in zip(names, before, strict=False))))


def _cursor_after(row: Any) -> str:
    return encode_cursor(row.interval_start, row.interval_end, row.document_id, row.position)


def _timeline_order(columns: Any) -> tuple[Any, ...]:
    """The timeline's sort key over these columns (of `events` or of a page drawn from it)."""
    return (columns.interval_start, columns.interval_end.desc(), columns.document_id, columns.position)


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
            select(*(getattr(EventRow, name) for name in _EVENT_FIELDS), *_DOCUMENT_COLUMNS,
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


# What a timeline event shows, as plain columns: ORM objects, and `extra` read from JSON, cost more
# than the query itself on a page of 100.
_EVENT_FIELDS = (
    "id", "document_id", "collection", "source", "position", "sentence_start", "sentence_end", "sentence",
    "text", "trigger", "relation", "interval_start", "interval_end", "grain", "value", "mod", "participants",
    "flags",
)
_DOCUMENT_COLUMNS = (DocumentRow.title, DocumentRow.url, DocumentRow.published_at, DocumentRow.utc_offset_minutes)


def _timeline_event(event: Any, timex_text: str | None, timex_start: int | None, timex_end: int | None) -> TimelineEvent:
    """A TimelineEvent from a row of _EVENT_FIELDS and _DOCUMENT_COLUMNS, and its timex's text and offsets."""
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
