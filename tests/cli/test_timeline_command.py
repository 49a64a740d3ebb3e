"""`chronicle timeline`: the seed timeline as a table, every export format parsed back, the filters,
--output, bad options named, and the same bytes as the API for the same query."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import icalendar
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from chronicle.settings import load_settings
from tests.cli.test_service_commands import run
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder whose chronicle.db holds the seeds in the collection ukraine-strikes."""
    folder = tmp_path_factory.mktemp("timeline")
    result = run(folder, "ingest", str(SEEDS), "--collection", "ukraine-strikes")
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


def timeline(home: Path, *args: str):  # type: ignore[no-untyped-def]
    return run(home, "timeline", "--collection", "ukraine-strikes", *args)


def test_the_table_shows_the_seed_timeline_merged_with_conflicts(home: Path) -> None:
    result = timeline(home, "--source", "seed", "--no-merge")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    order = [next(i for i, line in enumerate(lines) if re.search(pattern, line))
             for pattern in (r"late May 2024\s+│ late May\s", r"late May 2024\s+│ at the time\s",
                             r"late June 2024\s+│ late June\s", r"July 11, 2024\s+│ Thursday\s")]
    assert order == sorted(order)
    merged = timeline(home).stdout
    assert re.search(r"ukraine-strikes: \d+ event\(s\) from \d+ reports", merged) and "#4 seed (late May 2024)" in merged
    assert "≠ dated July 10, 2024 by #1 Harbor Times (sample)" in merged


def test_every_format_parses_back_and_output_writes_a_file(home: Path) -> None:
    data = json.loads(timeline(home, "--format", "json").stdout)
    assert data["title"] == "ukraine-strikes" and data["count"] == len(data["entries"]) > 0
    rows = list(csv.DictReader(io.StringIO(timeline(home, "--format", "csv").stdout)))
    assert [r["key"] for r in rows] == [e["key"] for e in data["entries"]]
    calendar = icalendar.Calendar.from_ical(timeline(home, "--format", "ics").stdout)
    dated = [e for e in data["entries"] if e["start"] is not None]
    assert len(calendar.walk("VEVENT")) == len(dated) == data["count"] - 1  # and one undated "later" event
    out = home / "exports" / "strikes.timeline.json"
    out.parent.mkdir(exist_ok=True)
    result = timeline(home, "--format", "timelinejs", "--output", str(out))
    assert result.returncode == 0 and result.stdout == "" and f"to {out}" in result.stderr
    slides = json.loads(out.read_text(encoding="utf-8"))["events"]
    assert len(slides) == len(dated) and all("start_date" in s for s in slides)
    assert [p.name for p in out.parent.iterdir()] == ["strikes.timeline.json"]  # no temporary file left


def test_filters_narrow_and_match_the_api(home: Path) -> None:
    everything = json.loads(timeline(home, "--format", "json", "--no-merge").stdout)["count"]
    args = ["--from", "2024-05-01", "--to", "2024-07-01", "--participant", "biden", "--min-precision", "day",
            "--flagged", "exclude", "--source", "Meridian Wire (sample)", "--q", "authorized"]
    narrowed = timeline(home, "--format", "csv", "--no-merge", *args)
    rows = list(csv.DictReader(io.StringIO(narrowed.stdout)))
    assert 0 < len(rows) < everything
    assert all("authorized" in r["text"] + r["sentence"] and r["sources"] == "Meridian Wire (sample)" for r in rows)
    params = {"collection": "ukraine-strikes", "format": "csv", "merge": "false", "from": "2024-05-01",
              "to": "2024-07-01", "participant": "biden", "min_precision": "day", "flagged": "exclude",
              "source": "Meridian Wire (sample)", "q": "authorized"}
    settings = load_settings(database_url=f"sqlite:///{home / 'chronicle.db'}", broker_url=None)
    with TestClient(create_app(settings)) as client:
        # (the test reads the command's output with universal newlines, so CRLF arrives as LF)
        assert client.get("/timeline", params=params).text.replace("\r\n", "\n") == narrowed.stdout
    only_doc = json.loads(timeline(home, "--format", "json", "--document", "4", "--flagged", "only").stdout)
    assert all(r["document_id"] == 4 and r["flags"] for e in only_doc["entries"] for r in e["events"])


@pytest.mark.parametrize(("args", "named"), [
    (["--min-precision", "fortnight"], "--min-precision"), (["--from", "last May"], "--from"),
    (["--flagged", "maybe"], "--flagged"), (["--format", "pdf"], "--format"), (["--collection", "a b"], "--collection"),
    (["--limit", "2"], "--limit"),
])
def test_bad_options_are_named(home: Path, args: list[str], named: str) -> None:
    result = run(home, "timeline", *(["--collection", "ukraine-strikes"] if "--collection" not in args else []), *args)
    assert result.returncode == 2 and named in result.stderr, result.stderr
