"""A pickled message put on the queue is refused by a real worker, never unpickled: its payload,
which would create a file the moment it is unpickled, leaves no file, and the worker goes on."""

from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from chronicle.settings import load_settings
from tests.servers import redis_url
from worker.app import NOOP, PROCESS, create_app

pytestmark = pytest.mark.integration
CHRONICLE = str(Path(sys.executable).with_name("chronicle"))


class Touch:
    """Unpickling this creates `path`: the trace any execution of a pickled payload would leave."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return pathlib.Path.touch, (pathlib.Path(self.path),)


def _wait_for(predicate, timeout: float, what: str, log: Path) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)


def test_the_payload_is_live_outside_the_worker(tmp_path: Path) -> None:
    import pickle  # the test's own check that the payload is real; the product never imports it

    marker = tmp_path / "unpickled"
    pickle.loads(pickle.dumps(Touch(marker)))
    assert marker.exists()


def test_a_worker_refuses_a_pickled_task(tmp_path: Path) -> None:
    marker, log = tmp_path / "unpickled", tmp_path / "worker.log"
    queue = f"chronicle-pickle-{uuid.uuid4().hex[:10]}"
    with redis_url() as broker:
        env = {key: value for key, value in os.environ.items() if not key.startswith("CHRONICLE_")}
        env |= {"CHRONICLE_DATABASE_URL": f"sqlite:///{tmp_path / 'worker.db'}", "CHRONICLE_BROKER_URL": broker,
                "CHRONICLE_QUEUE": queue}
        process = subprocess.Popen(
            [CHRONICLE, "worker", "--concurrency", "1", "--pool", "solo", "--without-gossip", "--without-mingle",
             "--hostname", f"pickle-{uuid.uuid4().hex[:6]}@%h"],
            env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
        app = create_app(load_settings(database_url="sqlite:///unused.db", broker_url=broker, queue=queue))
        try:
            _wait_for(lambda: "ready" in log.read_text(errors="replace"), 180, "the worker to be ready", log)
            app.send_task(PROCESS, args=[Touch(marker)], serializer="pickle", queue=queue)
            # A JSON task sent after it: once it has run, the pickled one has been dealt with.
            after = app.send_task(NOOP, args=[[1, 2]], queue=queue)
            _wait_for(lambda: f"{after.id}] succeeded" in log.read_text(errors="replace"), 120,
                      "the JSON task after the pickled one", log)
        finally:
            app.close()
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    output = log.read_text(errors="replace")
    assert not marker.exists(), "the pickled payload was executed"
    assert "Refusing to deserialize untrusted content of type pickle" in output, output[-3000:]
    assert f"Task {PROCESS}[" not in output  # it was never received as a task, let alone run
