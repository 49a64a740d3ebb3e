"""Native JSON export: every entry with all its reports and conflicts, nothing dropped."""

from __future__ import annotations

import json
from collections.abc import Iterable

from chronicle.formats.entries import as_entries
from chronicle.timeline.entry import TimelineEvent
from chronicle.timeline.merge import Entry

MEDIA_TYPE = "application/json"
EXTENSION = "json"


def render(items: Iterable[Entry | TimelineEvent], *, title: str | None = None) -> str:
    """The timeline as a JSON document: {"title", "count", "entries": [Entry.to_json(), ...]}."""
    entries = [entry.to_json() for entry in as_entries(items)]
    return json.dumps({"title": title, "count": len(entries), "entries": entries}, ensure_ascii=False, indent=2)
