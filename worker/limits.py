"""A per-document time limit, so one pathological document fails alone and the queue moves on."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class TimeLimitExceeded(Exception):
    """Extraction of one document ran past its soft time limit."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeLimitExceeded inside the block once `seconds` have passed.

    Uses SIGALRM, so it only applies on a process's main thread (a worker process, the CLI); in the
    API's request threads it does nothing, and the worker's hard time limit is the backstop.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def _expired(_signum: int, _frame: FrameType | None) -> None:
        raise TimeLimitExceeded(f"extraction exceeded the soft time limit of {seconds:g}s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
