"""Properties every extraction keeps, on generated texts mixing time words, numbers and noise."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.temporal import extract

PIECES = [
    "May", "may", "March", "Thursday", "last", "next", "week", "weeks", "ago", "the", "in", "late",
    "early", "mid-", "2024", "1990s", "'98", "3", "15:30", "p.m.", "a.m.", "noon", "Q3", "fiscal",
    "quarter", "third", "year", "years", "decade", "following", "day", "at the time", "then", "now",
    "$2024", "3-1", "1 in 5", "7/11/2024", "11.07.2024", "2009-2010", "May 3–5", "BC", "480", "every",
    "Monday", "night", "Christmas", "Easter", "spring", "fall", "the past", "few", "several", ",", ".",
    "–", "-", "(", ")", "'s", "about", "over", "nearly", "since", "until", "hours", "minutes", "FY23",
]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join)
REFERENCES = st.one_of(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31),
                 timezones=st.sampled_from([None, timezone.utc, timezone(timedelta(hours=-5))])),
)


@settings(max_examples=150, deadline=None)
@given(text=TEXTS, reference=REFERENCES, prefer=st.sampled_from(["auto", "past", "future"]))
def test_extraction_is_well_formed(text, reference, prefer):
    found = extract(text, reference, prefer=prefer)
    for timex in found:
        assert text[timex.start:timex.end] == timex.text and timex.text.strip() == timex.text
        assert timex.rule
        if timex.interval is not None:
            assert timex.interval.start.tzinfo is not None and timex.interval.start < timex.interval.end
            assert timex.grain is not None
        if timex.type in ("DURATION", "SET"):
            assert timex.interval is None
    for before, after in zip(found, found[1:]):
        assert before.end <= after.start


@settings(max_examples=50, deadline=None)
@given(text=TEXTS, reference=st.dates(min_value=date(1950, 1, 1), max_value=date(2050, 12, 31)))
def test_explicit_direction_words_ignore_prefer(text, reference):
    first_past = extract("Last Friday. " + text, reference, prefer="past")[0]
    first_future = extract("Last Friday. " + text, reference, prefer="future")[0]
    assert first_past.text == first_future.text == "Last Friday"
    assert first_past.value == first_future.value
    assert first_past.interval.end <= datetime(reference.year, reference.month, reference.day, tzinfo=timezone.utc)
