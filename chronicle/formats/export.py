"""The timeline export formats by name, for the API's ?format= and the CLI's --format."""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType

from chronicle.formats import csv, ics, json, timelinejs
from chronicle.timeline.entry import TimelineEvent
from chronicle.timeline.merge import Entry

FORMATS: dict[str, ModuleType] = {"json": json, "csv": csv, "ics": ics, "timelinejs": timelinejs}


def exporter(name: str) -> ModuleType:
    """The module of export format `name` (render, MEDIA_TYPE, EXTENSION), or a clear error."""
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"format must be one of {sorted(FORMATS)}, got {name!r}") from None


def render(name: str, items: Iterable[Entry | TimelineEvent], *, title: str | None = None) -> str:
    """The timeline in export format `name`."""
    return exporter(name).render(items, title=title)
