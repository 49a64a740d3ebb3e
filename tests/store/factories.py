"""Small builders for store tests."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone

from chronicle.events.event import Event
from chronicle.store import NewDocument
from chronicle.temporal.timex import Interval, Timex

PUBLISHED = datetime(2024, 7, 12, tzinfo=UTC)


def new_doc(text: str, **fields: object) -> NewDocument:
    """A NewDocument whose hash is the sha256 of its text."""
    values: dict[str, object] = {
        "text": text, "content_hash": hashlib.sha256(text.encode()).hexdigest(),
        "published_at": PUBLISHED, "published_at_source": "given",
    }
    values.update(fields)
    return NewDocument(**values)  # type: ignore[arg-type]


def day(year: int, month: int, day_: int, tz: timezone = UTC) -> datetime:
    """Midnight of a day in `tz`."""
    return datetime(year, month, day_, tzinfo=tz)


def timex(text: str, start: int, value: str, interval: tuple[datetime, datetime] | None,
          grain: str | None = "day", mod: str | None = None) -> Timex:
    """A DATE timex at `start` in its text."""
    return Timex(start=start, end=start + len(text), text=text, type="DATE", value=value, mod=mod,
                 interval=Interval(*interval) if interval else None, grain=grain, rule="test_rule")


def event_on(sentence: str, sentence_start: int, index: int, tx: Timex, **fields: object) -> Event:
    """An event covering a sentence, hung on the timex at position `index`."""
    return Event(sentence_start=sentence_start, sentence_end=sentence_start + len(sentence),
                 sentence=sentence, text=sentence, timex=index, interval=tx.interval,
                 grain=tx.grain, value=tx.value, mod=tx.mod, rule="test_event", **fields)


EST = timezone(timedelta(hours=-5))
