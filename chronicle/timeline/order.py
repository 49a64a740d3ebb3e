"""Timeline order: by start; a coarser time before the finer times inside it; then document, position."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

from chronicle.timeline.entry import TimelineEvent

_NEVER = datetime.max.replace(tzinfo=timezone.utc)


def sort_key(event: TimelineEvent) -> tuple:
    """The key dated events sort by: start, longer span first, document, position, id (as the store's
    timeline query orders them)."""
    if event.start is None or event.end is None:
        return (_NEVER, 0.0, event.document_id, event.position, event.id)
    return (
        event.start,
        -(event.end - event.start).total_seconds(),
        event.document_id,
        event.position,
        event.id,
    )


def order(events: Iterable[TimelineEvent]) -> list[TimelineEvent]:
    """Events in timeline order; an undated event that follows another comes right after it (and after
    the events that follow that one first); other undated events go last, by document and position."""
    events = list(events)
    by_id = {e.id: e for e in events}
    followers: dict[int, list[TimelineEvent]] = {}
    roots = []
    for event in events:
        if event.start is None and event.follows in by_id and event.follows != event.id:
            followers.setdefault(event.follows, []).append(event)
        else:
            roots.append(event)
    result: list[TimelineEvent] = []
    seen: set[int] = set()

    def place(event: TimelineEvent) -> None:
        if event.id in seen:
            return
        seen.add(event.id)
        result.append(event)
        for follower in sorted(followers.get(event.id, []), key=lambda e: (e.document_id, e.position, e.id)):
            place(follower)

    for event in sorted(roots, key=sort_key):
        place(event)
    for event in events:  # followers of a chain that loops back on itself
        place(event)
    return result
