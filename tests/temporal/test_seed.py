"""The seed article: its expected timeline (seeds/*.expected.yaml) and nothing spurious."""

from __future__ import annotations

from datetime import date, datetime, timezone

import yaml

from chronicle.temporal import extract
from tests.conftest import SEEDS

EXPECTED = yaml.safe_load((SEEDS / "us-strike-restrictions.expected.yaml").read_text(encoding="utf-8"))
TEXT = (SEEDS / EXPECTED["document"]).read_text(encoding="utf-8")


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def test_seed_article_yields_exactly_its_expected_times():
    found = extract(TEXT, EXPECTED["published_at"])
    got = [(t.text, t.value, t.mod, t.interval.start, t.interval.end) for t in found]
    ordered = sorted(EXPECTED["timeline"], key=lambda entry: TEXT.index(entry["timex"]))
    want = [
        (e["timex"], str(e["value"]), e["mod"], _midnight(e["interval"][0]), _midnight(e["interval"][1]))
        for e in ordered
    ]
    assert got == want


def test_seed_article_thursday_points_back_from_a_friday_publication():
    thursday = [t for t in extract(TEXT, date(2024, 7, 12)) if t.text == "Thursday"]
    assert [t.value for t in thursday] == ["2024-07-11"]
    assert thursday[0].rule == "weekday"
