"""The English phrase corpus and negative corpus (chronicle/temporal/resources/en/*.yaml)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from chronicle.temporal import extract

RESOURCES = Path(__file__).resolve().parents[2] / "chronicle" / "temporal" / "resources" / "en"
CORPUS = yaml.safe_load((RESOURCES / "corpus.yaml").read_text(encoding="utf-8"))
NEGATIVE = yaml.safe_load((RESOURCES / "negative.yaml").read_text(encoding="utf-8"))
NO_INTERVAL = ("DURATION", "SET")
REFS = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")


def _moment(value, zone):
    """A corpus endpoint: a date means midnight in the reference's zone."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=zone)
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


def _reference(value):
    if isinstance(value, (date, datetime)):
        return value
    return datetime.fromisoformat(str(value))


def interval_of_value(value: str) -> tuple[datetime, datetime]:
    """The calendar span a TIMEX3 value names, worked out here independently of the engine."""
    if m := re.fullmatch(r"(\d{4})", value):
        y = int(m[1])
        return datetime(y, 1, 1), datetime(y + 1, 1, 1)
    if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
        y, mo = int(m[1]), int(m[2])
        return datetime(y, mo, 1), datetime(y + mo // 12, mo % 12 + 1, 1)
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", value):
        start = datetime(int(m[1]), int(m[2]), int(m[3]))
        return start, start + timedelta(days=1)
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)", value):
        start = datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]))
        return start, start + timedelta(minutes=1)
    if m := re.fullmatch(r"(\d{4})-W(\d\d)", value):
        start = datetime.fromisocalendar(int(m[1]), int(m[2]), 1)
        return start, start + timedelta(days=7)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        y, q = int(m[1]), int(m[2])
        return datetime(y, 3 * q - 2, 1), (datetime(y, 3 * q + 1, 1) if q < 4 else datetime(y + 1, 1, 1))
    if m := re.fullmatch(r"(\d{4})-H([12])", value):
        y, h = int(m[1]), int(m[2])
        return datetime(y, 6 * h - 5, 1), (datetime(y, 7, 1) if h == 1 else datetime(y + 1, 1, 1))
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        y, first = int(m[1]), {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[m[2]]
        end = datetime(y, first + 3, 1) if first < 12 else datetime(y + 1, 3, 1)
        return datetime(y, first, 1), end
    if m := re.fullmatch(r"(\d{3})", value):
        y = int(m[1]) * 10
        return datetime(y, 1, 1), datetime(y + 10, 1, 1)
    if m := re.fullmatch(r"(\d{2})", value):
        y = int(m[1]) * 100
        return datetime(y, 1, 1), datetime(y + 100, 1, 1)
    raise AssertionError(f"the corpus must give the interval of {value!r} explicitly")


def _expected(case, zone):
    rows = []
    for item in case["expect"]:
        span, kind, value = str(item[0]), item[1], str(item[2])
        mod = item[3] if len(item) > 3 else None
        if len(item) > 4:
            interval = None if item[4] is None else (_moment(item[4][0], zone), _moment(item[4][1], zone))
        elif kind in NO_INTERVAL or value in REFS:
            interval = None
        else:
            assert mod not in ("START", "MID", "END"), f"{case['text']!r}: give the interval of {span!r}"
            start, end = interval_of_value(value)
            interval = (start.replace(tzinfo=zone), end.replace(tzinfo=zone))
        rows.append((span, kind, value, mod, interval))
    return rows


def _case_id(case) -> str:
    return case["text"][:60]


@pytest.mark.parametrize("case", CORPUS["cases"], ids=_case_id)
def test_corpus_phrase(case):
    reference = _reference(case.get("reference", CORPUS["reference"]))
    zone = reference.tzinfo if isinstance(reference, datetime) and reference.tzinfo else timezone.utc
    found = extract(case["text"], reference, prefer=case.get("prefer", "auto"))
    got = [
        (t.text, t.type, t.value, t.mod, (t.interval.start, t.interval.end) if t.interval else None)
        for t in found
    ]
    assert got == _expected(case, zone), [t.rule for t in found]


@pytest.mark.parametrize("case", NEGATIVE["cases"], ids=_case_id)
def test_negative_phrase(case):
    found = extract(case["text"], _reference(NEGATIVE["reference"]))
    assert found == [], f"{case['why']}: found {[(t.text, t.rule) for t in found]}"


def test_corpus_is_large_enough_to_specify_the_engine():
    phrases = sum(len(case["expect"]) for case in CORPUS["cases"])
    assert phrases >= 400, f"the corpus has {phrases} phrases"
    assert len(NEGATIVE["cases"]) >= 40, f"the negative corpus has {len(NEGATIVE['cases'])} texts"
