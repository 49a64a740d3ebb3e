"""`chronicle parse`: a table, a JSON list, and a JSON-lines stream with errors naming the line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from chronicle.cli import app

runner = CliRunner()


def test_parse_prints_a_json_list_of_timexes():
    result = runner.invoke(app, ["parse", "It ended in late May.", "--reference", "2024-07-12", "--json"])
    assert result.exit_code == 0, result.output
    (timex,) = json.loads(result.output)
    assert timex == {
        "start": 12, "end": 20, "text": "late May", "type": "DATE", "value": "2024-05", "mod": "END",
        "grain": "month", "interval": {"start": "2024-05-21T00:00:00+00:00", "end": "2024-06-01T00:00:00+00:00"},
        "rule": "month",
    }


def test_parse_prints_a_table_by_default():
    result = runner.invoke(app, ["parse", "Biden spoke on Thursday.", "--reference", "2024-07-12"])
    assert result.exit_code == 0, result.output
    assert "2024-07-11" in result.output and "Thursday" in result.output


def test_prefer_changes_the_direction():
    result = runner.invoke(app, ["parse", "on Thursday", "-r", "2024-07-12", "--prefer", "future", "--json"])
    assert json.loads(result.output)[0]["value"] == "2024-07-18"


def test_a_missing_reference_is_an_error_naming_it():
    result = runner.invoke(app, ["parse", "late May"])
    assert result.exit_code != 0
    assert "--reference" in result.output


def test_a_bad_reference_is_an_error_naming_it():
    result = runner.invoke(app, ["parse", "late May", "--reference", "2024-13-40"])
    assert result.exit_code != 0
    assert "--reference" in result.output


def test_jsonl_writes_one_list_per_line_in_order(tmp_path):
    lines = [
        {"text": "yesterday", "reference": "2024-07-12"},
        {"text": "nothing here", "reference": "2024-07-12"},
        {"text": "on Thursday", "reference": "2024-07-12", "prefer": "future"},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["parse", "--jsonl", str(source)])
    assert result.exit_code == 0, result.output
    outputs = [json.loads(line) for line in result.output.splitlines()]
    assert [[t["value"] for t in found] for found in outputs] == [["2024-07-11"], [], ["2024-07-18"]]


def test_jsonl_reads_stdin():
    result = runner.invoke(app, ["parse", "--jsonl", "-"], input='{"text": "today", "reference": "2024-07-12"}\n')
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["value"] == "2024-07-12"


def test_jsonl_names_the_bad_line():
    stream = '{"text": "today", "reference": "2024-07-12"}\n{"text": "today"}\n'
    result = runner.invoke(app, ["parse", "--jsonl", "-"], input=stream)
    assert result.exit_code == 2
    assert "line 2" in result.output and "reference" in result.output


def test_jsonl_rejects_invalid_json_by_line():
    result = runner.invoke(app, ["parse", "--jsonl", "-"], input="{not json\n")
    assert result.exit_code == 2
    assert "line 1" in result.output
