"""The public contract of `chronicle.temporal.extract`: arguments, zones, order, errors."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from chronicle.temporal import Timex, extract

REF = date(2024, 7, 12)


def test_reference_is_required_and_named_in_the_error():
    with pytest.raises(TypeError, match="reference"):
        extract("late May", None)


@pytest.mark.parametrize("bad", ["2024-07-12", 20240712, 1.5])
def test_reference_of_the_wrong_type_is_rejected_by_name(bad):
    with pytest.raises(TypeError, match="reference"):
        extract("late May", bad)


def test_unknown_prefer_is_rejected_by_name():
    with pytest.raises(ValueError, match="prefer"):
        extract("late May", REF, prefer="sideways")


def test_unknown_lang_is_rejected_by_name():
    with pytest.raises(ValueError, match="lang"):
        extract("late May", REF, lang="xx")


def test_text_must_be_a_string():
    with pytest.raises(TypeError, match="text"):
        extract(b"late May", REF)


def test_a_date_reference_is_taken_as_utc():
    (timex,) = extract("It rained yesterday.", REF)
    assert timex.interval.start == datetime(2024, 7, 11, tzinfo=timezone.utc)


def test_a_naive_datetime_reference_is_taken_as_utc():
    (timex,) = extract("It rained yesterday.", datetime(2024, 7, 12, 23, 30))
    assert timex.interval.start.utcoffset() == timedelta(0)


def test_an_aware_reference_keeps_its_zone():
    paris = ZoneInfo("Europe/Paris")
    (timex,) = extract("It rained yesterday.", datetime(2024, 7, 12, 1, 0, tzinfo=paris))
    assert timex.value == "2024-07-11"
    assert timex.interval.start == datetime(2024, 7, 11, tzinfo=paris)
    assert timex.interval.start.utcoffset() == timedelta(hours=2)


def test_results_are_sorted_non_overlapping_and_point_into_the_text():
    text = ("On March 3, 2021 the rebels attacked; two weeks later, in late March, they withdrew. "
            "Talks resume next Tuesday at 3 p.m. and last several months.")
    found = extract(text, REF)
    assert len(found) >= 5
    for timex in found:
        assert text[timex.start:timex.end] == timex.text
        assert isinstance(timex, Timex) and timex.rule
    for before, after in zip(found, found[1:]):
        assert before.end <= after.start


def test_every_calendar_value_has_an_aware_half_open_interval():
    text = "In late May 2024, on Thursday, during 2023 and the second quarter, at noon."
    for timex in extract(text, REF):
        assert timex.interval is not None, timex
        assert timex.interval.start.tzinfo is not None
        assert timex.interval.start < timex.interval.end
        assert timex.grain


def test_durations_sets_and_generic_references_have_no_interval():
    found = extract("For two weeks, daily, until now.", REF)
    assert [(t.type, t.value, t.interval) for t in found] == [
        ("DURATION", "P2W", None), ("SET", "P1D", None), ("DATE", "PRESENT_REF", None),
    ]


def test_the_empty_text_has_no_expressions():
    assert extract("", REF) == []


def test_the_same_call_gives_the_same_answer():
    text = "He left in May and will return next spring."
    assert extract(text, REF) == extract(text, REF)
