"""The service commands, run as a user runs them: `chronicle ...` in a fresh process, embedded default."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS

CHRONICLE = str(Path(sys.executable).with_name("chronicle"))


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`chronicle <args>` in tmp_path, against tmp_path/chronicle.db unless env says otherwise."""
    base = {key: value for key, value in os.environ.items() if not key.startswith("CHRONICLE_")}
    return subprocess.run([CHRONICLE, *args], capture_output=True, text=True, cwd=tmp_path, timeout=300,
                          env={**base, "COLUMNS": "200", **env})


def test_ingest_seeds_then_timeline(tmp_path: Path) -> None:
    first = run(tmp_path, "ingest", str(SEEDS), "--collection", "ukraine-strikes")
    assert first.returncode == 0, first.stderr
    seeds = len(list(SEEDS.glob("*.txt")))
    assert f"{seeds} submitted (processed), 0 duplicate(s) skipped, 0 failed" in first.stdout
    assert (tmp_path / "chronicle.db").exists()  # the embedded default: a SQLite file right here
    again = run(tmp_path, "ingest", str(SEEDS), "--collection", "ukraine-strikes")
    assert f"0 submitted (processed), {seeds} duplicate(s) skipped, 0 failed" in again.stdout
    table = run(tmp_path, "timeline", "--collection", "ukraine-strikes")
    assert table.returncode == 0 and "late May 2024" in table.stdout and "late June 2024" in table.stdout
    listing = run(tmp_path, "timeline", "--collection", "ukraine-strikes", "--format", "json", "--q", "Biden signaled")
    events = [event for entry in json.loads(listing.stdout)["entries"] for event in entry["events"]]
    assert [(e["start"][:10], e["timex_text"]) for e in events] == [("2024-07-11", "Thursday")]


def test_ingest_reads_every_kind_of_file_and_reports_failures(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("The talks began on Monday.", encoding="utf-8")
    (docs / "a.json").write_text(json.dumps({"title": "A", "published_at": "2024-07-12", "source": "wire"}))
    (docs / "b.md").write_text("---\ntitle: B\npublished_at: 2024-07-12\n---\nThe vote came on Tuesday.\n")
    (docs / "c.jsonl").write_text('{"text": "The strike hit on Wednesday.", "published_at": "2024-07-12"}\n\n'
                                  'not json\n{"text": "Troops withdrew in late May."}\n')
    (docs / "d.json").write_text(json.dumps([{"text": "Three.", "colour": "red"}, {"text": "Prices rose in June."}]))
    (docs / "e.txt").write_bytes(b"caf\xe9")
    (docs / "f.txt").write_text("   \n")
    result = run(tmp_path, "ingest", str(docs))
    assert result.returncode == 1
    assert "5 submitted (processed), 0 duplicate(s) skipped, 4 failed" in result.stdout
    assert "c.jsonl:3: is not valid JSON" in result.stdout
    assert "d.json[0]: colour: Extra inputs are not permitted" in result.stdout
    assert "e.txt: is not valid UTF-8 (byte 3)" in result.stdout
    assert "f.txt: text: must not be empty or only white space" in result.stdout
    entries = json.loads(run(tmp_path, "timeline", "--format", "json", "--no-merge").stdout)["entries"]
    listing = [event for entry in entries for event in entry["events"]]
    assert {e["timex_text"] for e in listing} >= {"Monday", "Tuesday", "Wednesday", "late May"}
    assert {e["title"] for e in listing if e["timex_text"] in ("Monday", "Tuesday")} == {"A", "B"}


def test_db_commands_and_requeue(tmp_path: Path) -> None:
    upgraded = run(tmp_path, "db", "upgrade")
    assert upgraded.returncode == 0 and "schema at revision" in upgraded.stdout
    current = run(tmp_path, "db", "current")
    revision = upgraded.stdout.strip().rsplit(" ", 1)[1]
    assert f"at {revision}; newest {revision}" in current.stdout
    (tmp_path / "long.txt").write_text("It rained on Monday, and again on Tuesday. " * 20_000)
    slow = {"CHRONICLE_SOFT_TIME_LIMIT": "0.01"}  # far less than that text takes
    ingested = run(tmp_path, "ingest", "long.txt", **slow)
    assert "1 failed" in ingested.stdout and "soft time limit of 0.01s" in ingested.stdout
    requeued = run(tmp_path, "requeue", "--failed", **slow)
    assert requeued.returncode == 0 and "1 document(s) sent again" in requeued.stdout
    assert "0 document(s) queued" in run(tmp_path, "reprocess").stdout


@pytest.mark.parametrize(("env", "args", "message"), [
    ({"CHRONICLE_DATABASE_URL": "mysql://nope"}, ["timeline"], "CHRONICLE_DATABASE_URL: must look like"),
    ({"CHRONICLE_MAX_TEXT_BYTES": "lots"}, ["ingest", "."], "CHRONICLE_MAX_TEXT_BYTES"),
    ({}, ["worker"], "a worker needs CHRONICLE_BROKER_URL"),
])
def test_bad_configuration_stops_at_start(tmp_path: Path, env: dict[str, str], args: list[str], message: str) -> None:
    result = run(tmp_path, *args, **env)
    assert result.returncode == 2 and message in result.stderr


def test_missing_path_is_named(tmp_path: Path) -> None:
    result = run(tmp_path, "ingest", "no-such-folder")
    assert result.returncode == 2 and "no-such-folder: no such file or folder" in result.stderr
