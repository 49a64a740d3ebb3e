"""Timeline filters as pure predicates; the store's SQL query implements the same semantics.

- collection, source, document_id: equal (source compared exactly).
- since/until: the event's interval overlaps [since, until) — start < until and end > since; an
  undated event never matches a date range.
- text: case-insensitive substring of the event text or its sentence.
- participant: case-insensitive substring of any participant ("biden" matches "Joe Biden").
- min_precision: the event's grain is this grain or finer (day keeps day, hour, minute, second).
- flagged: "include" (default) keeps all; "exclude" drops events flagged hypothetical, negated,
  conditional or future; "only" keeps just those.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, timezone

from chronicle.temporal.timex import GRAINS
from chronicle.timeline.entry import TimelineEvent

UNCERTAIN_FLAGS = ("hypothetical", "negated", "conditional", "future")
FLAGGED_CHOICES = ("include", "exclude", "only")


@dataclass(frozen=True, slots=True)
class TimelineFilter:
    """What a timeline query asks for; None means "any"."""

    collection: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    text: str | None = None
    participant: str | None = None
    source: str | None = None
    document_id: int | None = None
    min_precision: str | None = None
    flagged: str = "include"

    def __post_init__(self) -> None:
        if self.min_precision is not None and self.min_precision not in GRAINS:
            raise ValueError(f"min_precision must be one of {GRAINS}, got {self.min_precision!r}")
        if self.flagged not in FLAGGED_CHOICES:
            raise ValueError(f"flagged must be one of {FLAGGED_CHOICES}, got {self.flagged!r}")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                raise ValueError(f"{name} must be timezone-aware, got {value.isoformat()}")
        if self.since and self.until and not self.since < self.until:
            raise ValueError(f"since ({self.since.isoformat()}) must be before until ({self.until.isoformat()})")

    def matches(self, event: TimelineEvent) -> bool:
        """Whether `event` passes every condition."""
        return all(check(self, event) for check in _CHECKS)

    def apply(self, events: Iterable[TimelineEvent]) -> list[TimelineEvent]:
        """The events that pass, in their given order."""
        return [e for e in events if self.matches(e)]

    @classmethod
    def from_params(cls, params: Mapping[str, str | None]) -> TimelineFilter:
        """A filter from query-string values (API, CLI), with a clear error naming a bad field."""
        known = {f.name for f in fields(cls)}
        unknown = set(params) - known
        if unknown:
            raise ValueError(f"unknown filter(s) {sorted(unknown)}; known: {sorted(known)}")
        values: dict[str, object] = {}
        for name, raw in params.items():
            if raw is None or raw == "":
                continue
            if name in ("since", "until"):
                values[name] = parse_moment(name, raw)
            elif name == "document_id":
                try:
                    values[name] = int(raw)
                except ValueError:
                    raise ValueError(f"document_id must be an integer, got {raw!r}") from None
            else:
                values[name] = raw
        return cls(**values)


def parse_moment(name: str, raw: str) -> datetime:
    """An ISO date or datetime; a date means its midnight UTC, a naive datetime is taken as UTC."""
    try:
        moment = datetime.fromisoformat(raw) if "T" in raw or " " in raw.strip() else None
        if moment is None:
            day = date.fromisoformat(raw)
            moment = datetime(day.year, day.month, day.day)
    except ValueError:
        raise ValueError(f"{name} must be an ISO date (2024-05-21) or datetime, got {raw!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _collection(f: TimelineFilter, e: TimelineEvent) -> bool:
    return f.collection is None or e.collection == f.collection


def _dates(f: TimelineFilter, e: TimelineEvent) -> bool:
    if f.since is None and f.until is None:
        return True
    if e.start is None or e.end is None:
        return False
    return (f.until is None or e.start < f.until) and (f.since is None or e.end > f.since)


def _text(f: TimelineFilter, e: TimelineEvent) -> bool:
    if not f.text:
        return True
    needle = f.text.lower()
    return needle in e.text.lower() or needle in e.sentence.lower()


def _participant(f: TimelineFilter, e: TimelineEvent) -> bool:
    return not f.participant or any(f.participant.lower() in p.lower() for p in e.participants)


def _source(f: TimelineFilter, e: TimelineEvent) -> bool:
    return f.source is None or e.source == f.source


def _document(f: TimelineFilter, e: TimelineEvent) -> bool:
    return f.document_id is None or e.document_id == f.document_id


def _precision(f: TimelineFilter, e: TimelineEvent) -> bool:
    if f.min_precision is None:
        return True
    return e.grain in GRAINS and GRAINS.index(e.grain) <= GRAINS.index(f.min_precision)


def _flagged(f: TimelineFilter, e: TimelineEvent) -> bool:
    uncertain = any(flag in UNCERTAIN_FLAGS for flag in e.flags)
    return f.flagged == "include" or (f.flagged == "exclude") != uncertain


_CHECKS = (_collection, _dates, _text, _participant, _source, _document, _precision, _flagged)
