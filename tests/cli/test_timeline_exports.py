"""`chronicle timeline` with the merged view, every export format and the new filters."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import icalendar
import pytest

from tests.cli.test_service_commands import run
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("timeline")
    assert run(path, "ingest", str(SEEDS), "--collection", "ukraine-strikes").returncode == 0
    return path


def timeline(folder: Path, *args: str) -> str:
    result = run(folder, "timeline", "--collection", "ukraine-strikes", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_table_merges_sources_and_shows_the_conflict(folder: Path) -> None:
    table = timeline(folder)
    accusation = next(line for line in table.splitlines() if "Moscow accused" in line)
    assert "June 24, 2024" in accusation and "#4 seed (late June 2024)" in accusation
    assert "≠ dated July 11, 2024 by #4 seed" in table and "≠ dated July 10, 2024 by #1 Harbor Times" in table
    apart = timeline(folder, "--no-merge")
    assert apart.count("Moscow accused") == 2 and "late June 2024" in apart


def test_every_export_format_parses_back(folder: Path) -> None:
    entries = json.loads(timeline(folder, "--format", "json"))["entries"]
    rows = list(csv.DictReader(io.StringIO(timeline(folder, "--format", "csv"))))
    calendar = icalendar.Calendar.from_ical(timeline(folder, "--format", "ics"))
    slides = json.loads(timeline(folder, "--format", "timelinejs"))["events"]
    dated = [e for e in entries if e["start"]]
    assert len(entries) == len(rows) == len(dated) + 1 and any(e["display_date"] == "later" for e in entries)
    assert len(dated) == len(calendar.walk("VEVENT")) == len(slides) > 10
    assert [r["key"] for r in rows] == [e["key"] for e in entries]


def test_filters(folder: Path) -> None:
    biden = json.loads(timeline(folder, "--format", "json", "--participant", "BIDEN", "--no-merge"))["entries"]
    assert biden and all(any("Biden" in p for p in e["events"][0]["participants"]) for e in biden)
    future = json.loads(timeline(folder, "--format", "json", "--flagged", "only"))["entries"]
    assert [e["display_date"] for e in future] == ["October 2024"]
    months = json.loads(timeline(folder, "--format", "json", "--min-precision", "day", "--no-merge"))["entries"]
    assert months and all(e["events"][0]["grain"] == "day" for e in months)


@pytest.mark.parametrize("args, message", [
    (["--format", "xlsx"], "must be one of table, json, csv"), (["--min-precision", "fortnight"], "must be one of second"),
    (["--flagged", "maybe"], "must be one of include, exclude, only"),
])
def test_bad_options_are_named(folder: Path, args: list[str], message: str) -> None:
    result = run(folder, "timeline", *args)
    assert result.returncode != 0 and message in result.stderr
