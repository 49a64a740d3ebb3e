"""The FastAPI application factory: `uvicorn --factory api.app:create_app`, or `chronicle serve`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

import chronicle
from api import errors
from api.limits import BodyLimit
from api.routes import documents, health, page, timeline, timeml
from chronicle.settings import Settings, get_settings
from chronicle.store import database
from chronicle.store.migrate import upgrade
from worker.app import create_app as create_celery

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API for `settings` (default: from the environment); the schema is upgraded at start."""
    settings = settings or get_settings()
    db = database(settings.database_url, busy_timeout=settings.sqlite_busy_timeout)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        revision = await run_in_threadpool(upgrade, db)
        log.info("database schema at revision %s; broker %s", revision, settings.broker_url or "embedded")
        yield

    app = FastAPI(
        title="chronicle", version=chronicle.__version__, lifespan=lifespan,
        description="Submit documents; read back their time expressions, events and ordered timelines.",
    )
    app.state.settings = settings
    app.state.db = db
    app.state.celery = create_celery(settings)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    errors.install(app)
    for module in (documents, timeml, timeline, health, page):
        app.include_router(module.router)
    return app
