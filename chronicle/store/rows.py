"""Conversions between the core's values (Timex, Event) and table rows, both ways."""

from __future__ import annotations

import json
from datetime import tzinfo
from typing import Any

from chronicle.events.event import Event
from chronicle.store.models import EventRow, TimexRow
from chronicle.temporal.timex import Interval, Timex


def timex_row(document_id: int, position: int, timex: Timex) -> dict[str, Any]:
    """The `timexes` row for the `position`-th timex of a document."""
    return {
        "document_id": document_id, "position": position,
        "start_offset": timex.start, "end_offset": timex.end, "text": timex.text,
        "type": timex.type, "value": timex.value, "mod": timex.mod,
        "interval_start": timex.interval.start if timex.interval else None,
        "interval_end": timex.interval.end if timex.interval else None,
        "grain": timex.grain, "rule": timex.rule,
    }


def event_row(
    document_id: int, position: int, event: Event, *, collection: str, source: str | None
) -> dict[str, Any]:
    """The `events` row for the `position`-th event of a document."""
    return {
        "document_id": document_id, "collection": collection, "source": source,
        "position": position, "sentence_start": event.sentence_start,
        "sentence_end": event.sentence_end, "sentence": event.sentence, "text": event.text,
        "trigger": event.trigger, "timex_position": event.timex, "relation": event.relation,
        "interval_start": event.interval.start if event.interval else None,
        "interval_end": event.interval.end if event.interval else None,
        "grain": event.grain, "value": event.value, "mod": event.mod,
        "participants": list(event.participants), "flags": list(event.flags),
        "follows": event.follows, "rule": event.rule,
        # Whatever the extractor put in `extra` is kept as JSON; values JSON cannot hold become text.
        "extra": json.loads(json.dumps(event.extra, default=str)) if event.extra else {},
    }


def _interval(start: Any, end: Any, zone: tzinfo) -> Interval | None:
    if start is None or end is None:
        return None
    return Interval(start.astimezone(zone), end.astimezone(zone))


def timex_from_row(row: TimexRow, zone: tzinfo) -> Timex:
    """The Timex a row holds, its interval shown in the document's zone."""
    return Timex(
        start=row.start_offset, end=row.end_offset, text=row.text, type=row.type, value=row.value,
        mod=row.mod, interval=_interval(row.interval_start, row.interval_end, zone),
        grain=row.grain, rule=row.rule,
    )


def event_from_row(row: EventRow, zone: tzinfo) -> Event:
    """The Event a row holds, its interval shown in the document's zone."""
    return Event(
        sentence_start=row.sentence_start, sentence_end=row.sentence_end, sentence=row.sentence,
        text=row.text, trigger=row.trigger, timex=row.timex_position, relation=row.relation,
        interval=_interval(row.interval_start, row.interval_end, zone), grain=row.grain,
        value=row.value, mod=row.mod, participants=tuple(row.participants or ()),
        flags=tuple(row.flags or ()), follows=row.follows, rule=row.rule, extra=dict(row.extra or {}),
    )
