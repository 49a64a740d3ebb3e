"""End-to-end throughput: documents through the API into Redis, a worker, and PostgreSQL.

Measured in one run, on the same broker and worker settings (`chronicle worker`, the same
concurrency, prefetch and acknowledgement settings):
  * the pipeline: N documents POSTed in batches to `chronicle serve`, processed by `chronicle worker`,
    until PostgreSQL says every one is done. Documents submitted together travel in tasks of
    `--batch-size` (CHRONICLE_TASK_BATCH_SIZE, 20 by default);
  * the Celery no-op ceiling as the issue defines it: empty tasks, one per document, through the
    same broker to the same worker settings: the most documents per second one task per document
    could carry even if processing cost nothing. And the same empty tasks carrying the pipeline's
    batches of ids, what the queue alone costs the pipeline as it is;
  * the extraction ceiling: the same texts carried in the messages, cut into tasks as the API cuts
    each request, extracted by the same worker code under the same time limit, storing nothing: the
    most any API and store could reach, since every document has to be extracted;
  * where a document's time goes, timed in this process on a sample: extraction (temporal, events).

It starts its own redis-server on a free port (so nothing else's messages count) and creates its own
PostgreSQL database, and stops and drops them on the way out, also when stopped with TERM, HUP or
Ctrl-C during start-up. Usage:

    .venv/bin/python benchmarks/end_to_end.py [--documents 5000] [--batch-size 20] [--concurrency 2]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import psycopg
import redis

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from a fresh clone
from benchmarks.stack import Stack, cpu_by_role, exit_on_signals, services  # noqa: E402
from worker.app import EXTRACT_ONLY, NOOP  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
REFERENCE = "2024-07-12"
QUEUE = "bench"


def texts(count: int) -> list[str]:
    """`count` distinct news texts: the seed articles, each numbered so none is a duplicate."""
    seeds = sorted((REPO / "seeds").glob("*.txt"))
    bodies = [path.read_text(encoding="utf-8") for path in seeds]
    return [f"Report {i}.\n{bodies[i % len(bodies)]}" for i in range(count)]


def drained(broker: redis.Redis) -> bool:
    """Nothing waiting in the queue and nothing delivered but unacknowledged, twice in a row: a
    message a worker has just popped is in neither for an instant."""
    for _ in range(2):
        if broker.llen(QUEUE) or broker.hlen("unacked"):
            return False
        time.sleep(0.02)
    return True


def _wait(predicate, timeout: float, what: str, interval: float = 0.05) -> float:  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    while not predicate():
        if time.perf_counter() - began > timeout:
            raise TimeoutError(f"timed out after {timeout:g}s waiting for {what}")
        time.sleep(interval)
    return time.perf_counter()


def _cpu_per_document(before: dict[str, float], after: dict[str, float], documents: int,
                      client_before: float) -> dict[str, float]:
    cpu = {role: (after[role] - before.get(role, 0.0)) / documents * 1000 for role in after}
    cpu["benchmark client"] = (time.process_time() - client_before) / documents * 1000
    return cpu


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
    time them until the queue is drained: docs/s, tasks/s, and the CPU per document of each part."""
    from chronicle.settings import load_settings
    from worker.app import create_app

    app = create_app(load_settings(database_url=stack.database_url, broker_url=stack.broker_url, queue=QUEUE))
    broker = redis.Redis.from_url(stack.broker_url)
    stack.start_worker(name, concurrency=concurrency)
    stack.wait_ready(name)
    cpu_before, client_before = cpu_by_role(stack, servers=True), time.process_time()
    began = time.perf_counter()
    for args in messages:
        app.tasks[task].apply_async(args=args)
    ended = _wait(lambda: drained(broker), 3600, f"the {name} tasks to drain", interval=0.01)
    cpu = _cpu_per_document(cpu_before, cpu_by_role(stack, servers=True), documents, client_before)
    stack.stop(name)
    broker.close()
    elapsed = ended - began
    return {"seconds": elapsed, "docs_per_s": documents / elapsed, "tasks": len(messages),
            "tasks_per_s": len(messages) / elapsed, "cpu_ms_per_document": cpu}


def pipeline(stack: Stack, documents: int, concurrency: int, request_size: int, clients: int,
             collection: str) -> dict[str, object]:
    """Documents POSTed in batches to the API until PostgreSQL says every one is done."""
    from tests.servers import free_port

    stack.start_api("api", port=free_port())
    stack.start_worker("worker", concurrency=concurrency)
    stack.wait_ready("api")
    stack.wait_ready("worker")
    bodies = [{"text": text, "published_at": REFERENCE, "collection": collection} for text in texts(documents)]
    requests = [bodies[i:i + request_size] for i in range(0, documents, request_size)]

    def post(chunk: list[dict[str, str]]) -> None:
        response = http.post(f"{stack.base_url}/documents/batch", json={"documents": chunk}, timeout=600)
        response.raise_for_status()

    database = psycopg.connect(stack.database_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    with database as db, httpx.Client() as http:
        cpu_before, client_before = cpu_by_role(stack, servers=True), time.process_time()
        began = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(post, requests))
        submitted = time.perf_counter()

        def finished() -> bool:
            row = db.execute("SELECT count(*) FROM documents WHERE collection = %s AND status IN ('done', 'failed')",
                             [collection]).fetchone()
            return row is not None and row[0] >= documents

        ended = _wait(finished, 3600, "every document to be processed", interval=0.25)
        cpu = _cpu_per_document(cpu_before, cpu_by_role(stack, servers=True), documents, client_before)
        failed = db.execute("SELECT count(*) FROM documents WHERE collection = %s AND status = 'failed'",
                            [collection]).fetchone()[0]
        events = db.execute("SELECT count(*) FROM events WHERE collection = %s", [collection]).fetchone()[0]
    stack.stop("worker", "api")
    return {"seconds": ended - began, "docs_per_s": documents / (ended - began),
            "submit_seconds": submitted - began, "submit_docs_per_s": documents / (submitted - began),
            "failed": failed, "events": events, "cpu_ms_per_document": cpu}


def profile(sample: int) -> dict[str, float]:
    """CPU milliseconds per document, in this process, for each step of extraction (CPU time, so
    other work on the machine does not inflate it)."""
    from chronicle import events, pipeline as core, temporal
    from chronicle.ingest import content_hash

    reference = date.fromisoformat(REFERENCE)
    docs = texts(sample)
    core.warm_up()  # language data is compiled once per process (before a worker forks): not a document's cost
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
    parser.add_argument("--profile-sample", type=int, default=300)
    parser.add_argument("--out", type=Path, default=REPO / "artifacts" / "end_to_end.json")
    parser.add_argument("--logs", type=Path, help="folder for the processes' logs (default: a new temporary one)")
    parser.add_argument("--database-prefix", default="chronicle_bench", help="name prefix of the database made for the run")
    args = parser.parse_args()

    exit_on_signals()  # stopped at any point, still stop the processes and drop the database
    workdir = args.logs or Path(tempfile.mkdtemp(prefix="chronicle-bench-"))
    load_before = os.getloadavg()
    chunks = task_chunks(args.documents, args.request_size, args.batch_size)
    corpus = texts(args.documents)
    ceilings, pipelines = [], []
    with services(args.database_prefix, private_redis=True) as (database_url, broker_url):
        stack = Stack(database_url, broker_url, workdir, queue=QUEUE, settings={
            "CHRONICLE_TASK_BATCH_SIZE": str(args.batch_size), "CHRONICLE_MAX_BATCH_DOCUMENTS": "1000"})
        try:
            noop_each = ceiling(stack, "worker-noop-each", NOOP, [[[i]] for i in range(args.documents)],
                                args.documents, args.concurrency)
            noop = ceiling(stack, "worker-noop", NOOP, [[list(chunk)] for chunk in chunks], args.documents,
                           args.concurrency)
            # Alternated, so a burst of other work on the machine weighs on both sides alike.
            for round_ in range(args.rounds):
                ceilings.append(ceiling(stack, f"worker-extract-{round_}", EXTRACT_ONLY,
                                        [[[corpus[i] for i in chunk], REFERENCE] for chunk in chunks],
                                        args.documents, args.concurrency))
                pipelines.append(pipeline(stack, args.documents, args.concurrency, args.request_size,
                                          args.clients, collection=f"bench-{round_}"))
        finally:
            stack.stop()
    steps = profile(args.profile_sample)
    extraction, result = _median_round(ceilings), _median_round(pipelines)
    pipeline_cpu, ceiling_cpu = _system_cpu(result), _system_cpu(extraction)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"), "documents": args.documents,
        "rounds": args.rounds, "batch_size": args.batch_size, "concurrency": args.concurrency,
        "cores": os.cpu_count(), "extraction_ceiling": extraction, "noop_per_document": noop_each,
        "noop": noop, "pipeline": result, "extraction_ceiling_rounds": ceilings, "pipeline_rounds": pipelines,
        "ratio_to_ceiling": result["docs_per_s"] / extraction["docs_per_s"],
        "cpu_ratio_to_ceiling": ceiling_cpu / pipeline_cpu,
        "ratio_to_noop_per_document": result["docs_per_s"] / noop_each["docs_per_s"],
        "ratio_to_noop": result["docs_per_s"] / noop["docs_per_s"],
        "cpu_ms_per_document_in_process": steps,
        "load_average": {"before": load_before, "after": os.getloadavg()}, "logs": str(workdir),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    _print(report, ceilings, pipelines, steps, pipeline_cpu, ceiling_cpu)
    print(f"report written to {args.out}")


def _print(report: dict, ceilings: list, pipelines: list, steps: dict[str, float],  # type: ignore[type-arg]
           pipeline_cpu: float, ceiling_cpu: float) -> None:
    cores, batch = report["cores"] or 1, report["batch_size"]
    extraction, result = report["extraction_ceiling"], report["pipeline"]
    noop_each, noop = report["noop_per_document"], report["noop"]
    print(f"documents               {report['documents']} x {report['rounds']} rounds ({report['concurrency']} "
          f"worker processes, {cores} cores); medians of the rounds")
    each_ceiling = ", ".join(f"{figures['docs_per_s']:.0f}" for figures in ceilings)
    each_pipeline = ", ".join(f"{figures['docs_per_s']:.0f}" for figures in pipelines)
    print(f"pipeline                {result['docs_per_s']:8.1f} docs/s  (rounds: {each_pipeline}; tasks of {batch} "
          f"documents; {result['failed']} failed; {result['events']} events)")
    print(f"  of which submission   {result['submit_docs_per_s']:8.1f} docs/s through POST /documents/batch")
    print(f"Celery no-op, per doc   {noop_each['docs_per_s']:8.1f} docs/s  (empty tasks, one per document; "
          f"pipeline / no-op {report['ratio_to_noop_per_document']:.3f})")
    print(f"Celery no-op, batched   {noop['docs_per_s']:8.1f} docs/s  ({noop['tasks_per_s']:.1f} empty tasks/s of "
          f"{batch} ids, as the pipeline sends them; pipeline / no-op {report['ratio_to_noop']:.3f})")
    print(f"tasks of {batch}:            an empty task costs the worker and Redis "
          f"{_worker_and_broker(noop_each):.2f} ms of CPU, a document in the pipeline "
          f"{_worker_and_broker(result):.2f} ms (everything its worker and Redis do); one task per document")
    print(f"                        would cap the pipeline at the per-document no-op rate before any work; "
          f"{batch} documents to a task, the queue costs {_worker_and_broker(noop):.2f} ms a document")
    print(f"extraction ceiling      {extraction['docs_per_s']:8.1f} docs/s  (rounds: {each_ceiling}; the same "
          f"tasks extracting the texts they carry); pipeline / ceiling {report['ratio_to_ceiling']:.3f} wall clock, "
          f"{report['cpu_ratio_to_ceiling']:.3f} in CPU time")
    for name, figures, total in (("pipeline", result, pipeline_cpu), ("ceiling", extraction, ceiling_cpu)):
        print(f"CPU ms/doc, {name:<12}" + ", ".join(f"{k} {v:.2f}" for k, v in figures["cpu_ms_per_document"].items())
              + f"; total without the client {total:.2f} (at most {cores * 1000 / total:.0f} docs/s on {cores} "
              "idle cores)")
    print("in-process CPU ms/doc   " + ", ".join(f"{k} {v:.2f}" for k, v in steps.items()))
    load = report["load_average"]
    print(f"load average            {' '.join(f'{x:.2f}' for x in load['before'])} before, "
          f"{' '.join(f'{x:.2f}' for x in load['after'])} after (1, 5, 15 min: other work on the machine)")


def _worker_and_broker(figures: dict[str, object]) -> float:
    cpu: dict[str, float] = figures["cpu_ms_per_document"]  # type: ignore[assignment]
    return cpu.get("worker", 0.0) + cpu.get("redis", 0.0)


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
