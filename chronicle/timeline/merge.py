"""Cross-document merge: one entry per event with all its sources; conflicting dates side by side."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from chronicle.timeline.display import display_date
from chronicle.timeline.entry import TimelineEvent
from chronicle.timeline.order import order, sort_key
from chronicle.timeline.similarity import conflicting, overlaps, same_event_score


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a timeline: an event as one or more sources report it.

    `events[0]` is the primary report (the most precise time, then the earliest published); the
    entry's time is its time. `conflicts` are reports of the same event that date it elsewhere.
    """

    events: tuple[TimelineEvent, ...]
    conflicts: tuple[TimelineEvent, ...] = ()

    @property
    def primary(self) -> TimelineEvent:
        """The report whose time and text the entry shows."""
        return self.events[0]

    @property
    def key(self) -> str:
        """A stable identifier: the smallest event id of the entry."""
        return f"e{min(e.id for e in self.events)}"

    @property
    def sources(self) -> tuple[str, ...]:
        """The distinct sources that report the event, in report order."""
        return tuple(dict.fromkeys(e.source or e.title or f"document {e.document_id}" for e in self.events))

    @property
    def display_date(self) -> str:
        """The primary report's time in words ("late May 2024"; "later" for an undated event that
        comes after another)."""
        p = self.primary
        if p.start is None and p.follows is not None:
            return "later"
        return display_date(p.value, p.mod, start=p.start, end=p.end, relation=p.relation)

    def to_json(self) -> dict[str, Any]:
        """The API's merged-timeline entry shape."""
        p = self.primary
        return {
            "key": self.key,
            "start": p.start.isoformat() if p.start else None,
            "end": p.end.isoformat() if p.end else None,
            "display_date": self.display_date,
            "text": p.text,
            "sources": list(self.sources),
            "events": [dict(e.to_json(), display_date=_shown_date(e)) for e in self.events],
            "conflicts": [
                dict(e.to_json(), display_date=display_date(e.value, e.mod, start=e.start, relation=e.relation))
                for e in self.conflicts
            ],
        }


def _shown_date(event: TimelineEvent) -> str:
    """One report's own time in words ("later" for an undated event that follows another)."""
    if event.start is None and event.follows is not None:
        return "later"
    return display_date(event.value, event.mod, start=event.start, end=event.end, relation=event.relation)


def _primary_key(event: TimelineEvent) -> tuple:
    span = (event.end - event.start).total_seconds() if event.start and event.end else float("inf")
    published = event.published_at.timestamp() if event.published_at else float("inf")
    return (span, published, event.document_id, event.id)


def merge(events: Iterable[TimelineEvent], *, merge: bool = True) -> list[Entry]:
    """Timeline entries in order: reports of one event from several documents with overlapping times
    merged (unless `merge` is False), and reports that date the same event differently linked as
    conflicts on both sides."""
    events = order(events)
    groups = _cluster(events) if merge else [[e] for e in events]
    groups = [sorted(g, key=_primary_key) for g in groups]
    owner = {e.id: i for i, g in enumerate(groups) for e in g}
    clashes: dict[int, set[int]] = {}
    for i, a in enumerate(events):
        for b in events[i + 1:]:
            ga, gb = owner[a.id], owner[b.id]
            if ga != gb and conflicting(a, b):
                clashes.setdefault(ga, set()).add(gb)
                clashes.setdefault(gb, set()).add(ga)
    entries = []
    for i, group in enumerate(groups):
        others = [e for j in sorted(clashes.get(i, ())) for e in groups[j]]
        entries.append(Entry(events=tuple(group), conflicts=tuple(others)))
    rank = {e.id: n for n, e in enumerate(order(g[0] for g in groups))}
    return sorted(entries, key=lambda entry: rank[entry.primary.id])


def _cluster(events: list[TimelineEvent]) -> list[list[TimelineEvent]]:
    """Greedy single-link clustering of same-event pairs, best pairs first; one report per document
    per cluster, and every pair inside a cluster must overlap in time."""
    pairs = []
    for i, a in enumerate(events):
        for b in events[i + 1:]:
            if overlaps(a, b):
                score = same_event_score(a, b)
                if score > 0:
                    pairs.append((score, a.id, b.id))
    cluster = {e.id: [e] for e in events}
    for _, ia, ib in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        ca, cb = cluster[ia], cluster[ib]
        if ca is cb:
            continue
        if {e.document_id for e in ca} & {e.document_id for e in cb}:
            continue
        if not all(overlaps(x, y) for x in ca for y in cb):
            continue
        ca.extend(cb)
        for e in cb:
            cluster[e.id] = ca
    groups, seen = [], set()
    for event in events:
        group = cluster[event.id]
        if id(group) not in seen:
            seen.add(id(group))
            groups.append(group)
    return groups


__all__ = ["Entry", "merge", "sort_key"]
