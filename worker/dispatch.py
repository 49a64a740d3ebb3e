"""The producer side: store submissions, then send their ids; send again what the database says is due.

The row is committed before its task is sent, so a worker never looks for a document that is not
there yet; a task the broker refuses leaves its document marked unsent for the reconciler.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from celery import Celery
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

from chronicle import pipeline
from chronicle.ingest import DocumentIn, prepare
from chronicle.store import (
    Submission,
    add_documents,
    due_for_sending,
    mark_unsent,
    requeue_failed,
    requeue_outdated,
    statuses,
)
from worker.app import PROCESS

log = logging.getLogger(__name__)
BROKER_ERRORS = (KombuOperationalError, RedisError, OSError)


def submit(app: Celery, documents: Sequence[DocumentIn], *, now: datetime | None = None) -> list[Submission]:
    """Store the documents (duplicates answered with the existing row) and send the new ones' tasks.

    With the embedded default the new documents are processed before this returns, and the answers
    carry the status they reached.
    """
    now = now or datetime.now(UTC)
    db = app.chronicle.db()
    prepared = [prepare(document, now=now) for document in documents]
    with db.write() as session:
        answers = add_documents(session=session, documents=prepared, now=now)
    fresh = [a.id for a in answers if a.id is not None and not a.duplicate]
    send(app, fresh)
    if app.chronicle.settings.embedded and fresh:
        with db.read() as session:
            reached = statuses(session=session, ids=fresh)
        answers = [replace(a, status=reached[a.id][0]) if a.id in reached else a for a in answers]
    return answers


def send(app: Celery, ids: Sequence[int]) -> list[int]:
    """Send processing tasks for `ids` in batches; return the ids the broker refused (marked unsent)."""
    size = app.chronicle.settings.task_batch_size
    task = app.tasks[PROCESS]
    unsent: list[int] = []
    for start in range(0, len(ids), size):
        chunk = list(ids[start:start + size])
        if unsent:  # the broker just refused a batch: do not wait on it again for each of the rest
            unsent.extend(chunk)
            continue
        try:
            task.apply_async(args=[chunk])
        except BROKER_ERRORS as error:
            if app.conf.task_always_eager:
                raise
            log.warning("broker unavailable, %d documents left for the reconciler: %s", len(ids) - start, error)
            unsent.extend(chunk)
    if unsent:
        with app.chronicle.db().write() as session:
            mark_unsent(session=session, ids=unsent)
    return unsent


def resend_due(app: Celery) -> int:
    """Send every document the database says was never sent or has been lost; return how many went."""
    settings = app.chronicle.settings
    with app.chronicle.db().write() as session:
        ids = due_for_sending(session=session, now=datetime.now(UTC), limit=settings.reconcile_batch,
                              requeue_after=timedelta(seconds=settings.requeue_after))
    return len(ids) - len(send(app, ids))


def requeue(app: Celery, *, failed: bool = False, outdated: bool = False, since: datetime | None = None) -> int:
    """Queue again the failed documents (those that failed before `since`), or those processed by
    another extractor version; return how many went."""
    settings = app.chronicle.settings
    now = datetime.now(UTC)
    with app.chronicle.db().write() as session:
        if failed:
            ids = requeue_failed(session=session, now=now, limit=settings.reconcile_batch, failed_before=since)
        elif outdated:
            ids = requeue_outdated(session=session, now=now, limit=settings.reconcile_batch,
                                   extractor_version=pipeline.EXTRACTOR_VERSION)
        else:
            raise ValueError("say which documents to queue again: failed or outdated")
    return len(ids) - len(send(app, ids))
