"""The SELECT behind a timeline page: built once for each shape of page, then run with the page's values.

Building the statement cost more Python than running it cost PostgreSQL (a text page ran three or
four, each about 2 ms to build: its subqueries' column collections, then SQLAlchemy's cache key over
the whole tree). A `Shape` says which filters a page has and how each is matched; the statement for a
shape is built on first use and kept, and the page's own values (collection, dates, needles, cursor,
limits) travel as bound parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, Select, and_, bindparam, select

from chronicle.store.cursor import after, decode_cursor
from chronicle.store.models import FINE_GRAINS, DocumentRow, EventRow, TimexRow
from chronicle.store.search import (
    any_element,
    participant_contains,
    participant_match,
    participant_values,
    search_columns,
    text_contains,
    text_match,
    text_values,
)
from chronicle.temporal.timex import GRAINS
from chronicle.timeline.filters import FLAGGED_CHOICES, UNCERTAIN_FLAGS

# What a timeline event shows, as plain columns: ORM objects, and `extra` read from JSON, cost more
# than the query itself on a page of 100.
EVENT_FIELDS = (
    "id", "document_id", "collection", "source", "position", "sentence_start", "sentence_end", "sentence",
    "text", "trigger", "relation", "interval_start", "interval_end", "grain", "value", "mod", "participants",
    "flags",
)
DOCUMENT_COLUMNS = (DocumentRow.title, DocumentRow.url, DocumentRow.published_at, DocumentRow.utc_offset_minutes)

# How a page is found: "plain" leaves the plan to the database; "walk" reads a bounded stretch of the
# timeline index and filters it; "search" finds every match first (through a search index), then sorts.
PLANS = ("plain", "walk", "search")

_COLLECTION, _SINCE, _UNTIL = bindparam("collection"), bindparam("since"), bindparam("until")
_SOURCE, _DOCUMENT = bindparam("source"), bindparam("document_id")
_CURSOR = (bindparam("cursor_start"), bindparam("cursor_end"), bindparam("cursor_document"),
           bindparam("cursor_position"))
_PAGE_LIMIT, _WALK_LIMIT = bindparam("page_limit", type_=Integer), bindparam("walk_limit", type_=Integer)


@dataclass(frozen=True, slots=True)
class Shape:
    """Which filters a page has and how each is matched: everything its statement depends on but values."""

    dialect: str
    plan: str = "plain"
    since: bool = False
    until: bool = False
    source: bool = False
    document: bool = False
    text: str | None = None  # how the needle is matched (`search.text_match`)
    participant: str | None = None  # likewise (`search.participant_match`)
    min_precision: str | None = None
    flagged: str = "include"
    cursor: bool = False


def page_statement(
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
) -> tuple[Select[Any], dict[str, Any]]:
    """The SELECT of a page (one row more than `limit`, to tell whether a page follows) and its values.

    Two ways to run a text filter whatever PostgreSQL would choose: `walk_first` reads only the first
    `walk_first` events of the timeline index (in the date range, source and document, after the
    cursor) and keeps those passing the other filters; `search_first` finds every match first
    (through the trigram index), then sorts them.
    """
    if limit < 0:
        raise ValueError(f"limit must be at least 0, got {limit}")
    if min_precision is not None and min_precision not in GRAINS:
        raise ValueError(f"min_precision must be one of {GRAINS}, got {min_precision!r}")
    if flagged not in FLAGGED_CHOICES:
        raise ValueError(f"flagged must be one of {FLAGGED_CHOICES}, got {flagged!r}")
    values: dict[str, Any] = {"collection": collection, "since": since, "until": until, "source": source,
                              "document_id": document_id, "page_limit": limit + 1, "walk_limit": walk_first}
    text_how = participant_how = None
    if text:
        text_how = text_match(text, dialect)
        values.update(text_values(text))
    if participant:
        participant_how = participant_match(participant, dialect)
        values.update(participant_values(participant))
    if cursor is not None:
        values.update(zip((p.key for p in _CURSOR), decode_cursor(cursor), strict=True))
    plan = "walk" if text and walk_first is not None else "search" if search_first else "plain"
    shape = Shape(dialect=dialect, plan=plan, since=since is not None, until=until is not None,
                  source=source is not None, document=document_id is not None, text=text_how,
                  participant=participant_how, min_precision=min_precision, flagged=flagged,
                  cursor=cursor is not None)
    return _statement(shape), values


@lru_cache(maxsize=1024)
def _statement(shape: Shape) -> Select[Any]:
    """The statement for pages of this shape, its values left as parameters."""
    # The page is chosen from `events` alone, then joined: where a search index finds the matches,
    # they are sorted first and only the page's documents and timexes are fetched.
    ranged = [EventRow.collection == _COLLECTION, EventRow.interval_start.is_not(None)]
    if shape.since:
        ranged.append(EventRow.interval_end > _SINCE)
    if shape.until:
        ranged.append(EventRow.interval_start < _UNTIL)
    if shape.source:
        ranged.append(EventRow.source == _SOURCE)
    if shape.document:
        ranged.append(EventRow.document_id == _DOCUMENT)
    if shape.cursor:
        ranged.append(after(*_CURSOR))
    columns = [EventRow.__table__.c[name] for name in EVENT_FIELDS] + [EventRow.timex_position]
    events = select(*columns).where(*ranged).order_by(*timeline_order(EventRow.__table__.c))
    if shape.plan == "walk":
        # A walk reads the index in timeline order under conditions the index holds, so PostgreSQL
        # can count what it reads; the other filters then judge those rows alone.
        walked = events.add_columns(*search_columns(shape.dialect)).limit(_WALK_LIMIT).subquery("walked")
        page = (select(*(walked.c[c.key] for c in columns)).where(*_filters(shape, walked.c))
                .order_by(*timeline_order(walked.c)))
    else:
        page = events.where(*_filters(shape))
        if shape.plan == "search":
            # OFFSET keeps PostgreSQL from planning the ORDER BY ... LIMIT into the matching.
            matches = page.order_by(None).offset(0).subquery("matches")
            page = select(*matches.c).order_by(*timeline_order(matches.c))
    chosen = page.limit(_PAGE_LIMIT).subquery("page")
    return (
        select(*(chosen.c[name] for name in EVENT_FIELDS), *DOCUMENT_COLUMNS, TimexRow.text.label("timex_text"),
               TimexRow.start_offset.label("timex_start"), TimexRow.end_offset.label("timex_end"))
        .join(DocumentRow, DocumentRow.id == chosen.c.document_id)
        .outerjoin(TimexRow, and_(TimexRow.document_id == chosen.c.document_id,
                                  TimexRow.position == chosen.c.timex_position))
        .order_by(*timeline_order(chosen.c))
    )


def _filters(shape: Shape, columns: Any = None) -> list[Any]:
    """The conditions the timeline index does not hold, on `events` or on `columns` drawn from it."""
    source = EventRow if columns is None else columns
    conditions = []
    if shape.text is not None:
        conditions.append(text_contains(shape.text, columns))
    if shape.participant is not None:
        conditions.append(participant_contains(shape.participant, shape.dialect, columns))
    if shape.min_precision is not None:
        grains = GRAINS[: GRAINS.index(shape.min_precision) + 1]
        conditions.append(source.grain.in_(_constants("grains", grains)))
        if shape.dialect == "sqlite" and set(grains) < set(FINE_GRAINS):
            # The fine-grain index's own condition as well, word for word: SQLite uses a partial index
            # only for a query that says what its WHERE says. PostgreSQL proves it from the above, and
            # would count the rows passing both as if the two were independent, a twentieth of them.
            conditions.append(source.grain.in_(_constants("fine_grains", FINE_GRAINS)))
    if shape.flagged != "include":
        uncertain = any_element(source.flags, shape.dialect, lambda v: v.in_(UNCERTAIN_FLAGS))
        conditions.append(uncertain if shape.flagged == "only" else ~uncertain)
    return conditions


def _constants(name: str, values: tuple[str, ...]) -> Any:
    """A list written into the SQL as constants (not sent as parameters), so the planner sees it when
    it prepares the statement and can match it with a partial index's condition."""
    return bindparam(name, value=list(values), expanding=True, literal_execute=True)


def timeline_order(columns: Any) -> tuple[Any, ...]:
    """The timeline's sort key over these columns (of `events` or of a page drawn from it)."""
    return (columns.interval_start, columns.interval_end.desc(), columns.document_id, columns.position)
