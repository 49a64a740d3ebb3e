"""Timeline rows straight from one document's extraction results, without a store (tests, previews)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from chronicle.events.event import Event
from chronicle.temporal.timex import Timex
from chronicle.timeline.entry import TimelineEvent


def from_document(events: Sequence[Event], timexes: Sequence[Timex], *, document_id: int,
                  source: str | None, title: str | None, published_at: datetime | None = None,
                  url: str | None = None, collection: str = "default", first_id: int = 1) -> list[TimelineEvent]:
    """One TimelineEvent per event, ids counted from `first_id`, as the store's query would return them."""
    rows = []
    for position, event in enumerate(events):
        timex = timexes[event.timex] if event.timex is not None else None
        interval = event.interval
        rows.append(TimelineEvent(
            id=first_id + position, document_id=document_id,
            start=interval.start if interval else None, end=interval.end if interval else None,
            grain=event.grain, value=event.value, mod=event.mod, text=event.text, sentence=event.sentence,
            timex_text=timex.text if timex else None, source=source, title=title, url=url,
            published_at=published_at, collection=collection, relation=event.relation,
            trigger=event.trigger, participants=tuple(event.participants), flags=tuple(event.flags),
            position=position,
            timex_span=(timex.start - event.sentence_start, timex.end - event.sentence_start) if timex else None,
            follows=first_id + event.follows if event.follows is not None else None,
        ))
    return rows
