"""Small builders of TimelineEvents for timeline and format tests."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from itertools import count

from chronicle.events import extract
from chronicle.timeline import TimelineEvent
from chronicle.timeline.build import from_document
from tests.conftest import SEEDS
from tests.events import seedcheck

UTC = timezone.utc
_ids = count(1000)


def at(year: int, month: int = 1, day: int = 1) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


def event(text: str, start: datetime | None, end: datetime | None, *, document_id: int = 1, position: int = 0,
          grain: str | None = "day", value: str | None = None, mod: str | None = None,
          source: str | None = "wire", trigger: str | None = None, participants: tuple[str, ...] = (),
          flags: tuple[str, ...] = (), follows: int | None = None, id: int | None = None,
          collection: str = "default", sentence: str | None = None) -> TimelineEvent:
    return TimelineEvent(
        id=next(_ids) if id is None else id, document_id=document_id, start=start, end=end, grain=grain,
        value=value if value is not None else (start.date().isoformat() if start else None), mod=mod,
        text=text, sentence=sentence or text + ".", timex_text=None, source=source, title=f"doc {document_id}",
        published_at=at(2024, 7, 12), collection=collection, trigger=trigger or (text.split() + [None, None])[1],
        participants=participants, flags=flags, position=position, follows=follows,
    )


def seed_timeline() -> list[TimelineEvent]:
    """Every seed document's events (from its expected time expressions) as one collection's rows."""
    rows: list[TimelineEvent] = []
    for document_id, path in enumerate(sorted(SEEDS.glob("*.expected.yaml")), 1):
        text, published, expected = seedcheck.load(path)
        timexes = seedcheck.hand_timexes(text, expected)
        meta = json.loads((SEEDS / expected["document"].replace(".txt", ".json")).read_text(encoding="utf-8"))
        rows += from_document(
            extract(text, timexes, reference=published), timexes, document_id=document_id,
            source=meta["source"], title=meta["title"], first_id=len(rows) + 1,
            published_at=datetime(published.year, published.month, published.day, tzinfo=UTC),
        )
    return rows
