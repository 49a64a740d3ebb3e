"""`chronicle ingest`: read, validate, submit in chunks with a progress bar, follow, summarise."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from chronicle.ingest import DocumentIn
from chronicle.ingest.files import discover, read

_FINISHED = ("done", "failed")


def run_ingest(paths: Sequence[Path], *, collection: str, wait: bool, chunk: int, timeout: float, db: Any,
               celery: Any) -> list[tuple[str, str]]:
    """Ingest `paths`; print a summary; return the failures as (origin, reason)."""
    from worker.dispatch import submit

    console = Console(stderr=True)
    settings = celery.chronicle.settings
    embedded = settings.embedded
    try:
        files = discover(paths)
    except FileNotFoundError as error:
        raise typer.BadParameter(str(error), param_hint="PATHS") from None
    documents, failures = _load(files, collection, settings.max_text_bytes)
    new: dict[int, str] = {}
    duplicates = 0
    with _progress(console) as progress:
        task = progress.add_task("processing" if embedded else "submitting", total=len(documents))
        for start in range(0, len(documents), chunk):
            batch = documents[start:start + chunk]
            for (origin, _), answer in zip(batch, submit(celery, [doc for _, doc in batch]), strict=True):
                if answer.conflict is not None:
                    failures.append((origin, answer.conflict))
                elif answer.duplicate:
                    duplicates += 1
                else:
                    new[answer.id] = origin  # type: ignore[index]
            progress.advance(task, len(batch))
    if new and (embedded or wait):
        failures += _follow(db, new, console, timeout=timeout, show=not embedded)
    _summary(len(new), duplicates, failures, embedded=embedded, waited=wait)
    return failures


def _load(files: list[Path], collection: str, max_bytes: int) -> tuple[list[tuple[str, DocumentIn]], list[tuple[str, str]]]:
    documents, failures = [], []
    for path in files:
        for record in read(path):
            if record.error is not None:
                failures.append((record.origin, record.error))
                continue
            data = {"collection": collection, **(record.data or {})}
            try:
                document = DocumentIn.model_validate(data)
            except ValidationError as error:
                failures.append((record.origin, _explain(error)))
                continue
            size = len(document.text.encode("utf-8"))
            if size > max_bytes:
                failures.append((record.origin, f"text is {size} bytes; the limit is {max_bytes} bytes"))
            else:
                documents.append((record.origin, document))
    return documents, failures


def _explain(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "document"
        parts.append(f"{field}: {str(item['msg']).removeprefix('Value error, ')}")
    return "; ".join(parts)


def _follow(db: Any, new: dict[int, str], console: Console, *, timeout: float, show: bool) -> list[tuple[str, str]]:
    """Wait until every new document is done or failed; the failures with their errors."""
    from chronicle.store import statuses

    pending, failures = set(new), []
    deadline = time.monotonic() + timeout
    with _progress(console, visible=show) as progress:
        task = progress.add_task("processing", total=len(new))
        while pending:
            ids = sorted(pending)
            for start in range(0, len(ids), 1_000):
                with db.read() as session:
                    found = statuses(session=session, ids=ids[start:start + 1_000])
                for document_id, (status, error) in found.items():
                    if status in _FINISHED:
                        pending.discard(document_id)
                        progress.advance(task)
                        if status == "failed":
                            failures.append((f"{new[document_id]} (document {document_id})", error or "failed"))
            if pending and time.monotonic() > deadline:
                failures += [(new[i], f"still not processed after {timeout:g}s") for i in sorted(pending)]
                break
            if pending:
                time.sleep(0.5)
    return failures


def _progress(console: Console, *, visible: bool = True) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=False, disable=not visible)


def _summary(submitted: int, duplicates: int, failures: list[tuple[str, str]], *, embedded: bool, waited: bool) -> None:
    state = "processed" if embedded or waited else "queued"
    typer.echo(f"{submitted} submitted ({state}), {duplicates} duplicate(s) skipped, {len(failures)} failed")
    for origin, reason in failures:
        typer.echo(f"  failed: {origin}: {reason}")
