"""iCalendar export (RFC 5545 via icalendar): one all-day VEVENT per dated entry."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone

from icalendar import Calendar
from icalendar import Event as VEvent

from chronicle.formats.entries import as_entries, source_label
from chronicle.timeline.display import display_date
from chronicle.timeline.entry import TimelineEvent
from chronicle.timeline.merge import Entry

MEDIA_TYPE = "text/calendar; charset=utf-8"
EXTENSION = "ics"
PRODID = "-//chronicle//timeline export//EN"
UID_DOMAIN = "chronicle.timeline"


def uid(event: TimelineEvent) -> str:
    """A UID that stays the same for the same event across exports and re-ingestion: a hash of where
    it was reported (source, title, publication day) and what the sentence, time and trigger say."""
    published = event.published_at.date().isoformat() if event.published_at else ""
    key = "\x1f".join((event.source or "", event.title or "", published, event.sentence,
                       event.timex_text or "", event.value or "", event.trigger or ""))
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@{UID_DOMAIN}"


def all_day_span(start: datetime, end: datetime) -> tuple[date, date]:
    """The days an interval touches, as DTSTART and an exclusive DTEND (at least one day)."""
    first = start.date()
    last = end.date() if end.timetz().replace(tzinfo=None) == time(0) else end.date() + timedelta(days=1)
    return first, max(last, first + timedelta(days=1))


def _description(entry: Entry) -> str:
    p = entry.primary
    lines = [p.sentence, "", f"When: {entry.display_date}", "Sources: " + ", ".join(entry.sources)]
    lines += [f"Also dated {display_date(c.value, c.mod, start=c.start, relation=c.relation)} by {source_label(c)}"
              for c in entry.conflicts]
    if p.flags:
        lines.append("Flags: " + ", ".join(p.flags))
    return "\n".join(lines)


def render(items: Iterable[Entry | TimelineEvent], *, title: str | None = None) -> str:
    """The dated entries as an iCalendar document (undated entries have no place in a calendar)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if title:
        calendar.add("x-wr-calname", title)
    for entry in as_entries(items):
        p = entry.primary
        if p.start is None or p.end is None:
            continue
        first, after_last = all_day_span(p.start, p.end)
        vevent = VEvent()
        vevent.add("uid", uid(p))
        # DTSTAMP from the report, not the clock, so the same timeline exports to the same bytes.
        stamp = p.published_at or datetime.combine(first, time(0), tzinfo=timezone.utc)
        vevent.add("dtstamp", stamp.astimezone(timezone.utc))
        vevent.add("dtstart", first)
        vevent.add("dtend", after_last)
        vevent.add("summary", p.text)
        vevent.add("description", _description(entry))
        if p.url and p.url.lower().startswith(("http://", "https://")):  # calendar apps make URLs clickable
            vevent.add("url", p.url)
        if p.flags:
            vevent.add("categories", list(p.flags))
        calendar.add_component(vevent)
    return calendar.to_ical().decode("utf-8")
