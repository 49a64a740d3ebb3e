"""The publication date a document states in its opening lines (its dateline), when it states one.

Deliberately strict: only a full date (day, month and year) counts, and only where a dateline sits:
at the start of one of the first lines (after an upper-case place name or a label such as
"Published:"), or alone on a short line. "On July 4, 1776, ..." opening a story is not a dateline.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

_HEAD_LINES = 4
_HEAD_CHARS = 400
_SHORT_LINE = 80
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DATES = [
    re.compile(r"(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})"
               r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\.\d+)?"
               r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2})?)?(?!\d)", re.IGNORECASE),
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"(?!\d)", re.IGNORECASE),
    re.compile(_WEEKDAY + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + r"(?!\d)", re.IGNORECASE),
]
# What may stand before a dateline date at the start of a line: a place in capitals ("WASHINGTON,"),
# a label ("Published:", "Updated on"), a byline ("By Jane Doe |").
_LEAD = re.compile(
    r"^\s*(?:[A-Z][A-Z .'’-]{1,40}(?:\([^)]{1,40}\))?\s*[,:–—-]\s*"
    r"|(?i:published|updated|posted|date|dated|first published)(?i:\s+on)?\s*:?\s*"
    r"|(?i:by)\s+[^|•·]{1,60}[|•·]\s*)?$"
)


def find_dateline(text: str) -> date | datetime | None:
    """The dateline's date (a datetime when it gives a time and zone), or None if there is none."""
    lines = [line for line in text[:_HEAD_CHARS].splitlines() if line.strip()][:_HEAD_LINES]
    for line in lines:
        for pattern in _DATES:
            for match in pattern.finditer(line):
                before = line[: match.start()]
                if len(line.strip()) > _SHORT_LINE and not _LEAD.match(before):
                    continue
                found = _to_datetime(match)
                if found is not None:
                    return found
    return None


def _to_datetime(match: re.Match[str]) -> date | datetime | None:
    parts = match.groupdict()
    month = parts["month"]
    month_number = int(month) if month.isdigit() else _MONTHS[month[:3].lower()]
    try:
        day = date(int(parts["year"]), month_number, int(parts["day"]))
        if parts.get("hour") and parts.get("zone"):
            return datetime(day.year, day.month, day.day, int(parts["hour"]), int(parts["minute"]),
                            int(parts["second"] or 0), tzinfo=_zone(parts["zone"]))
    except ValueError:
        return None
    return day


def _zone(text: str) -> timezone:
    if text.upper() == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
