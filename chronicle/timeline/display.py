"""Human-readable dates for timeline entries: "late May 2024", "May 30, 2024", "week of May 27, 2024"."""

from __future__ import annotations

import re
from datetime import date, datetime

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_MOD_WORDS = {"START": "early {}", "MID": "mid-{}", "END": "late {}", "APPROX": "about {}",
              "BEFORE": "before {}", "AFTER": "after {}", "ON_OR_BEFORE": "by {}", "ON_OR_AFTER": "from {}",
              "LESS_THAN": "less than {}", "MORE_THAN": "more than {}"}
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_HALVES = {"H1": "first half of", "H2": "second half of"}


def _day(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def describe_value(value: str | None) -> str | None:
    """A TIMEX3 calendar value in words, or None when it is not one this knows."""
    if not value:
        return None
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}).*)?", value):
        text = _day(date(int(m[1]), int(m[2]), int(m[3])))
        return f"{text}, {m[4]}:{m[5]}" if m[4] else text
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        return f"{MONTHS[int(m[2]) - 1]} {m[1]}"
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        return f"week of {_day(date.fromisocalendar(int(m[1]), int(m[2]), 1))}"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        return f"Q{m[2]} {m[1]}"
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        return f"{_SEASONS[m[2]]} {m[1]}"
    if m := re.fullmatch(r"(\d{4})-(H[12])", value):
        return f"{_HALVES[m[2]]} {m[1]}"
    if re.fullmatch(r"\d{4}", value):
        return value
    if re.fullmatch(r"\d{3}", value):
        return f"the {value}0s"
    return None


def display_date(value: str | None, mod: str | None = None, *, start: datetime | None = None,
                 end: datetime | None = None, relation: str = "DURING") -> str:
    """How a timeline shows an event's time: its TIMEX3 value in words, shaded by mod and relation;
    falls back to the interval's first day, or "undated"."""
    text = describe_value(value)
    if text is None:
        text = _day(start.date()) if start is not None else None
    if text is None:
        return "undated"
    if mod in _MOD_WORDS:
        text = _MOD_WORDS[mod].format(text)
    if relation == "BEFORE":
        text = f"before {text}"
    elif relation == "AFTER":
        text = f"after {text}"
    return text
