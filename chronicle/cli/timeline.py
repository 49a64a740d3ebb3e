"""`chronicle timeline`: a collection's timeline, filtered and merged as the API does, printed as a
table or written in an export format."""

from __future__ import annotations

from pathlib import Path

import typer

from chronicle.cli.app import app

FORMATS = ("table", "json", "csv", "ics", "timelinejs")


@app.command()
def timeline(
    collection: str = typer.Option("default", "--collection", "-c", help="Which timeline."),
    since: str | None = typer.Option(None, "--from", help="Events ending after this ISO date or date-time."),
    until: str | None = typer.Option(None, "--to", help="Events starting before this ISO date or date-time."),
    q: str | None = typer.Option(None, "--q", help="Words the event text or its sentence contains."),
    participant: str | None = typer.Option(None, "--participant", help="Part of a participant's name (any case)."),
    source: str | None = typer.Option(None, "--source", help="Only events from this source (exact)."),
    document: int | None = typer.Option(None, "--document", min=1, help="Only events of this document id."),
    min_precision: str | None = typer.Option(None, "--min-precision",
                                             help="Only events dated this precisely or finer: day, week, month, "
                                                  "quarter, year, ..."),
    flagged: str = typer.Option("include", "--flagged", help="Hypothetical, negated, conditional and future "
                                                             "events: include, exclude or only."),
    merge: bool = typer.Option(True, "--merge/--no-merge", help="One entry per event reported by several "
                                                               "documents, with all its sources."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, json, csv, ics or timelinejs."),
    output: Path | None = typer.Option(None, "--output", "-o", dir_okay=False,
                                       help="Write to this file instead of the terminal."),
    limit: int | None = typer.Option(None, "--limit", min=1, max=10_000_000,
                                     help="Refuse when more events match (default CHRONICLE_EXPORT_MAX_EVENTS)."),
) -> None:
    """Print a collection's timeline in time order, or export it (the same filters as GET /timeline)."""
    from chronicle.cli.service import _open, _settings
    from chronicle.cli.timeline_view import table_text, write_output
    from chronicle.exports import QueryError, TooManyEvents, export, parse_query, read_entries

    if fmt not in FORMATS:
        raise typer.BadParameter(f"must be one of {', '.join(FORMATS)}, got {fmt!r}", param_hint="--format")
    try:
        query = parse_query(collection=collection, since=since, until=until, q=q, participant=participant,
                            source=source, document=document, min_precision=min_precision, flagged=flagged,
                            merge=merge)
    except QueryError as error:
        raise typer.BadParameter(error.message, param_hint=f"--{error.name.replace('_', '-')}") from None
    settings = _settings()
    db, _ = _open(settings)
    try:
        entries = read_entries(db, query, max_events=limit or settings.export_max_events)
    except TooManyEvents as error:
        raise typer.BadParameter(str(error), param_hint="--limit") from None
    if fmt == "table":
        text = table_text(entries, query, width=None if output is None else 120)
    else:
        text = export(entries, query, fmt).body
    if output is None:
        typer.echo(text, nl=not text.endswith("\n"))
    else:
        write_output(output, text)
        typer.echo(f"wrote {len(entries)} entr{'y' if len(entries) == 1 else 'ies'} to {output}", err=True)
