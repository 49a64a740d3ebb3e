"""End-to-end throughput: documents through the API into Redis, a worker, and PostgreSQL.

Measured in one run, on the same broker, worker settings and tasks (documents cut into tasks exactly
as the API cuts each request):
  * the extraction ceiling, the figure the pipeline is compared with: the same texts carried in the
    messages and extracted by the same worker code under the same time limit, storing nothing. It is
    the most any API and store could reach, since every document has to be extracted;
  * the Celery no-op: empty tasks, no database, no extraction: what the queue alone costs;
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

from worker.app import EXTRACT_ONLY, NOOP
REPO = Path(__file__).resolve().parents[1]
REFERENCE = "2024-07-12"
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
        """Nothing waiting in the queue and nothing delivered but unacknowledged, twice in a row: a
        message a worker has just popped is in neither for an instant."""
        for _ in range(2):
            if self.redis.llen("bench") or self.redis.hlen("unacked"):
                return False
            time.sleep(0.02)
        return True

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


def task_chunks(documents: int, request_size: int, batch_size: int) -> list[range]:
    """The documents each task carries in the pipeline: every request is cut into tasks of `batch_size`."""
    chunks = []
    for first in range(0, documents, request_size):
        last = min(first + request_size, documents)
        chunks.extend(range(i, min(i + batch_size, last)) for i in range(first, last, batch_size))
    return chunks


def ceiling(stack: Stack, name: str, task: str, messages: list[list[object]], documents: int,
            concurrency: int) -> dict[str, object]:
    """Push `messages` as `task` through the same broker to a worker with the pipeline's settings, and
    time them until the queue is drained: docs/s, tasks/s, and the worker's CPU per document."""
    from chronicle.settings import load_settings
    from worker.app import create_app

    app = create_app(load_settings(database_url=stack.database_url, broker_url=stack.env["CHRONICLE_BROKER_URL"],
                                   queue="bench"))
    worker = stack.chronicle(name, "worker", "--concurrency", str(concurrency), "--without-gossip",
                             "--without-mingle", "--hostname", f"{name}-{uuid.uuid4().hex[:6]}@%h")
    _wait(lambda: "ready" in (stack.workdir / f"{name}.log").read_text(errors="replace"), 60, f"the {name}")
    roles = {"worker": worker}
    cpu_before = cpu_by_role(stack, roles)
    client_before = time.process_time()
    began = time.perf_counter()
    for args in messages:
        app.tasks[task].apply_async(args=args)
    ended = _wait(stack.drained, 3600, f"the {name} tasks to drain", interval=0.01)
    cpu_after = cpu_by_role(stack, roles)
    cpu = {role: (cpu_after[role] - cpu_before.get(role, 0.0)) / documents * 1000 for role in cpu_after}
    cpu["benchmark client"] = (time.process_time() - client_before) / documents * 1000
    stack.stop(worker)
    elapsed = ended - began
    return {"seconds": elapsed, "docs_per_s": documents / elapsed, "tasks_per_s": len(messages) / elapsed,
            "cpu_ms_per_document": cpu}


def pipeline(stack: Stack, documents: int, concurrency: int, request_size: int, clients: int,
             collection: str) -> dict[str, object]:
    """Documents POSTed in batches to the API until PostgreSQL says every one is done."""
    port = free_port()
    api = stack.chronicle(f"api-{collection}", "serve", "--port", str(port), "--log-level", "warning")
    worker = stack.chronicle(f"worker-{collection}", "worker", "--concurrency", str(concurrency), "--without-gossip",
                             "--without-mingle", "--hostname", f"bench-{uuid.uuid4().hex[:6]}@%h")
    base = f"http://127.0.0.1:{port}"
    _wait(lambda: _healthy(base), 60, "the API")
    _wait(lambda: "ready" in (stack.workdir / f"worker-{collection}.log").read_text(errors="replace"), 60,
          "the worker")
    bodies = [{"text": text, "published_at": REFERENCE, "collection": collection} for text in texts(documents)]
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
            row = db.execute("SELECT count(*) FROM documents WHERE collection = %s AND status IN ('done', 'failed')",
                             [collection]).fetchone()
            return row is not None and row[0] >= documents

        ended = _wait(finished, 3600, "every document to be processed", interval=0.25)
        cpu_after = cpu_by_role(stack, roles)
        cpu = {role: (cpu_after[role] - cpu_before.get(role, 0.0)) / documents * 1000 for role in cpu_after}
        cpu["benchmark client"] = (time.process_time() - client_before) / documents * 1000
        failed = db.execute("SELECT count(*) FROM documents WHERE collection = %s AND status = 'failed'",
                            [collection]).fetchone()[0]
        events = db.execute("SELECT count(*) FROM events WHERE collection = %s", [collection]).fetchone()[0]
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

    reference = date.fromisoformat(REFERENCE)
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
    parser.add_argument("--documents", type=int, default=5_000, help="documents per round")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of extraction ceiling then pipeline, alternating (medians reported)")
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
    load_before = os.getloadavg()
    chunks = task_chunks(args.documents, args.request_size, args.batch_size)
    corpus = texts(args.documents)
    ceilings, pipelines = [], []
    try:
        noop = ceiling(stack, "noop-worker", NOOP, [[list(chunk)] for chunk in chunks], args.documents,
                       args.concurrency)
        # Alternated, so a burst of other work on the machine weighs on both sides alike.
        for round_ in range(args.rounds):
            ceilings.append(ceiling(stack, f"extract-worker-{round_}", EXTRACT_ONLY,
                                    [[[corpus[i] for i in chunk], REFERENCE] for chunk in chunks],
                                    args.documents, args.concurrency))
            pipelines.append(pipeline(stack, args.documents, args.concurrency, args.request_size, args.clients,
                                      collection=f"bench-{round_}"))
    finally:
        stack.close()
    steps = profile(args.profile_sample)
    extraction, result = _median_round(ceilings), _median_round(pipelines)
    pipeline_cpu, ceiling_cpu = _system_cpu(result), _system_cpu(extraction)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"), "documents": args.documents,
        "rounds": args.rounds, "batch_size": args.batch_size, "concurrency": args.concurrency,
        "cores": os.cpu_count(), "extraction_ceiling": extraction, "noop": noop, "pipeline": result,
        "extraction_ceiling_rounds": ceilings, "pipeline_rounds": pipelines,
        "ratio_to_ceiling": result["docs_per_s"] / extraction["docs_per_s"],
        "cpu_ratio_to_ceiling": ceiling_cpu / pipeline_cpu,
        "ratio_to_noop": result["docs_per_s"] / noop["docs_per_s"],
        "cpu_ms_per_document_in_process": steps,
        "load_average": {"before": load_before, "after": os.getloadavg()}, "logs": str(workdir),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    cores = os.cpu_count() or 1
    print(f"documents               {args.documents} x {args.rounds} rounds (tasks of {args.batch_size}, "
          f"{args.concurrency} worker processes, {cores} cores); medians of the rounds")
    each_ceiling = ", ".join(f"{figures['docs_per_s']:.0f}" for figures in ceilings)
    each_pipeline = ", ".join(f"{figures['docs_per_s']:.0f}" for figures in pipelines)
    print(f"extraction ceiling      {extraction['docs_per_s']:8.1f} docs/s  (rounds: {each_ceiling}; the same "
          "tasks extracting the texts they carry)")
    print(f"pipeline                {result['docs_per_s']:8.1f} docs/s  (rounds: {each_pipeline}; "
          f"{result['failed']} failed; {result['events']} events)")
    print(f"  of which submission   {result['submit_docs_per_s']:8.1f} docs/s through POST /documents/batch")
    print(f"ratio to the ceiling    {report['ratio_to_ceiling']:8.3f}  wall clock; "
          f"{report['cpu_ratio_to_ceiling']:.3f} in CPU time")
    print(f"Celery no-op            {noop['docs_per_s']:8.1f} docs/s  ({noop['tasks_per_s']:.1f} tasks/s; "
          f"pipeline / no-op {report['ratio_to_noop']:.3f})")
    for name, figures, total in (("pipeline", result, pipeline_cpu), ("ceiling", extraction, ceiling_cpu)):
        print(f"CPU ms/doc, {name:<12}" + ", ".join(f"{k} {v:.2f}" for k, v in figures["cpu_ms_per_document"].items())
              + f"; total without the client {total:.2f} (at most {cores * 1000 / total:.0f} docs/s on {cores} "
              "idle cores)")
    print("in-process CPU ms/doc   " + ", ".join(f"{k} {v:.2f}" for k, v in steps.items()))
    print(f"load average            {' '.join(f'{x:.2f}' for x in load_before)} before, "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} after (1, 5, 15 min: other work on the machine)")
    print(f"report written to {args.out}")


def _system_cpu(figures: dict[str, object]) -> float:
    """CPU ms per document of the system measured, without the benchmark's own client: the ceiling's
    client encodes whole texts into messages, which the pipeline's producers never do."""
    cpu: dict[str, float] = figures["cpu_ms_per_document"]  # type: ignore[assignment]
    return sum(value for role, value in cpu.items() if role != "benchmark client")


def _median_round(rounds: list[dict[str, object]]) -> dict[str, object]:
    """The round with the median throughput (the lower middle one for an even count)."""
    ordered = sorted(rounds, key=lambda r: r["docs_per_s"])  # type: ignore[arg-type,return-value]
    return ordered[(len(ordered) - 1) // 2]


if __name__ == "__main__":
    main()
