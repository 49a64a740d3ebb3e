"""What every timeline export takes: merged entries, or plain events each as an entry of its own."""

from __future__ import annotations

from collections.abc import Iterable

from chronicle.timeline.entry import TimelineEvent
from chronicle.timeline.merge import Entry


def as_entries(items: Iterable[Entry | TimelineEvent]) -> list[Entry]:
    """Entries as given; a bare TimelineEvent becomes a one-report entry."""
    return [item if isinstance(item, Entry) else Entry(events=(item,)) for item in items]


def source_label(event: TimelineEvent) -> str:
    """How an export names an event's source: the source, else the title, else the document id."""
    return event.source or event.title or f"document {event.document_id}"
