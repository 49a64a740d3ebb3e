"""Worker lifecycle: at start, migrate the schema and compile the language resources once;
fresh engines in each forked process."""

from __future__ import annotations

import logging
from typing import Any

from celery.signals import worker_init, worker_process_init

from chronicle import pipeline, store
from chronicle.store.migrate import upgrade

log = logging.getLogger(__name__)


@worker_init.connect
def _prepare(sender: Any = None, **_: Any) -> None:
    runtime = getattr(getattr(sender, "app", None), "chronicle", None)
    if runtime is not None:
        revision = upgrade(runtime.db())
        log.info("database schema at revision %s", revision)
        pipeline.warm_up()
        # The pool the parent used to migrate must not leak into the children it forks.
        runtime.db().dispose()


@worker_process_init.connect
def _fresh_engines(**_: Any) -> None:
    store.reset()
