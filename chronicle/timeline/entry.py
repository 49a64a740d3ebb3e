"""One row of a timeline: an event with the time it hangs on and the document it came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """An event as timelines, exports and the page see it.

    `start`/`end` are the half-open interval of its time (None when undated); `position` orders events
    within their document; `timex_span` locates the time expression inside `sentence` (for
    highlighting), None when the event has no time expression of its own; `follows` is the id of the
    event an undated "later" event comes after.
    """

    id: int
    document_id: int
    start: datetime | None
    end: datetime | None
    grain: str | None
    value: str | None
    mod: str | None
    text: str
    sentence: str
    timex_text: str | None
    source: str | None
    title: str | None
    url: str | None = None
    published_at: datetime | None = None
    collection: str = "default"
    relation: str = "DURING"
    trigger: str | None = None
    participants: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    position: int = 0
    timex_span: tuple[int, int] | None = None
    follows: int | None = None  # id of the event this one comes after ("later"), when it has no date

    def to_json(self) -> dict[str, Any]:
        """The API's timeline event shape (the contract keys first, then the extras)."""
        return {
            "id": self.id,
            "document_id": self.document_id,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "grain": self.grain,
            "value": self.value,
            "mod": self.mod,
            "text": self.text,
            "sentence": self.sentence,
            "timex_text": self.timex_text,
            "source": self.source,
            "title": self.title,
            "url": self.url,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "collection": self.collection,
            "relation": self.relation,
            "trigger": self.trigger,
            "participants": list(self.participants),
            "flags": list(self.flags),
            "position": self.position,
            "timex_span": list(self.timex_span) if self.timex_span else None,
            "follows": self.follows,
        }
