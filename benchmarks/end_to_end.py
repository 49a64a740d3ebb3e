"""End-to-end throughput: documents through the API into Redis, a worker, and PostgreSQL.

Measured in one run, on the same broker and worker settings:
  * the Celery no-op ceiling: empty tasks (same batch size) pushed and drained, no database, no
    extraction, which is the most this queue set-up can move;
  * the pipeline: N documents POSTed in batches to `chronicle serve`, processed by `chronicle worker`,
    until PostgreSQL says every one is done;
  * where a document's time goes, timed in this process on a sample: extraction (temporal, events)
    and storing.

It starts its own redis-server on a free port (so nothing else's messages count) and creates and drops
its own PostgreSQL database. Usage:

    .venv/bin/python benchmarks/end_to_end.py [--documents 5000] [--batch-size 20] [--concurrency 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import psycopg
import redis

REPO = Path(__file__).resolve().parents[1]
CHRONICLE = str(Path(sys.executable).with_name("chronicle"))
POSTGRES_ADMIN = os.environ.get("CHRONICLE_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def texts(count: int) -> list[str]:
    """`count` distinct news texts: the seed articles, each numbered so none is a duplicate."""
    seeds = sorted((REPO / "seeds").glob("*.txt"))
    bodies = [path.read_text(encoding="utf-8") for path in seeds]
    return [f"Report {i}.\n{bodies[i % len(bodies)]}" for i in range(count)]


class Stack:
    """A private redis-server, a fresh database, and chronicle processes; all stopped on exit."""

    def __init__(self, workdir: Path, batch_size: int) -> None:
        self.workdir = workdir
        self.processes: list[subprocess.Popen[bytes]] = []
        self.redis_port = free_port()
        self._start([shutil.which("redis-server") or "redis-server", "--port", str(self.redis_port), "--bind",
                     "127.0.0.1", "--save", "", "--appendonly", "no"], "redis", env=os.environ.copy())
        self.database = f"chronicle_bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{self.database}"')
        self.database_url = POSTGRES_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + \
            "/" + self.database
        self.env = {**os.environ, "CHRONICLE_DATABASE_URL": self.database_url,
                    "CHRONICLE_BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
                    "CHRONICLE_QUEUE": "bench", "CHRONICLE_TASK_BATCH_SIZE": str(batch_size),
                    "CHRONICLE_MAX_BATCH_DOCUMENTS": "1000"}
        self.redis = redis.Redis(port=self.redis_port)
        _wait(lambda: self._ping(), 10, "redis-server")

    def _ping(self) -> bool:
        try:
            return bool(self.redis.ping())
        except redis.RedisError:
            return False

    def _start(self, args: list[str], name: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = (self.workdir / f"{name}.log").open("ab")
        process = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def chronicle(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        return self._start([CHRONICLE, *args], name, self.env)

    def drained(self) -> bool:
        """Nothing waiting in the queue and nothing delivered but unacknowledged."""
        return self.redis.llen("bench") == 0 and self.redis.hlen("unacked") == 0

    def stop(self, process: subprocess.Popen[bytes]) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.remove(process)

    def close(self) -> None:
        for process in reversed(list(self.processes)):
            self.stop(process)
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) a live process has used."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_by_role(stack: Stack, roles: dict[str, subprocess.Popen[bytes]]) -> dict[str, float]:
    """CPU seconds used so far by each role: chronicle processes (with their pool children), the
    PostgreSQL backends serving the benchmark's database, and the private redis-server."""
    usage = {}
    for role, process in roles.items():
        usage[role] = sum(_cpu(pid) for pid in [process.pid, *_children(process.pid)])
    backends = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if stack.database in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    backends.append(int(entry.name))
            except OSError:
                continue
    usage["postgresql"] = sum(_cpu(pid) for pid in backends)
    usage["redis"] = _cpu(stack.processes[0].pid)
    return usage


def _wait(predicate, timeout: float, what: str, interval: float = 0.05) -> float:  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    while not predicate():
        if time.perf_counter() - began > timeout:
            raise TimeoutError(f"timed out after {timeout:g}s waiting for {what}")
        time.sleep(interval)
    return time.perf_counter()


def noop_ceiling(stack: Stack, documents: int, batch_size: int, concurrency: int) -> dict[str, float]:
    """Empty tasks of `batch_size` ids through the same broker and worker settings: docs/s and tasks/s."""
    from chronicle.settings import load_settings
    from worker.app import NOOP, create_app

    app = create_app(load_settings(database_url=stack.database_url, broker_url=stack.env["CHRONICLE_BROKER_URL"],
                                   queue="bench", task_batch_size=batch_size))
    worker = stack.chronicle("noop-worker", "worker", "--concurrency", str(concurrency), "--without-gossip",
                             "--without-mingle", "--hostname", f"noop-{uuid.uuid4().hex[:6]}@%h")
    _wait(lambda: "ready" in (stack.workdir / "noop-worker.log").read_text(errors="replace"), 60, "the worker")
    tasks = [list(range(i, min(i + batch_size, documents))) for i in range(0, documents, batch_size)]
    noop = app.tasks[NOOP]
    began = time.perf_counter()
    for ids in tasks:
        noop.apply_async(args=[ids])
    ended = _wait(stack.drained, 600, "the no-op tasks to drain", interval=0.01)
    stack.stop(worker)
    elapsed = ended - began
    return {"seconds": elapsed, "docs_per_s": documents / elapsed, "tasks_per_s": len(tasks) / elapsed}


def pipeline(stack: Stack, documents: int, concurrency: int, request_size: int, clients: int) -> dict[str, float]:
    """Documents POSTed in batches to the API until PostgreSQL says every one is done."""
    port = free_port()
    api = stack.chronicle("api", "serve", "--port", str(port), "--log-level", "warning")
    worker = stack.chronicle("worker", "worker", "--concurrency", str(concurrency), "--without-gossip",
                             "--without-mingle", "--hostname", f"bench-{uuid.uuid4().hex[:6]}@%h")
    base = f"http://127.0.0.1:{port}"
    _wait(lambda: _healthy(base), 60, "the API")
    _wait(lambda: "ready" in (stack.workdir / "worker.log").read_text(errors="replace"), 60, "the worker")
    bodies = [{"text": text, "published_at": "2024-07-12", "collection": "bench"} for text in texts(documents)]
    requests = [bodies[i:i + request_size] for i in range(0, documents, request_size)]
    submit_seconds: list[float] = []

    def post(chunk: list[dict[str, str]]) -> None:
        started = time.perf_counter()
        response = http.post(f"{base}/documents/batch", json={"documents": chunk}, timeout=600)
        response.raise_for_status()
        submit_seconds.append(time.perf_counter() - started)

    with psycopg.connect(POSTGRES_ADMIN.rsplit("/", 1)[0] + "/" + stack.database, autocommit=True) as db, \
            httpx.Client() as http:
        roles = {"api": api, "worker": worker}
        cpu_before = cpu_by_role(stack, roles)
        client_before = time.process_time()
        began = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(post, requests))
        submitted = time.perf_counter()

        def finished() -> bool:
            row = db.execute("SELECT count(*) FILTER (WHERE status IN ('done', 'failed')), "
                             "count(*) FILTER (WHERE status = 'failed') FROM documents").fetchone()
            return row is not None and row[0] >= documents

        ended = _wait(finished, 3600, "every document to be processed", interval=0.25)
        cpu_after = cpu_by_role(stack, roles)
        cpu = {role: (cpu_after[role] - cpu_before.get(role, 0.0)) / documents * 1000 for role in cpu_after}
        cpu["benchmark client"] = (time.process_time() - client_before) / documents * 1000
        failed = db.execute("SELECT count(*) FROM documents WHERE status = 'failed'").fetchone()[0]
        events = db.execute("SELECT count(*) FROM events").fetchone()[0]
    stack.stop(worker)
    stack.stop(api)
    return {"seconds": ended - began, "docs_per_s": documents / (ended - began),
            "submit_seconds": submitted - began, "submit_docs_per_s": documents / (submitted - began),
            "failed": failed, "events": events, "cpu_ms_per_document": cpu}


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def profile(sample: int) -> dict[str, float]:
    """CPU milliseconds per document, in this process, for each step of extraction (CPU time, so
    other work on the machine does not inflate it)."""
    from chronicle import events, temporal
    from chronicle.ingest import content_hash

    reference = date(2024, 7, 12)
    docs = texts(sample)
    temporal.extract(docs[0], reference)  # resources compile once per process: not part of the cost
    steps = {"hash": 0.0, "temporal.extract": 0.0, "events.extract": 0.0}
    for text in docs:
        t0 = time.process_time()
        content_hash(text)
        t1 = time.process_time()
        timexes = temporal.extract(text, reference)
        t2 = time.process_time()
        events.extract(text, timexes, reference=reference)
        t3 = time.process_time()
        steps["hash"] += t1 - t0
        steps["temporal.extract"] += t2 - t1
        steps["events.extract"] += t3 - t2
    return {step: seconds / sample * 1000 for step, seconds in steps.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=5_000)
    parser.add_argument("--batch-size", type=int, default=20, help="documents per Celery task")
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    parser.add_argument("--request-size", type=int, default=250, help="documents per POST /documents/batch")
    parser.add_argument("--clients", type=int, default=2, help="concurrent HTTP clients")
    parser.add_argument("--profile-sample", type=int, default=100)
    parser.add_argument("--out", type=Path, default=REPO / "artifacts" / "end_to_end.json")
    args = parser.parse_args()

    # Stopped with SIGTERM, still stop the processes and drop the database (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    workdir = Path(tempfile.mkdtemp(prefix="chronicle-bench-"))
    stack = Stack(workdir, args.batch_size)
    try:
        ceiling = noop_ceiling(stack, args.documents, args.batch_size, args.concurrency)
        result = pipeline(stack, args.documents, args.concurrency, args.request_size, args.clients)
    finally:
        stack.close()
    steps = profile(args.profile_sample)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"), "documents": args.documents,
        "batch_size": args.batch_size, "concurrency": args.concurrency, "cores": os.cpu_count(),
        "noop_ceiling": ceiling, "pipeline": result,
        "ratio_to_ceiling": result["docs_per_s"] / ceiling["docs_per_s"],
        "cpu_ms_per_document_in_process": steps, "load_average": os.getloadavg(), "logs": str(workdir),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(f"documents               {args.documents} (tasks of {args.batch_size}, {args.concurrency} worker processes, "
          f"{os.cpu_count()} cores)")
    print(f"no-op ceiling           {ceiling['docs_per_s']:8.1f} docs/s  ({ceiling['tasks_per_s']:.1f} tasks/s)")
    print(f"pipeline                {result['docs_per_s']:8.1f} docs/s  ({result['seconds']:.1f} s; "
          f"{result['failed']} failed; {result['events']} events)")
    print(f"  of which submission   {result['submit_docs_per_s']:8.1f} docs/s through POST /documents/batch")
    print(f"ratio to the ceiling    {report['ratio_to_ceiling']:8.3f}")
    cpu = result["cpu_ms_per_document"]
    print("CPU ms/document         " + ", ".join(f"{k} {v:.2f}" for k, v in cpu.items())
          + f"; total {sum(cpu.values()):.2f} (so at most {os.cpu_count() * 1000 / sum(cpu.values()):.0f} docs/s "
          f"on {os.cpu_count()} idle cores)")
    print("in-process CPU ms/doc   " + ", ".join(f"{k} {v:.2f}" for k, v in steps.items()))
    print(f"load average            {' '.join(f'{x:.2f}' for x in os.getloadavg())} (other work on the machine)")
    print(f"report written to {args.out}")


if __name__ == "__main__":
    main()
