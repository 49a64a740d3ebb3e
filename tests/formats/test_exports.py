import csv
import io
import json

import icalendar
import pytest

from chronicle.formats import export
from chronicle.formats.csv import neutralise
from chronicle.formats.ics import uid
from chronicle.timeline import merge
from tests.timeline.factory import at, event, seed_timeline


@pytest.fixture(scope="module")
def entries():
    return merge(seed_timeline())


def test_json_round_trips_every_entry_with_sources_and_conflicts(entries):
    data = json.loads(export.render("json", entries, title="Ukraine strikes"))
    assert data["title"] == "Ukraine strikes" and data["count"] == len(entries) == len(data["entries"])
    first = data["entries"][0]
    assert {"key", "start", "end", "display_date", "text", "sources", "events", "conflicts"} <= set(first)
    clash = next(e for e in data["entries"] if e["conflicts"])
    assert clash["conflicts"][0]["display_date"] and clash["conflicts"][0]["source"]


def test_csv_parses_back_to_one_row_per_entry(entries):
    rows = list(csv.DictReader(io.StringIO(export.render("csv", entries))))
    assert len(rows) == len(entries)
    late_may = next(r for r in rows if r["display_date"] == "late May 2024")
    assert late_may["value"] == "2024-05" and late_may["mod"] == "END" and late_may["start"].startswith("2024-05-21")
    merged = next(r for r in rows if ";" in r["sources"])
    assert len(merged["event_ids"].split("; ")) == 2
    assert any("2024" in r["conflicts"] for r in rows)


@pytest.mark.parametrize("dangerous", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_can_never_start_a_formula(dangerous):
    evil = event(dangerous, at(2024, 5, 1), at(2024, 5, 2), participants=(dangerous,), source=dangerous,
                 sentence=dangerous)
    [row] = list(csv.DictReader(io.StringIO(export.render("csv", [evil]))))
    for column in ("text", "participants", "sources", "sentence"):
        assert row[column] == "'" + dangerous, column
    assert neutralise("plain") == "plain"


def test_ics_has_all_day_events_with_exclusive_ends_and_stable_unique_uids(entries):
    text = export.render("ics", entries, title="Ukraine strikes")
    calendar = icalendar.Calendar.from_ical(text)
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == sum(1 for e in entries if e.primary.start is not None)
    late_may = next(v for v in vevents if "permitting strikes" in str(v["SUMMARY"]))
    assert late_may.decoded("DTSTART").isoformat() == "2024-05-21"
    assert late_may.decoded("DTEND").isoformat() == "2024-06-01"  # exclusive: May 31 is the last day
    day = next(v for v in vevents if "signaled" in str(v["SUMMARY"]))
    assert (day.decoded("DTSTART").isoformat(), day.decoded("DTEND").isoformat()) == ("2024-07-11", "2024-07-12")
    uids = [str(v["UID"]) for v in vevents]
    assert len(set(uids)) == len(uids)
    assert export.render("ics", merge(seed_timeline())) == export.render("ics", entries)


def test_ics_uid_depends_on_the_event_not_on_its_database_id():
    a = event("Rebels seized the airport", at(2024, 5, 1), at(2024, 5, 2), id=1)
    b = event("Rebels seized the airport", at(2024, 5, 1), at(2024, 5, 2), id=99)
    c = event("Rebels left the airport", at(2024, 5, 1), at(2024, 5, 2), id=1, sentence="Rebels left.")
    assert uid(a) == uid(b) != uid(c)


def test_timelinejs_dates_hold_only_the_known_parts(entries):
    data = json.loads(export.render("timelinejs", entries, title="Ukraine <strikes>"))
    assert data["title"]["text"]["headline"] == "Ukraine &lt;strikes&gt;"
    late_may = next(e for e in data["events"] if e["display_date"] == "late May 2024")
    assert late_may["start_date"] == {"year": 2024, "month": 5} and "end_date" not in late_may
    thursday = next(e for e in data["events"] if e["display_date"] == "July 11, 2024" and "signaled" in e["text"]["headline"])
    assert thursday["start_date"] == {"year": 2024, "month": 7, "day": 11}
    assert thursday["group"] == "seed" and "Also dated July 10, 2024" in thursday["text"]["text"]
    october = next(e for e in data["events"] if e["display_date"] == "October 2024")
    assert october["start_date"] == {"year": 2024, "month": 10}
    quarter = json.loads(export.render("timelinejs", [event("A quarter", at(2024, 4), at(2024, 7), grain="quarter",
                                                            value="2024-Q2")]))["events"][0]
    assert quarter["start_date"] == {"year": 2024, "month": 4} and quarter["end_date"] == {"year": 2024, "month": 6}


def test_timelinejs_escapes_document_text():
    evil = event("<script>alert(1)</script> happened", at(2024, 5, 1), at(2024, 5, 2), source="<b>x</b>")
    data = json.loads(export.render("timelinejs", [evil]))
    assert "<script>" not in data["events"][0]["text"]["headline"]
    assert "&lt;b&gt;" in data["events"][0]["text"]["text"]


def test_unknown_format_is_a_clear_error():
    with pytest.raises(ValueError, match="format must be one of"):
        export.render("xlsx", [])
