"""The one Celery app: configuration, task routes and the reconciler's schedule, all in one place.

With no broker configured (the embedded default) tasks run in-process as they are sent (eager), so
`chronicle ingest` and the API work with nothing but Python and a SQLite file.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from celery import Celery

from chronicle.settings import Settings, get_settings
from chronicle.store import Database, database

PROCESS = "chronicle.process_documents"
RECONCILE = "chronicle.reconcile"
NOOP = "chronicle.noop"
EXTRACT_ONLY = "chronicle.extract_only"
TASKS = (PROCESS, RECONCILE, NOOP, EXTRACT_ONLY)


@dataclass(frozen=True)
class Runtime:
    """What tasks need besides their arguments: the settings, and this process's database."""

    settings: Settings

    def db(self) -> Database:
        """The database for this process (built after fork in each worker process)."""
        return database(self.settings.database_url, busy_timeout=self.settings.sqlite_busy_timeout)


def celery_config(settings: Settings) -> dict[str, Any]:
    """Celery settings derived from chronicle's."""
    return {
        "broker_url": settings.broker_url or "memory://",
        "task_always_eager": settings.embedded,
        "task_eager_propagates": True,
        # JSON only, in and out: nothing is ever unpickled.
        "task_serializer": "json", "result_serializer": "json", "event_serializer": "json",
        "accept_content": ["json"], "result_accept_content": ["json"],
        # The database holds every document's state; no result backend.
        "task_ignore_result": True, "result_backend": None,
        # Acknowledge after the work is stored; a worker that dies puts its message back.
        "task_acks_late": True, "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_time_limit": settings.hard_time_limit,
        "task_default_queue": settings.queue,
        "task_routes": {name: {"queue": settings.queue} for name in TASKS},
        "broker_transport_options": {
            "visibility_timeout": settings.visibility_timeout,
            "socket_connect_timeout": 3, "socket_timeout": 10,
        },
        "broker_connection_retry_on_startup": True,
        "broker_connection_timeout": 3,
        # A submission must not hang on a dead broker: two quick retries, then the document waits
        # in the database for the reconciler.
        "task_publish_retry": True,
        "task_publish_retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1},
        "worker_send_task_events": False, "task_send_sent_event": False,
        "worker_hijack_root_logger": False,
        "enable_utc": True, "timezone": "UTC",
        "beat_schedule": {
            "reconcile": {"task": RECONCILE, "schedule": settings.reconcile_every},
        },
    }


def create_app(settings: Settings) -> Celery:
    """A Celery app for these settings, with chronicle's tasks registered."""
    from worker import signals, tasks  # noqa: F401 - signals connect on import
    from worker.broker import guard_released_connections, share_channel_clients

    guard_released_connections()
    share_channel_clients()
    app = Celery("chronicle", set_as_current=False)
    app.conf.update(celery_config(settings))
    app.chronicle = Runtime(settings)  # type: ignore[attr-defined]
    tasks.register(app)
    return app


_app: Celery | None = None
_lock = threading.Lock()


def get_app() -> Celery:
    """The process's app, built from the environment's settings on first use."""
    global _app
    with _lock:
        if _app is None:
            _app = create_app(get_settings())
        return _app


def __getattr__(name: str) -> Any:
    # `celery -A worker.app` looks for `app` (or `celery`) in this module.
    if name in ("app", "celery"):
        return get_app()
    raise AttributeError(name)
