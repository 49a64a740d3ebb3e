"""The stack the load test drives: `chronicle serve` and `chronicle worker` processes on one database
and one queue of their own, and the CPU each role has used (read from /proc, so other work on the
machine does not count)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

CHRONICLE = str(Path(sys.executable).with_name("chronicle"))


@dataclass
class Stack:
    """`chronicle serve` and `chronicle worker` processes on one database and one queue."""

    database_url: str
    broker_url: str
    logs: Path
    queue: str = field(default_factory=lambda: f"chronicle-load-{uuid.uuid4().hex[:10]}")
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    base_url: str = ""

    def env(self) -> dict[str, str]:
        """The processes' environment: this stack's database, broker and queue, nothing inherited."""
        base = {key: value for key, value in os.environ.items() if not key.startswith("CHRONICLE_")}
        return {**base, "CHRONICLE_DATABASE_URL": self.database_url, "CHRONICLE_BROKER_URL": self.broker_url,
                "CHRONICLE_QUEUE": self.queue}

    def start(self, name: str, *args: str) -> None:
        """Start `chronicle <args>` in its own process group, its output in a log file."""
        self.logs.mkdir(parents=True, exist_ok=True)
        self.processes[name] = subprocess.Popen(
            [CHRONICLE, *args], env=self.env(), stdout=(self.logs / f"{name}.log").open("ab"),
            stderr=subprocess.STDOUT, start_new_session=True)

    def log(self, name: str) -> str:
        """A process's output so far."""
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def wait_until(self, ready, what: str, timeout: float = 180) -> None:  # type: ignore[no-untyped-def]
        """Poll until `ready()`; on time-out or a process exiting, raise with the logs."""
        deadline = time.monotonic() + timeout
        while not ready():
            dead = [name for name, process in self.processes.items() if process.poll() is not None]
            if dead or time.monotonic() > deadline:
                tails = "\n".join(f"--- {name} ---\n{self.log(name)[-2000:]}" for name in self.processes)
                raise RuntimeError(f"{'exited: ' + ', '.join(dead) if dead else 'timed out'} waiting for {what}\n{tails}")
            time.sleep(0.2)

    def stop(self) -> None:
        """Stop every process (TERM, then KILL after 30 s)."""
        for name, process in reversed(list(self.processes.items())):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)
            self.processes.pop(name)


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a live process and its live descendants."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {pid}, [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier and child not in tree]
        tree.update(children)
        frontier = children
    total = 0.0
    for member in tree:
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def cpu_by_role(stack: Stack) -> dict[str, float]:
    """CPU seconds used so far by the API and by the workers (each with their child processes)."""
    roles: dict[str, float] = {}
    for name, process in stack.processes.items():
        role = "worker" if name.startswith("worker") else name
        roles[role] = roles.get(role, 0.0) + tree_cpu(process.pid)
    return roles


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def running(database_url: str, broker_url: str, logs: Path, *, port: int, api_workers: int = 1,
            workers: int = 1, concurrency: int = 2) -> Iterator[Stack]:
    """The API and `workers` worker processes, up and ready; stopped on exit."""
    stack = Stack(database_url, broker_url, logs)
    stack.base_url = f"http://127.0.0.1:{port}"
    try:
        for number in range(workers):
            stack.start(f"worker{number}", "worker", "--concurrency", str(concurrency), "--without-gossip",
                        "--without-mingle", "--hostname", f"load{number}-{uuid.uuid4().hex[:6]}@%h")
        stack.start("api", "serve", "--port", str(port), "--workers", str(api_workers), "--log-level", "warning")
        stack.wait_until(lambda: _healthy(stack.base_url), "the API to answer /health")
        for number in range(workers):
            stack.wait_until(lambda n=number: "ready" in stack.log(f"worker{n}"), f"worker{number} to be ready")
        yield stack
    finally:
        stack.stop()
