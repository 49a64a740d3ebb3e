"""The soft time limit stops a document's extraction wherever it is: in Python code, inside one long
regular-expression call in C, and in a real worker process, after which the worker goes on."""

from __future__ import annotations

import re
from datetime import date
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.hostile_inputs import CASES
from chronicle import pipeline
from tests.hostile.conftest import finish, running_stack, submit
from tests.integration.conftest import Stack
from tests.servers import redis_url
from worker.limits import TimeLimitExceeded, time_limit

MONTH_NAMES = next(case for case in CASES if case.name == "month names x 10,000")


def test_a_long_regex_call_in_c_is_interrupted() -> None:
    # Nested quantifiers on a near-miss: about 2**30 steps (tens of seconds) inside one call of the C
    # matcher, which checks for signals as it goes, so the alarm's exception surfaces from the call.
    with pytest.raises(TimeLimitExceeded, match="soft time limit of 0.2s"), time_limit(0.2):
        re.match(r"(a+)+$", "a" * 30 + "b")


# An alarm that lands in a weakref callback is reported by pytest as "unraisable": expected here.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_extraction_of_a_slow_document_is_interrupted() -> None:
    pipeline.warm_up()
    text = MONTH_NAMES.build(4.0)  # seconds of work (a time expression every eight characters), whatever the speed-ups
    with pytest.raises(TimeLimitExceeded), time_limit(0.3):
        pipeline.analyse(text, reference=date(2024, 7, 12))


@pytest.fixture(scope="module")
def strict_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A stack on SQLite whose worker gives each document one second."""
    folder: Path = tmp_path_factory.mktemp("time-limit")
    with redis_url() as broker, running_stack(folder, f"sqlite:///{folder / 'limit.db'}", broker,
                                              soft_time_limit="1") as stack:
        yield stack


@pytest.mark.integration
def test_a_document_past_its_limit_fails_in_the_worker_and_the_next_is_done(strict_stack: Stack) -> None:
    slow = submit(strict_stack, MONTH_NAMES.build(2.0), collection="slow")  # 1.7 MB: twice the work, under the size limit
    quick = submit(strict_stack, "It rained on Monday.", collection="quick")
    found = finish(strict_stack, [slow, quick], timeout=300)
    assert found[slow] == ("failed", "extraction exceeded the soft time limit of 1s")
    assert found[quick] == ("done", None)
    assert strict_stack.processes["worker"].poll() is None, strict_stack.tail()
    again = submit(strict_stack, "It snowed on Tuesday.", collection="quick")  # the worker still takes work
    assert finish(strict_stack, [again], timeout=120)[again] == ("done", None)
