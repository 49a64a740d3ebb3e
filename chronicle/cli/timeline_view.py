"""`chronicle timeline`: read a collection's events from the store and print them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from chronicle.ingest.schema import parse_moment
from chronicle.timeline import TimelineEvent, display_date

_PAGE = 1_000


def read_timeline(db: Any, *, collection: str, since: str | None, until: str | None, text: str | None,
                  source: str | None, limit: int, **filters: Any) -> list[TimelineEvent]:
    """Up to `limit` events of the collection in timeline order (ValueError on a bad date); `filters`
    are further keyword arguments of the store's query (participant, min_precision, flagged, document_id)."""
    from chronicle.store import query_events

    start, end = _moment("--from", since), _moment("--to", until)
    events: list[TimelineEvent] = []
    cursor = None
    while len(events) < limit:
        with db.read() as session:
            page = query_events(session=session, collection=collection, since=start, until=end, text=text,
                                source=source, limit=min(_PAGE, limit - len(events)), cursor=cursor, **filters)
        events += page.events
        cursor = page.next_cursor
        if cursor is None:
            break
    from chronicle.store import with_followers

    with db.read() as session:
        return with_followers(session=session, events=events, collection=collection, since=start, until=end,
                              text=text, source=source, **filters)


def _moment(option: str, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = parse_moment(value)
    except ValueError as error:
        raise ValueError(f"{option} {error}") from None
    return moment if isinstance(moment, datetime) else datetime(moment.year, moment.month, moment.day, tzinfo=UTC)


def print_timeline(events: list[TimelineEvent], *, fmt: str, collection: str, merged: bool = True) -> None:
    """Print the timeline as a table of entries (reports of one event merged unless `merged` is False,
    conflicting dates shown under the entry), or in an export format (json, csv, ics, timelinejs)."""
    from chronicle.formats.export import render
    from chronicle.timeline import merge

    entries = merge(events, merge=merged)
    if fmt != "table":
        typer.echo(render(fmt, entries, title=collection), nl=False)
        return
    if not entries:
        typer.echo(f"no dated events in collection {collection!r}")
        return
    table = Table(title=f"{collection}: {len(entries)} event(s) from {len(events)} report(s)",
                  show_lines=False, expand=False)
    table.add_column("when", no_wrap=True)
    table.add_column("time expression")
    table.add_column("event")
    table.add_column("sources")
    for entry in entries:
        event = entry.primary
        sources = ", ".join(_source(e, entry.display_date) for e in entry.events)
        table.add_row(entry.display_date, event.timex_text or "", _shorten(event.text, 80), sources)
        for other in entry.conflicts:
            when = display_date(other.value, other.mod, start=other.start, end=other.end, relation=other.relation)
            table.add_row("", "", f"  ≠ dated {when} by #{other.document_id} {other.source or ''}".rstrip(), "")
    Console(width=max(Console().width, 120)).print(table)


def _source(event: TimelineEvent, shown: str) -> str:
    """A report's document and source, with its own date when it differs from the one shown."""
    own = display_date(event.value, event.mod, start=event.start, end=event.end, relation=event.relation)
    label = f"#{event.document_id} {event.source or ''}".strip()
    return label if own == shown or event.start is None else f"{label} ({own})"


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
