from datetime import datetime, timezone

import pytest

from chronicle.temporal import Interval, Timex

UTC = timezone.utc


def late_may() -> Timex:
    return Timex(
        start=3, end=11, text="late May", type="DATE", value="2024-05", mod="END",
        interval=Interval(datetime(2024, 5, 21, tzinfo=UTC), datetime(2024, 6, 1, tzinfo=UTC)),
        grain="month", rule="part_of_month",
    )


def test_json_round_trip_keeps_every_field():
    timex = late_may()
    data = timex.to_json()
    assert data["interval"] == {"start": "2024-05-21T00:00:00+00:00", "end": "2024-06-01T00:00:00+00:00"}
    assert Timex.from_json(data) == timex


def test_duration_has_no_interval_in_json():
    timex = Timex(start=0, end=9, text="two weeks", type="DURATION", value="P2W", rule="duration")
    assert timex.to_json()["interval"] is None


@pytest.mark.parametrize(
    "field, bad",
    [("type", "EVENT"), ("mod", "LATE"), ("grain", "fortnight")],
)
def test_unknown_attribute_values_are_rejected_by_name(field, bad):
    kwargs = dict(start=0, end=3, text="May", type="DATE", value="2024-05", rule="month")
    kwargs[field] = bad
    with pytest.raises(ValueError, match=f"Timex.{field}"):
        Timex(**kwargs)


def test_reversed_interval_is_rejected():
    may, june = datetime(2024, 5, 1, tzinfo=UTC), datetime(2024, 6, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="interval"):
        Timex(start=0, end=3, text="May", type="DATE", value="2024-05", interval=Interval(june, may))
