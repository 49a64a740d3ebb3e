"""A per-document time limit, so one pathological document fails alone and the queue moves on."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

# After the first alarm, it rings again this often until the block is left: an exception raised
# while Python runs a finaliser or weakref callback is printed and dropped, and extraction code may
# catch broad exceptions, so one alarm alone could be lost.
_REPEAT = 0.1


class TimeLimitExceeded(BaseException):
    """Extraction of one document ran past its soft time limit.

    A BaseException, like KeyboardInterrupt, so `except Exception` in extraction code cannot swallow it.
    """


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeLimitExceeded inside the block once it has used `seconds` of CPU time.

    CPU time, not the wall clock, so a busy machine does not fail documents that are merely waiting
    for a core; a pattern spinning in C still burns CPU and is stopped. Uses SIGPROF, so it only
    applies on a process's main thread (a worker process, the CLI); in the API's request threads it
    does nothing, and the worker's hard time limit is the backstop.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    armed = True

    def _expired(_signum: int, _frame: FrameType | None) -> None:
        if armed:
            raise TimeLimitExceeded(f"extraction exceeded the soft time limit of {seconds:g}s")

    previous = signal.signal(signal.SIGPROF, _expired)
    signal.setitimer(signal.ITIMER_PROF, seconds, _REPEAT)
    try:
        yield
    finally:
        armed = False  # first: an alarm ringing from here on is ignored
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
