"""TimelineJS export: its JSON format, with dates holding only the parts the text makes known."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from chronicle.formats.entries import as_entries, source_label
from chronicle.timeline.display import display_date
from chronicle.timeline.entry import TimelineEvent
from chronicle.timeline.merge import Entry

MEDIA_TYPE = "application/json"
EXTENSION = "timeline.json"
# How many date parts each grain makes known.
_PARTS = {"century": 1, "decade": 1, "year": 1, "half": 2, "season": 2, "quarter": 2, "month": 2,
          "week": 3, "day": 3, "hour": 4, "minute": 5, "second": 6}
_NAMES = ("year", "month", "day", "hour", "minute", "second")


def date_parts(moment: datetime, grain: str | None) -> dict[str, int]:
    """A TimelineJS date object with only the parts `grain` makes known (a day when unknown)."""
    values = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    count = _PARTS.get(grain or "day", 3)
    return dict(zip(_NAMES[:count], values[:count]))


def slide(entry: Entry) -> dict[str, Any] | None:
    """One TimelineJS event for a dated entry (None when undated)."""
    p = entry.primary
    if p.start is None or p.end is None:
        return None
    start = date_parts(p.start, p.grain)
    last = date_parts(p.end - timedelta(microseconds=1), p.grain)
    body = [f"<p>{html.escape(p.sentence)}</p>",
            "<p>Sources: " + ", ".join(html.escape(s) for s in entry.sources) + "</p>"]
    body += [f"<p>Also dated {html.escape(display_date(c.value, c.mod, start=c.start, relation=c.relation))}"
             f" by {html.escape(source_label(c))}</p>" for c in entry.conflicts]
    item: dict[str, Any] = {
        "unique_id": entry.key,
        "start_date": start,
        "display_date": entry.display_date,
        "text": {"headline": html.escape(p.text), "text": "".join(body)},
        "group": html.escape(source_label(p)),  # TimelineJS shows group labels as HTML
    }
    if last != start:
        item["end_date"] = last
    return item


def render(items: Iterable[Entry | TimelineEvent], *, title: str | None = None) -> str:
    """The timeline as a TimelineJS JSON document."""
    events = [s for s in (slide(entry) for entry in as_entries(items)) if s is not None]
    document: dict[str, Any] = {"events": events}
    if title:
        document["title"] = {"text": {"headline": html.escape(title), "text": ""}}
    return json.dumps(document, ensure_ascii=False, indent=2)
