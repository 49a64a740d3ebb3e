"""`chronicle timeline`: read a collection's events from the store and print them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from chronicle.ingest.schema import parse_moment
from chronicle.timeline import TimelineEvent, display_date

_PAGE = 1_000


def read_timeline(db: Any, *, collection: str, since: str | None, until: str | None, text: str | None,
                  source: str | None, limit: int) -> list[TimelineEvent]:
    """Up to `limit` events of the collection in timeline order (ValueError on a bad date)."""
    from chronicle.store import query_events

    start, end = _moment("--from", since), _moment("--to", until)
    events: list[TimelineEvent] = []
    cursor = None
    while len(events) < limit:
        with db.read() as session:
            page = query_events(session=session, collection=collection, since=start, until=end, text=text,
                                source=source, limit=min(_PAGE, limit - len(events)), cursor=cursor)
        events += page.events
        cursor = page.next_cursor
        if cursor is None:
            break
    return events


def _moment(option: str, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = parse_moment(value)
    except ValueError as error:
        raise ValueError(f"{option} {error}") from None
    return moment if isinstance(moment, datetime) else datetime(moment.year, moment.month, moment.day, tzinfo=UTC)


def print_timeline(events: list[TimelineEvent], *, fmt: str, collection: str) -> None:
    """Print events as a table, or as the API's JSON."""
    if fmt == "json":
        typer.echo(json.dumps({"events": [e.to_json() for e in events]}, ensure_ascii=False, indent=2))
        return
    if not events:
        typer.echo(f"no dated events in collection {collection!r}")
        return
    table = Table(title=f"{collection}: {len(events)} event(s)", show_lines=False, expand=False)
    table.add_column("when", no_wrap=True)
    table.add_column("time expression")
    table.add_column("event")
    table.add_column("document")
    for event in events:
        table.add_row(
            display_date(event.value, event.mod, start=event.start, end=event.end, relation=event.relation),
            event.timex_text or "", _shorten(event.text, 80),
            f"#{event.document_id} {event.source or ''}".strip(),
        )
    Console(width=max(Console().width, 120)).print(table)


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
