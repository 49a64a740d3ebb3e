"""`chronicle parse`: find and resolve the time expressions of a text, or of a JSON-lines stream."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from typing import Any, Optional

import typer

from chronicle.cli.app import app


def parse_reference(value: Any, where: str = "--reference") -> date | datetime:
    """An ISO-8601 date or datetime; a clear error naming `where` otherwise."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where} must be an ISO-8601 date or datetime such as 2024-07-12, got {value!r}")
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{where} must be an ISO-8601 date or datetime such as 2024-07-12, got {value!r}") from None


@app.command()
def parse(
    text: Optional[str] = typer.Argument(None, help="The text to read (omit with --jsonl)."),
    reference: Optional[str] = typer.Option(None, "--reference", "-r", help="Publication date, ISO-8601."),
    prefer: str = typer.Option("auto", "--prefer", help="auto, past or future: where bare dates point."),
    lang: str = typer.Option("en", "--lang", help="Language of the text."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list instead of a table."),
    jsonl: Optional[str] = typer.Option(
        None, "--jsonl", help='Read JSON lines {"text", "reference", "prefer"?, "lang"?} from FILE or - '
                              "(stdin); write one JSON list per line."),
) -> None:
    """Find every time expression in TEXT and resolve it against --reference."""
    from chronicle.temporal import extract

    if jsonl is not None:
        if text is not None:
            raise typer.BadParameter("give either TEXT or --jsonl, not both")
        _stream(jsonl, prefer, lang)
        return
    if text is None:
        raise typer.BadParameter("TEXT is required (or --jsonl FILE)")
    if reference is None:
        raise typer.BadParameter("--reference is required: the date the text was published, e.g. 2024-07-12")
    try:
        timexes = extract(text, parse_reference(reference), lang=lang, prefer=prefer)
    except (TypeError, ValueError) as error:
        raise typer.BadParameter(str(error)) from None
    if as_json:
        typer.echo(json.dumps([t.to_json() for t in timexes], ensure_ascii=False, indent=2))
    else:
        _table(timexes)


def _stream(path: str, prefer: str, lang: str) -> None:
    """One JSON list per input line, in order; stops at the first bad line, naming it."""
    from chronicle.temporal import extract

    handle = sys.stdin if path == "-" else _open(path)
    out = sys.stdout
    dumps = json.dumps
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise ValueError("each line must be a JSON object")
                if not isinstance(record.get("text"), str):
                    raise ValueError('"text" must be a string')
                found = extract(
                    record["text"], parse_reference(record.get("reference"), '"reference"'),
                    lang=record.get("lang", lang), prefer=record.get("prefer", prefer),
                )
            except (TypeError, ValueError) as error:  # json.JSONDecodeError is a ValueError
                out.flush()
                typer.echo(f"error: {path} line {number}: {error}", err=True)
                raise typer.Exit(code=2) from None
            out.write(dumps([t.to_json() for t in found], ensure_ascii=False))
            out.write("\n")


def _open(path: str):
    try:
        return open(path, encoding="utf-8")
    except OSError as error:
        raise typer.BadParameter(f"--jsonl {path}: {error.strerror}") from None


def _table(timexes: list) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("span", "text", "type", "value", "mod", "interval", "rule")
    for t in timexes:
        interval = f"{_short(t.interval.start)} .. {_short(t.interval.end)}" if t.interval else ""
        table.add_row(f"{t.start}-{t.end}", t.text, t.type, t.value, t.mod or "", interval, t.rule)
    Console().print(table)


def _short(moment: datetime) -> str:
    """2024-05-21 for a UTC midnight, the full ISO-8601 form otherwise."""
    if moment.utcoffset() is not None and not moment.utcoffset() and moment.time() == datetime.min.time():
        return moment.date().isoformat()
    return moment.isoformat()
