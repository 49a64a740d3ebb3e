"""A real stack for integration tests: fresh PostgreSQL database, Redis, `chronicle worker`, `chronicle
beat` and `chronicle serve` as separate processes on free ports, each run with its own queue name."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.servers import free_port, postgres_database, redis_url

CHRONICLE = str(Path(sys.executable).with_name("chronicle"))


@dataclass
class Stack:
    """The running stack: where the API listens, the database URL, and the processes' logs."""

    api: str
    database_url: str
    env: dict[str, str]
    logs: dict[str, Path] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self, name: str, *args: str, **env: str) -> subprocess.Popen[bytes]:
        """Start `chronicle <args>` with the stack's environment; its output goes to a log file."""
        log = self.logs.setdefault(name, Path(self.env["CHRONICLE_TEST_LOGS"]) / f"{name}.log")
        process = subprocess.Popen([CHRONICLE, *args], env={**self.env, **env}, stdout=log.open("ab"),
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.processes[name] = process
        return process

    def stop(self, name: str, sig: int = signal.SIGTERM, timeout: float = 30) -> int | None:
        """Signal a process and wait for it; kill it if it does not stop in time."""
        process = self.processes.pop(name)
        if process.poll() is None:
            os.killpg(process.pid, sig)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        return process.returncode

    def tail(self) -> str:
        """The end of every process's log, for failure messages."""
        parts = []
        for name, log in self.logs.items():
            text = log.read_text(errors="replace") if log.exists() else ""
            parts.append(f"--- {name} ---\n{text[-3000:]}")
        return "\n".join(parts)


def wait_for(predicate, timeout: float, what: str, stack: Stack | None = None):  # type: ignore[no-untyped-def]
    """Poll `predicate` until it returns something truthy; fail with the logs after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout:g}s waiting for {what}\n{stack.tail() if stack else ''}")


def healthy(api: str) -> bool:
    """True when the API at `api` answers /health with 200."""
    try:
        return httpx.get(f"{api}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """API, two worker processes and beat against a fresh database and a private queue."""
    logs = tmp_path_factory.mktemp("logs")
    with postgres_database("chronicle_it") as database_url, redis_url() as broker:
        port = free_port()
        env = {
            **os.environ, "CHRONICLE_DATABASE_URL": database_url, "CHRONICLE_BROKER_URL": broker,
            "CHRONICLE_QUEUE": f"chronicle-it-{uuid.uuid4().hex[:10]}", "CHRONICLE_RECONCILE_EVERY": "1",
            "CHRONICLE_TEST_LOGS": str(logs),
        }
        running = Stack(api=f"http://127.0.0.1:{port}", database_url=database_url, env=env)
        # API and worker start together and both upgrade the fresh schema: the advisory lock serialises them.
        running.start("worker", "worker", "--concurrency", "2", "--hostname", f"it-{uuid.uuid4().hex[:8]}@%h",
                      "--without-gossip", "--without-mingle")
        running.start("api", "serve", "--port", str(port), "--log-level", "warning")
        running.start("beat", "beat", "--schedule", str(logs / "beat-schedule"))
        try:
            wait_for(lambda: healthy(running.api), 60, "the API to answer /health", running)
            wait_for(lambda: "ready" in running.logs["worker"].read_text(errors="replace"), 60,
                     "the worker to be ready", running)
            yield running
        finally:
            for name in list(running.processes):
                running.stop(name)
