"""Read a seed's expected.yaml and check extracted events against it (shared by the seed tests)."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import yaml

from chronicle.events import Event
from chronicle.temporal import Interval, Timex

UTC = timezone.utc


def load(expected_path: Path) -> tuple[str, date, dict]:
    """The seed's text, publication date and expectations."""
    expected = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
    text = (expected_path.parent / expected["document"]).read_text(encoding="utf-8")
    meta = json.loads((expected_path.parent / expected["document"].replace(".txt", ".json")).read_text())
    published = date.fromisoformat(str(meta["published_at"])[:10])
    assert published == expected["published_at"], "expected.yaml and the metadata disagree on the date"
    return text, published, expected


def _day(value) -> datetime:
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def hand_timexes(text: str, expected: dict) -> list[Timex]:
    """The expected time expressions as Timex objects, located in the text."""
    timexes = []
    for entry in expected["timeline"]:
        start = text.index(entry["timex"])
        grain = "day" if len(str(entry["value"])) == 10 else "month" if len(str(entry["value"])) == 7 else "year"
        timexes.append(Timex(
            start=start, end=start + len(entry["timex"]), text=entry["timex"], type="DATE",
            value=str(entry["value"]), mod=entry.get("mod"), grain=grain, rule="expected",
            interval=Interval(_day(entry["interval"][0]), _day(entry["interval"][1])),
        ))
    return sorted(timexes, key=lambda t: t.start)


def timeline_order(events: list[Event]) -> list[Event]:
    """Dated events by start, coarser first, then by position in the document."""
    dated = [e for e in events if e.interval is not None]
    return sorted(dated, key=lambda e: (e.interval.start, -(e.interval.end - e.interval.start), e.sentence_start))


def check(events: list[Event], expected: dict, timexes: list[Timex]) -> None:
    """Assert that `events` match the expectations, with readable messages."""
    wanted = list(expected["timeline"]) + list(expected.get("publication_date") or [])
    wanted.sort(key=lambda w: (_day(w["interval"][0]), -(_day(w["interval"][1]) - _day(w["interval"][0]))))
    got = timeline_order(events)
    cursor = 0
    for entry in wanted:
        match = next((k for k in range(cursor, len(got)) if entry["event"] in got[k].text), None)
        assert match is not None, f"no event {entry['event']!r} after position {cursor} in {[e.text for e in got]}"
        event = got[match]
        assert event.interval == Interval(_day(entry["interval"][0]), _day(entry["interval"][1])), event
        assert event.value == str(entry["value"]) and event.mod == entry.get("mod"), event
        if entry.get("timex"):
            assert timexes[event.timex].text == entry["timex"], event
        else:
            assert event.timex is None, event
        if "trigger" in entry:
            assert event.trigger == entry["trigger"], event
        if "flags" in entry:
            assert sorted(event.flags) == sorted(entry["flags"]), event
        missing = set(entry.get("participants", [])) - set(event.participants)
        assert not missing, f"{event.text!r} lacks participants {missing}: {event.participants}"
        cursor = match + 1
    for entry in expected.get("undated") or []:
        event = next((e for e in events if e.interval is None and entry["event"] in e.text), None)
        assert event is not None, f"no undated event {entry['event']!r}"
        assert event.trigger == entry.get("trigger", event.trigger)
        assert event.relation == entry.get("relation", event.relation)
        if "follows" in entry:
            assert event.follows is not None and entry["follows"] in events[event.follows].text, event
    if expected.get("exact"):
        listed = len(wanted) + len(expected.get("undated") or [])
        assert len(events) == listed, [f"{e.value} {e.text}" for e in events]
