"""The stacks the benchmarks drive, started in one place for `make load` and `make bench-e2e`:
a PostgreSQL database and a Redis of the run's own, `chronicle serve` and `chronicle worker`
processes on them, and the CPU each part has used (read from /proc, so other work on the machine
does not count). Everything is stopped and the database dropped on the way out, also when the run
is stopped with TERM, HUP or Ctrl-C during start-up (`exit_on_signals`)."""

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
from types import FrameType

import httpx

CHRONICLE = str(Path(sys.executable).with_name("chronicle"))


def exit_on_signals() -> None:
    """Make TERM, HUP and INT leave through the `with` blocks (processes stopped, database dropped);
    a second signal while that runs is ignored, so the clean-up is not cut short."""

    def leave(signum: int, _frame: FrameType | None) -> None:
        for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(number, signal.SIG_IGN)
        sys.exit(128 + signum)

    for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(number, leave)


@contextmanager
def services(prefix: str, *, private_redis: bool = False) -> Iterator[tuple[str, str]]:
    """A fresh PostgreSQL database (dropped on exit) and a Redis: (database URL, broker URL). With
    `private_redis`, a redis-server of its own on a free port, so no other messages count."""
    from tests.servers import postgres_database, private_redis as own_redis, redis_url

    with postgres_database(prefix) as database_url:
        if private_redis:
            with own_redis() as port:
                yield database_url, f"redis://127.0.0.1:{port}/0"
        else:
            with redis_url() as broker_url:
                yield database_url, broker_url


@dataclass
class Stack:
    """`chronicle serve` and `chronicle worker` processes on one database and one queue."""

    database_url: str
    broker_url: str
    logs: Path
    queue: str = field(default_factory=lambda: f"chronicle-load-{uuid.uuid4().hex[:10]}")
    settings: dict[str, str] = field(default_factory=dict)  # more CHRONICLE_* variables
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    base_url: str = ""

    def env(self) -> dict[str, str]:
        """The processes' environment: this stack's database, broker, queue and settings, nothing inherited."""
        base = {key: value for key, value in os.environ.items() if not key.startswith("CHRONICLE_")}
        return {**base, "CHRONICLE_DATABASE_URL": self.database_url, "CHRONICLE_BROKER_URL": self.broker_url,
                "CHRONICLE_QUEUE": self.queue, **self.settings}

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        """Start `chronicle <args>` in its own process group, its output in a log file."""
        self.logs.mkdir(parents=True, exist_ok=True)
        process = self.processes[name] = subprocess.Popen(
            [CHRONICLE, *args], env=self.env(), stdout=(self.logs / f"{name}.log").open("ab"),
            stderr=subprocess.STDOUT, start_new_session=True)
        return process

    def start_worker(self, name: str, *, concurrency: int) -> None:
        """Start a `chronicle worker` with `concurrency` pool processes (wait with `wait_ready`)."""
        self.start(name, "worker", "--concurrency", str(concurrency), "--without-gossip", "--without-mingle",
                   "--hostname", f"{name}-{uuid.uuid4().hex[:6]}@%h")

    def start_api(self, name: str, *, port: int, api_workers: int = 1) -> None:
        """Start `chronicle serve` on `port` (wait with `wait_ready`)."""
        self.base_url = f"http://127.0.0.1:{port}"
        self.start(name, "serve", "--port", str(port), "--workers", str(api_workers), "--log-level", "warning")

    def wait_ready(self, name: str) -> None:
        """Wait until process `name` serves: the API answers /health, a worker says it is ready."""
        if self.processes[name].args[1] == "serve":
            self.wait_until(lambda: _healthy(self.base_url), f"{name} to answer /health")
        else:
            self.wait_until(lambda: "ready" in self.log(name), f"{name} to be ready")

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
            time.sleep(0.05)

    def stop(self, *names: str) -> None:
        """Stop the named processes, or every one, last started first (TERM, then KILL after 60 s)."""
        for name in names or reversed(list(self.processes)):
            process = self.processes.pop(name)
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)


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
    return sum(_cpu(member) for member in tree)


def _cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_by_role(stack: Stack, *, servers: bool = False) -> dict[str, float]:
    """CPU seconds used so far by the API and by the workers (each with their child processes); with
    `servers`, also by the PostgreSQL backends serving the stack's database and by its Redis."""
    roles: dict[str, float] = {}
    for name, process in stack.processes.items():
        role = "worker" if name.startswith("worker") else "api" if name.startswith("api") else name
        roles[role] = roles.get(role, 0.0) + tree_cpu(process.pid)
    if servers:
        database = stack.database_url.rsplit("/", 1)[1]
        roles["postgresql"] = sum(_cpu(pid) for pid in _pids_mentioning(database))
        roles["redis"] = _cpu(_redis_pid(stack.broker_url))
    return roles


def _pids_mentioning(word: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if word in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _redis_pid(broker_url: str) -> int:
    import redis

    client = redis.Redis.from_url(broker_url)
    try:
        return int(client.info("server")["process_id"])
    finally:
        client.close()


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
    try:
        for number in range(workers):
            stack.start_worker(f"worker{number}", concurrency=concurrency)
        stack.start_api("api", port=port, api_workers=api_workers)
        for name in list(stack.processes):
            stack.wait_ready(name)
        yield stack
    finally:
        stack.stop()
