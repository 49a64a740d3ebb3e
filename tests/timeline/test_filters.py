from datetime import datetime

import pytest

from chronicle.timeline import TimelineFilter
from tests.timeline.factory import at, event

MAY_30 = event("Biden authorized strikes", at(2024, 5, 30), at(2024, 5, 31), document_id=1, source="wire",
               participants=("Joe Biden", "Ukraine"), collection="ukraine")
LATE_JUNE = event("Moscow accused Kiev", at(2024, 6, 21), at(2024, 7, 1), grain="month", document_id=2,
                  source="seed", participants=("Moscow", "Kiev"), collection="ukraine",
                  sentence="In late June, Moscow accused Kiev of an ATACMS strike.")
FUTURE = event("Ministers will meet", at(2024, 10, 1), at(2024, 11, 1), grain="month", document_id=2,
               source="seed", flags=("future",), collection="ukraine")
OTHER = event("Floods hit the coast", at(2024, 5, 30), at(2024, 5, 31), collection="weather")
UNDATED = event("Officials later confirmed it", None, None, grain=None, collection="ukraine")
ALL = [MAY_30, LATE_JUNE, FUTURE, OTHER, UNDATED]


@pytest.mark.parametrize("params, expected", [
    ({"collection": "ukraine"}, [MAY_30, LATE_JUNE, FUTURE, UNDATED]),
    ({"since": "2024-06-30"}, [LATE_JUNE, FUTURE]),           # late June ends July 1: overlaps
    ({"until": "2024-06-21"}, [MAY_30, OTHER]),               # late June starts June 21: excluded
    ({"since": "2024-05-30", "until": "2024-05-31"}, [MAY_30, OTHER]),
    ({"text": "ATACMS"}, [LATE_JUNE]),                        # the sentence counts too
    ({"text": "moscow ACCUSED"}, [LATE_JUNE]),
    ({"participant": "biden"}, [MAY_30]),
    ({"source": "seed"}, [LATE_JUNE, FUTURE]),
    ({"document_id": "2"}, [LATE_JUNE, FUTURE]),
    ({"min_precision": "day"}, [MAY_30, OTHER]),
    ({"min_precision": "month"}, [MAY_30, LATE_JUNE, FUTURE, OTHER]),
    ({"flagged": "exclude"}, [MAY_30, LATE_JUNE, OTHER, UNDATED]),
    ({"flagged": "only"}, [FUTURE]),
    ({"collection": "ukraine", "flagged": "exclude", "min_precision": "month", "since": "2024-06-01"}, [LATE_JUNE]),
    ({"text": "", "source": None}, ALL),
])
def test_each_filter_keeps_what_it_says(params, expected):
    assert TimelineFilter.from_params(params).apply(ALL) == expected


@pytest.mark.parametrize("params, field", [
    ({"since": "late May"}, "since"), ({"min_precision": "fortnight"}, "min_precision"),
    ({"flagged": "maybe"}, "flagged"), ({"document_id": "seven"}, "document_id"),
    ({"colour": "red"}, "colour"), ({"since": "2024-06-02", "until": "2024-06-01"}, "since"),
])
def test_bad_filters_are_rejected_naming_the_field(params, field):
    with pytest.raises(ValueError, match=field):
        TimelineFilter.from_params(params)


def test_naive_datetimes_are_rejected_in_code_and_read_as_utc_from_strings():
    with pytest.raises(ValueError, match="timezone-aware"):
        TimelineFilter(since=datetime(2024, 5, 1))
    assert TimelineFilter.from_params({"since": "2024-05-01T12:00"}).since == at(2024, 5, 1).replace(hour=12)
