"""How `chronicle timeline` shows a timeline: a table of entries, merged sources and conflicts included."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

from chronicle.exports import TimelineQuery
from chronicle.timeline import Entry, TimelineEvent, display_date


def table_text(entries: list[Entry], query: TimelineQuery, *, width: int | None = None) -> str:
    """The entries as a plain-text table: when, time expression, event, sources; conflicts under their entry."""
    if not entries:
        return f"no dated events in collection {query.collection!r} match\n"
    reports = sum(len(entry.events) for entry in entries)
    title = f"{query.collection}: {len(entries)} event(s)"
    if reports != len(entries):
        title += f" from {reports} reports"
    table = Table(title=title, show_lines=False, expand=False)
    table.add_column("when", no_wrap=True)
    table.add_column("time expression")
    table.add_column("event")
    table.add_column("sources")
    for entry in entries:
        primary = entry.primary
        sources = ", ".join(_report(e, entry.display_date) for e in entry.events)
        table.add_row(entry.display_date, primary.timex_text or "", _shorten(primary.text, 80), sources)
        for other in entry.conflicts:
            table.add_row("", "", f"  ≠ dated {_when(other)} by {_label(other)}", "")
    out = io.StringIO()
    terminal = width or max(Console().width, 120)
    Console(file=out, width=terminal, color_system=None, highlight=False).print(table)
    return out.getvalue()


def write_output(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all (a temporary file beside it, then renamed)."""
    path = path.expanduser()
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _when(event: TimelineEvent) -> str:
    return display_date(event.value, event.mod, start=event.start, end=event.end, relation=event.relation)


def _label(event: TimelineEvent) -> str:
    return f"#{event.document_id} {event.source or event.title or ''}".strip()


def _report(event: TimelineEvent, shown: str) -> str:
    """A report's document and source, with its own date when it differs from the entry's."""
    own = _when(event)
    return _label(event) if own == shown or event.start is None else f"{_label(event)} ({own})"


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
