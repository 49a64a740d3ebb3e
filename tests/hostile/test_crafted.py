"""Time expressions crafted to leave the calendar (years 1 to 9999) are not dates, and raise nothing."""

from __future__ import annotations

from datetime import date

import pytest

from chronicle import pipeline
from chronicle.temporal import extract

REFERENCE = date(2000, 1, 1)


@pytest.mark.parametrize("phrase", ["480 decades ago", "30 centuries ago", "in 900 decades", "480 decades earlier"])
def test_an_offset_past_the_calendar_is_no_date(phrase: str) -> None:
    assert all(t.interval is None for t in extract(f"It happened {phrase}.", REFERENCE))  # a duration at most
    timexes, events = pipeline.analyse(f"It happened {phrase}, and again on Monday.", reference=REFERENCE)
    assert [t.text for t in timexes if t.interval is not None] == ["Monday"]  # the rest is read as usual
    assert [e.value for e in events] == ["1999-12-27"]


def test_an_offset_inside_the_calendar_still_resolves() -> None:
    [found] = extract("It happened 48 decades ago.", REFERENCE)
    assert (found.text, found.value) == ("48 decades ago", "1520")
