"""The service commands: ingest, serve, worker, beat, db, requeue, reprocess (timeline: cli/timeline.py).

Heavy imports (SQLAlchemy, Celery, uvicorn) happen inside the commands, so other commands start fast.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from chronicle.cli.app import app

if TYPE_CHECKING:
    from celery import Celery

    from chronicle.settings import Settings
    from chronicle.store import Database

db_app = typer.Typer(help="The database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
_PASS_THROUGH = {"allow_extra_args": True, "ignore_unknown_options": True}


def _settings() -> Settings:
    from chronicle.settings import ConfigError, get_settings

    try:
        return get_settings()
    except ConfigError as error:
        typer.echo(f"chronicle: {error}", err=True)
        raise typer.Exit(2) from None


def _open(settings: Settings) -> tuple[Database, Celery]:
    """The database, upgraded to the current schema, and the Celery app for these settings."""
    from chronicle.store import StoreUnavailable, database
    from chronicle.store.migrate import upgrade
    from worker.app import get_app

    db = database(settings.database_url, busy_timeout=settings.sqlite_busy_timeout)
    try:
        upgrade(db)
    except StoreUnavailable as error:
        typer.echo(f"chronicle: {error} ({_where(settings)})", err=True)
        raise typer.Exit(1) from None
    return db, get_app()


def _where(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings.database_url).render_as_string(hide_password=True)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files (.txt, .md, .json, .jsonl) or folders of them."),
    collection: str = typer.Option("default", "--collection", "-c",
                                   help="Collection for documents that do not name their own."),
    wait: bool = typer.Option(False, "--wait", help="Follow processing to the end (with a broker)."),
    chunk: int = typer.Option(100, "--chunk", min=1, max=10_000, help="Documents per submission."),
    timeout: float = typer.Option(3600.0, "--timeout", min=1, help="Seconds --wait waits at most."),
) -> None:
    """Submit documents from files; with the embedded default they are processed before this returns."""
    from chronicle.cli.ingest_run import run_ingest

    db, celery = _open(_settings())
    failures = run_ingest(paths, collection=collection, wait=wait, chunk=chunk, timeout=timeout, db=db, celery=celery)
    if failures:
        raise typer.Exit(1)


# uvicorn closes an idle connection after 5 s, exactly when httpx and others stop reusing theirs: a
# request sent on it at that instant meets a closed socket (ReadError under load). Keep connections
# open longer than common clients (5 s) and proxies (nginx upstream 60 s) keep them.
KEEP_ALIVE_SECONDS = 75


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Worker processes."),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn log level."),
    keep_alive: int = typer.Option(
        KEEP_ALIVE_SECONDS, "--keep-alive", min=1, max=3600,
        help="Seconds an idle connection is kept open; longer than clients and proxies keep theirs."),
) -> None:
    """Run the HTTP API under uvicorn (OpenAPI at /docs)."""
    import uvicorn

    _settings()  # a bad configuration stops here, with the variable named
    uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers, log_level=log_level,
                proxy_headers=True, timeout_keep_alive=keep_alive)


@app.command(context_settings=_PASS_THROUGH)
def worker(ctx: typer.Context) -> None:
    """Run a Celery worker; extra options go to `celery worker` (e.g. --concurrency 4, -B)."""
    settings = _settings()
    if settings.embedded:
        typer.echo("chronicle: a worker needs CHRONICLE_BROKER_URL (redis://...); without one, documents are "
                   "processed in-process as they are submitted", err=True)
        raise typer.Exit(2)
    from worker.app import get_app

    get_app().worker_main(["worker", "--loglevel=INFO", *ctx.args])


@app.command(context_settings=_PASS_THROUGH)
def beat(ctx: typer.Context) -> None:
    """Run the scheduler that sends the reconciler every CHRONICLE_RECONCILE_EVERY seconds."""
    settings = _settings()
    if settings.embedded:
        typer.echo("chronicle: beat needs CHRONICLE_BROKER_URL; run `chronicle requeue` by hand instead", err=True)
        raise typer.Exit(2)
    from worker.app import get_app

    schedule = ["--schedule", str(Path(tempfile.gettempdir()) / "chronicle-beat-schedule")]
    has_schedule = any(arg.startswith(("-s", "--schedule")) for arg in ctx.args)
    get_app().start(["beat", "--loglevel=INFO", *([] if has_schedule else schedule), *ctx.args])


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head", help="Revision to upgrade to.")) -> None:
    """Create or upgrade the schema (safe to run any number of times)."""
    from chronicle.store import StoreUnavailable, database
    from chronicle.store.migrate import upgrade

    settings = _settings()
    try:
        reached = upgrade(database(settings.database_url), revision)
    except StoreUnavailable as error:
        typer.echo(f"chronicle: {error} ({_where(settings)})", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{_where(settings)}: schema at revision {reached}")


@db_app.command("current")
def db_current() -> None:
    """Print the schema revision the database is at, and the newest one this code knows."""
    from chronicle.store import database
    from chronicle.store.migrate import current, head

    settings = _settings()
    typer.echo(f"{_where(settings)}: at {current(database(settings.database_url)) or 'nothing'}; newest {head()}")


@app.command()
def requeue(failed: bool = typer.Option(False, "--failed", help="Queue failed documents again, attempts reset.")) -> None:
    """Send again documents lost on the way (never sent, or stuck past CHRONICLE_REQUEUE_AFTER)."""
    from datetime import UTC, datetime

    from worker import dispatch

    _, celery = _open(_settings())
    began = datetime.now(UTC)
    sent = _repeat(lambda: dispatch.requeue(celery, failed=True, since=began) if failed
                   else dispatch.resend_due(celery))
    typer.echo(f"{sent} document(s) sent again")


@app.command()
def reprocess() -> None:
    """Queue again every document processed by another extractor version than this one."""
    from chronicle.pipeline import EXTRACTOR_VERSION
    from worker import dispatch

    _, celery = _open(_settings())
    sent = _repeat(lambda: dispatch.requeue(celery, outdated=True))
    typer.echo(f"{sent} document(s) queued for extractor {EXTRACTOR_VERSION}")


def _repeat(step: Any) -> int:
    """Run a bounded step until it finds nothing more; the total it handled."""
    total = 0
    while (count := step()) > 0:
        total += count
    return total


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
