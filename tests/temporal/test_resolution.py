"""Resolution: direction from tense and explicit words, the narrative anchor, calendar arithmetic."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from chronicle.temporal import calendar, extract
from chronicle.temporal.bc import before_common_era
from chronicle.temporal.holidays import easter, holiday_date
from chronicle.temporal.language import load
from chronicle.temporal.quantities import duration_value
from chronicle.temporal.tense import clause_tense

REF = date(2024, 7, 12)  # a Friday


def values(text, reference=REF, **kwargs):
    return [(t.text, t.value) for t in extract(text, reference, **kwargs)]


@pytest.mark.parametrize("text, tense", [
    ("Biden said on Thursday that", "past"),
    ("The ministers will meet on Thursday", "future"),
    ("They are going to vote on Thursday", "future"),
    ("He'll decide on Thursday", "future"),
    ("The market is open on Thursday", "present"),
    ("On Thursday", None),
])
def test_clause_tense_takes_the_nearest_marker(text, tense):
    start = text.index("Thursday")
    assert clause_tense(text, start, start + 8, load("en")) == tense


def test_the_nearest_marker_wins_over_a_farther_one():
    text = "He said the talks will resume on Thursday."
    start = text.index("Thursday")
    assert clause_tense(text, start, start + 8, load("en")) == "future"


def test_tense_does_not_cross_a_sentence_boundary():
    text = "The vote was close. On Thursday"
    start = text.index("Thursday")
    assert clause_tense(text, start, start + 8, load("en")) is None


def test_a_decimal_point_does_not_end_the_clause():
    # "$29.75": the full stop before a digit is no sentence end, so "rose" still dates December
    text = "The stock rose to $42.875 a share in June from $29.75 in December."
    assert values(text)[-1] == ("December", "2023-12")


@pytest.mark.parametrize("text, value", [
    ("The dividend would be paid on a still unspecified date in January.", "2025-01"),
    ("The proposed merger would close in January.", "2025-01"),
])
def test_a_past_form_after_a_determiner_is_an_adjective_not_a_tense(text, value):
    assert values(text) == [("January", value)]


@pytest.mark.parametrize("text", [
    "The assembly voted on the measure in October.",  # a noun in -ly is no adverb
    "The rally ended in October.",
    "The family owned the shop in October.",
    "These included talks in October.",  # a determiner that is the subject
    "Each received a payment in October.",
])
def test_a_past_verb_after_a_subject_is_a_tense(text):
    assert values(text) == [("October", "2023-10")]


def test_the_year_is_not_a_target_year_named_ahead():
    text = "The firm aims to double its share by 2027. It forecast higher profit for the full year."
    assert values(text) == [("2027", "2027"), ("the full year", "2024")]


def test_the_year_follows_a_past_story_year():
    text = "The firm was founded in 2015. Sales tripled during the year."
    assert values(text) == [("2015", "2015"), ("the year", "2015")]


def test_one_recent_year_in_news_does_not_move_a_later_month():
    text = "Smith joined the firm in 2019. He resigned in October, the company said."
    assert values(text) == [("2019", "2019"), ("October", "2023-10")]


def test_several_dated_times_years_back_set_a_story_in_their_year():
    text = "The plant opened in 2015. It expanded in 2016 and again in 2017. It closed in October."
    assert values(text)[-1] == ("October", "2017-10")


def test_one_date_a_generation_back_opens_a_history():
    text = "1936\n\nThe general was killed in a plane crash on 20 July. In October, the troops advanced."
    assert [value for _, value in values(text)] == ["1936", "1936-07-20", "1936-10"]


def test_a_year_qualifying_a_name_in_the_same_sentence_is_not_the_story_year():
    assert values("Acme Corp., founded in 1952, said its profit fell in October.") == [
        ("1952", "1952"), ("October", "2023-10")]
    assert values("Born in 1950, Smith joined the board in May.") == [("1950", "1950"), ("May", "2024-05")]


def test_a_weekday_on_the_reference_day_is_that_day():
    assert values("Stocks fell Friday.") == [("Friday", "2024-07-12")]
    assert values("Stocks will fall Friday.") == [("Friday", "2024-07-12")]


def test_explicit_words_beat_the_preference():
    assert values("They met last Friday.", prefer="future") == [("last Friday", "2024-07-05")]
    assert values("They meet next Friday.", prefer="past") == [("next Friday", "2024-07-19")]
    assert values("It ended two weeks ago.", prefer="future") == [("two weeks ago", "2024-W26")]


def test_last_month_name_is_the_latest_before_the_current_month():
    assert values("He resigned last May.") == [("last May", "2024-05")]
    assert values("He resigned last July.") == [("last July", "2023-07")]
    assert values("He will resign next July.") == [("next July", "2025-07")]


def test_a_bare_month_keeps_the_reference_year_unless_the_tense_points_away():
    assert values("The May figures") == [("May", "2024-05")]
    assert values("Exports rose in September.") == [("September", "2023-09")]
    assert values("Exports will rise in March.") == [("March", "2025-03")]


def test_anaphora_follow_the_latest_fitting_time_not_the_reference():
    text = "The siege began in 1941. On June 22, 1941, troops crossed. The next day the city fell."
    assert values(text)[-1] == ("The next day", "1941-06-23")


def test_an_anaphor_skips_anchors_too_coarse_for_it():
    text = "The war began on Sept. 1, 1939. It lasted until 1945. The following day was quiet."
    assert values(text)[-1] == ("The following day", "1939-09-02")


def test_at_the_time_without_an_anchor_is_past_ref():
    assert values("At the time, nobody knew.") == [("At the time", "PAST_REF")]


def test_a_year_ago_keeps_the_grain_of_a_compared_quarter():
    text = "Third-quarter profit rose 5% from a year ago."
    assert values(text, date(1989, 10, 25)) == [("Third-quarter", "1989-Q3"), ("a year ago", "1988-Q3")]


@pytest.mark.parametrize("amount, unit, value", [
    (2, "week", "P2W"), (90, "day", "P90D"), (1, "decade", "P10Y"), (5.5, "hour", "PT5H30M"),
    (2.5, "year", "P2Y6M"), ("X", "month", "PXM"), (1, "quarter", "P3M"), (1.5, "minute", "PT1M30S"),
    ("X", "decade", "PXDE"), (1, "weekend", "P2D"),
])
def test_duration_values(amount, unit, value):
    assert duration_value(amount, unit) == value


@pytest.mark.parametrize("grain, when, value, start, end", [
    ("week", datetime(2024, 12, 31), "2025-W01", datetime(2024, 12, 30), datetime(2025, 1, 6)),
    ("quarter", datetime(2024, 11, 5), "2024-Q4", datetime(2024, 10, 1), datetime(2025, 1, 1)),
    ("season", datetime(2024, 1, 15), "2023-WI", datetime(2023, 12, 1), datetime(2024, 3, 1)),
    ("decade", datetime(1995, 6, 1), "199", datetime(1990, 1, 1), datetime(2000, 1, 1)),
    ("century", datetime(2024, 1, 1), "20", datetime(2000, 1, 1), datetime(2100, 1, 1)),
])
def test_calendar_periods(grain, when, value, start, end):
    period = calendar.containing(grain, when)
    assert (period.value, period.start, period.end) == (value, start, end)


def test_parts_of_a_month_split_at_the_11th_and_21st():
    may = calendar.month(2024, 5)
    assert calendar.part(may, "START") == (datetime(2024, 5, 1), datetime(2024, 5, 11))
    assert calendar.part(may, "MID") == (datetime(2024, 5, 11), datetime(2024, 5, 21))
    assert calendar.part(may, "END") == (datetime(2024, 5, 21), datetime(2024, 6, 1))


def test_shifting_a_month_crosses_the_year():
    assert calendar.shift(calendar.month(2024, 1), -1).value == "2023-12"
    assert calendar.shift(calendar.quarter(2024, 4), 1).value == "2025-Q1"


@pytest.mark.parametrize("year, day", [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (1998, date(1998, 4, 12))])
def test_easter(year, day):
    assert easter(year) == day


@pytest.mark.parametrize("spec, year, day", [
    ("11/4/thu", 2024, date(2024, 11, 28)),   # Thanksgiving
    ("05/-1/mon", 2024, date(2024, 5, 27)),   # Memorial Day
    ("09/1/mon", 2024, date(2024, 9, 2)),     # Labor Day
    ("11/1/tue/2", 2024, date(2024, 11, 5)),  # Election Day
    ("11/4/thu+1", 2024, date(2024, 11, 29)),  # Black Friday, the day after Thanksgiving
    ("easter-2", 2024, date(2024, 3, 29)),    # Good Friday
    ("12-25", 1999, date(1999, 12, 25)),
])
def test_holiday_specs(spec, year, day):
    assert holiday_date(spec, year) == day


@pytest.mark.parametrize("slots, value, mod", [
    ({"bc_year": 480}, "BC0480", None),
    ({"bc_year": 480, "month": 4}, "BC0480-04", None),
    ({"bc_year": 480, "month": 8, "day": 1}, "BC0480-08-01", None),
    ({"bc_year": 481, "season": "FA", "part": "END"}, "BC0481-FA", "END"),
    ({"bc": "bc", "decade": 47}, "BC047", None),
    ({"bc": "bc", "century": 4, "part": "MID"}, "BC03", "MID"),
])
def test_a_date_before_the_common_era_has_a_value_and_no_interval(slots, value, mod):
    resolved = before_common_era(slots)
    assert (resolved.value, resolved.mod, resolved.start) == (value, mod, None)


def test_a_month_of_that_year_takes_the_year_of_the_story_not_the_reference():
    text = "The war began in 1918. In October of that year, and in May of the following year, it went on."
    assert values(text)[1:] == [("October of that year", "1918-10"), ("May of the following year", "1919-05")]


def test_a_bare_month_in_a_story_set_years_back_takes_the_story_year():
    text = "The war began in 1914. The Germans attacked in August, and in the spring the lines held."
    assert values(text) == [("1914", "1914"), ("August", "1914-08"), ("the spring", "1914-SP")]


def test_a_bare_month_stays_near_the_reference_once_the_story_mentions_its_own_days():
    text = "Profit was $5 million in 1985. On Tuesday the company said sales rose in March."
    assert values(text)[-1] == ("March", "2024-03")


def test_a_dateline_and_the_future_tense_keep_bare_dates_near_the_reference():
    text = ("WARSAW, July 12 -- Poland, invited in July 2019, signed the document on February 10. "
            "It will join on March 12.")
    assert values(text)[2:] == [("February 10", "2024-02-10"), ("March 12", "2025-03-12")]


def test_bare_months_whose_year_was_chosen_do_not_hold_a_story_near_the_reference():
    text = ("In September, the embargo began. In October, talks failed. The war began in 1939. "
            "In 1940 France fell. In November, Britain held.")
    assert values(text)[-1] == ("November", "1940-11")
