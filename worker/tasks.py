"""The tasks, thin: each loads, calls the core or the store through one function, and retries.

Every task takes ids (never documents), is JSON-serialisable, and may run more than once.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from celery import Celery, Task
from celery.utils.time import get_exponential_backoff_interval

from chronicle.store import ClaimedDocument, StoreUnavailable
from worker import dispatch, processing
from worker.app import EXTRACT_ONLY, NOOP, PROCESS, RECONCILE

log = logging.getLogger(__name__)
RETRY_BACKOFF, RETRY_BACKOFF_MAX, MAX_RETRIES = 2, 120, 12


def register(app: Celery) -> None:
    """Register chronicle's tasks on `app`."""
    app.task(name=PROCESS, bind=True)(process_documents)
    app.task(name=RECONCILE, bind=True)(reconcile)
    app.task(name=NOOP, bind=True)(noop)
    app.task(name=EXTRACT_ONLY, bind=True)(extract_only)


def process_documents(task: Task, document_ids: list[int]) -> int:
    """Extract and store the results of the given documents; return how many were processed."""
    ids = _ids(document_ids)
    settings = task.app.chronicle.settings
    try:
        outcomes = processing.process(ids, db=task.app.chronicle.db(), soft_time_limit=settings.soft_time_limit,
                                      max_attempts=settings.max_attempts, last_try=_last_try(task))
    except StoreUnavailable as error:
        _retry(task, error)
    return len(outcomes)


def reconcile(task: Task) -> int:
    """Send again every document whose task was never sent or has been lost; return how many."""
    try:
        return dispatch.resend_due(task.app)
    except StoreUnavailable as error:
        log.warning("reconcile skipped: %s", error)
        return 0


def noop(task: Task, document_ids: list[int]) -> int:
    """Do nothing: the benchmark's measure of what Celery alone costs per task."""
    return len(_ids(document_ids))


def extract_only(task: Task, texts: list[str], reference: str) -> int:
    """Extract from the texts the message carries and store nothing: the benchmark's ceiling for a
    pipeline that has to extract, whatever its database and API cost."""
    if not isinstance(texts, list) or not all(isinstance(text, str) for text in texts):
        raise TypeError(f"texts must be a list of strings, got {texts!r:.200}")
    when = date.fromisoformat(reference)
    soft_time_limit = task.app.chronicle.settings.soft_time_limit
    outcomes = [processing.analyse(ClaimedDocument(id=i, text=text, reference=when, lang="en"), soft_time_limit)
                for i, text in enumerate(texts)]
    return sum(outcome.error is None for outcome in outcomes)


def _ids(document_ids: Any) -> list[int]:
    if not isinstance(document_ids, list) or not all(type(i) is int for i in document_ids):
        raise TypeError(f"document_ids must be a list of integers, got {document_ids!r:.200}")
    return document_ids


def _last_try(task: Task) -> bool:
    """Whether a StoreUnavailable now ends the task for good (no retry follows)."""
    return bool(task.request.is_eager) or task.request.retries >= MAX_RETRIES


def _retry(task: Task, error: StoreUnavailable) -> None:
    if task.request.is_eager:
        raise error
    countdown = get_exponential_backoff_interval(RETRY_BACKOFF, task.request.retries, RETRY_BACKOFF_MAX, full_jitter=True)
    log.warning("database unavailable, retry %d in %ss: %s", task.request.retries + 1, countdown, error)
    raise task.retry(exc=error, countdown=countdown, max_retries=MAX_RETRIES)
