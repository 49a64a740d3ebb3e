import pytest

from chronicle.timeline import display_date
from tests.timeline.factory import at


@pytest.mark.parametrize("value, mod, relation, text", [
    ("2024-05", "END", "DURING", "late May 2024"),
    ("2024-05", "START", "DURING", "early May 2024"),
    ("2024-05", "MID", "DURING", "mid-May 2024"),
    ("2024-07-11", None, "DURING", "July 11, 2024"),
    ("2024-07-11T14:30", None, "DURING", "July 11, 2024, 14:30"),
    ("2024-W22", None, "DURING", "week of May 27, 2024"),
    ("2024-Q2", None, "DURING", "Q2 2024"),
    ("2024-SU", None, "DURING", "summer 2024"),
    ("2024-H1", None, "DURING", "first half of 2024"),
    ("2014", None, "AFTER", "after 2014"),
    ("2024", "APPROX", "BEFORE", "before about 2024"),
    ("201", None, "DURING", "the 2010s"),
])
def test_values_read_as_people_write_dates(value, mod, relation, text):
    assert display_date(value, mod, relation=relation) == text


def test_unknown_values_fall_back_to_the_first_day_or_undated():
    assert display_date("PRESENT_REF", start=at(2024, 7, 12)) == "July 12, 2024"
    assert display_date(None) == "undated"
