"""Load: concurrent clients submitting documents and reading timelines of a real stack, on loopback.

The stack is what production runs: `chronicle serve` under uvicorn, `chronicle worker` processes,
Redis (a queue of this run's own name) and a PostgreSQL database created for the run and dropped
after it. Each client loops for the duration, alternating one `POST /documents` (a short news item,
numbered so none is a duplicate) with timeline reads (`GET /timeline`, a page or a filtered page).

Afterwards it waits until the workers have processed every accepted document and checks the
database: as many documents as were accepted, every one `done`, every one with its events. Any
error answer, lost document or failed one makes the run fail (exit status 1).

    .venv/bin/python -m benchmarks.load [--clients 50] [--seconds 60] [--api-workers 2] [--concurrency 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

from benchmarks.stack import Stack, cpu_by_role, exit_on_signals, running, services

REPO = Path(__file__).resolve().parents[1]
SUBMIT, QUERY = "submit", "query"
PLACES = ("the council", "the ministry", "the court", "the union", "the board", "the parliament")


def document(client: int, number: int) -> dict[str, str]:
    """A short news item with two dated events, distinct for each (client, number)."""
    place = PLACES[(client + number) % len(PLACES)]
    return {
        "text": f"Bulletin {client}-{number}: {place} approved the budget on Monday, "
                f"after the mayor proposed it in late May. Item {uuid.uuid4().hex}.",
        "published_at": "2024-07-12", "title": f"Bulletin {client}-{number}", "source": f"desk-{client % 5}",
    }


@dataclass
class Tally:
    """What the clients saw: latencies by kind of request, error answers, and the ids accepted."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {SUBMIT: [], QUERY: []})
    errors: Counter[str] = field(default_factory=Counter)
    accepted: set[int] = field(default_factory=set)
    duplicates: int = 0
    seconds: float = 0.0

    def record(self, kind: str, began: float, answer: httpx.Response | BaseException) -> None:
        """Count one request: its latency when it succeeded, its status or exception otherwise."""
        if isinstance(answer, BaseException):
            self.errors[f"{kind} {type(answer).__name__}"] += 1
            return
        expected = 202 if kind == SUBMIT else 200
        if answer.status_code != expected:
            self.errors[f"{kind} {answer.status_code} {answer.text[:120]}"] += 1
            return
        self.latencies[kind].append(time.perf_counter() - began)
        if kind == SUBMIT:
            body = answer.json()
            self.accepted.add(body["id"])
            self.duplicates += body["duplicate"]


async def _client(http: httpx.AsyncClient, index: int, collection: str, until: float, tally: Tally,
                  queries_per_submit: int) -> None:
    """One client: submit, then read the timeline `queries_per_submit` times, until the time is up."""
    number = 0
    pages = ({"limit": "50"}, {"limit": "20", "from": "2024-05-01", "q": "budget"},
             {"limit": "20", "source": f"desk-{index % 5}", "min_precision": "day"})
    while time.perf_counter() < until:
        began = time.perf_counter()
        try:
            answer: httpx.Response | BaseException = await http.post(
                "/documents", json={**document(index, number), "collection": collection})
        except httpx.HTTPError as error:
            answer = error
        tally.record(SUBMIT, began, answer)
        number += 1
        for query in range(queries_per_submit):
            if time.perf_counter() >= until:
                break
            began = time.perf_counter()
            try:
                answer = await http.get("/timeline", params={"collection": collection,
                                                             **pages[(number + query) % len(pages)]})
            except httpx.HTTPError as error:
                answer = error
            tally.record(QUERY, began, answer)


async def drive(base_url: str, collection: str, *, clients: int, seconds: float, queries_per_submit: int = 1) -> Tally:
    """Run `clients` concurrent clients against the API at `base_url` for `seconds`."""
    tally = Tally()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as http:
        began = time.perf_counter()
        until = began + seconds
        await asyncio.gather(*(_client(http, i, collection, until, tally, queries_per_submit) for i in range(clients)))
        tally.seconds = time.perf_counter() - began
    return tally


def percentiles(latencies: list[float]) -> dict[str, float]:
    """p50, p95 and p99 in milliseconds (nearest rank)."""
    if not latencies:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0}
    ordered = sorted(latencies)
    rank = {"p50": 0.50, "p95": 0.95, "p99": 0.99}
    return {name: ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))] * 1000
            for name, q in rank.items()}


@dataclass
class Settled:
    """The database once every accepted document is processed (or the wait timed out)."""

    statuses: dict[str, int]
    documents_with_events: set[int]
    seconds: float


def settle(database_url: str, collection: str, expected: int, timeout: float) -> Settled:
    """Wait until `expected` documents of `collection` are done or failed; read what was stored."""
    from chronicle.store import Database, all_events, count_by_status

    db = Database(database_url)
    began = time.perf_counter()
    try:
        while True:
            with db.read() as session:
                statuses = count_by_status(session=session, collection=collection)
            finished = statuses.get("done", 0) + statuses.get("failed", 0)
            if finished >= expected or time.perf_counter() - began > timeout:
                break
            time.sleep(0.25)
        with db.read() as session:
            events = all_events(session=session, max_events=50 * max(expected, 1), collection=collection)
    finally:
        db.engine.dispose()
    return Settled(statuses, {event.document_id for event in events}, time.perf_counter() - began)


def problems(tally: Tally, settled: Settled) -> list[str]:
    """Everything that went wrong: error answers, and stored counts that differ from what was sent."""
    found = [f"{count} x {error}" for error, count in tally.errors.most_common()]
    if tally.duplicates:
        found.append(f"{tally.duplicates} submissions answered as duplicates; every document was distinct")
    sent = len(tally.accepted)
    if sent != len(tally.latencies[SUBMIT]):
        found.append(f"{len(tally.latencies[SUBMIT])} submissions accepted but only {sent} distinct ids")
    stored = sum(settled.statuses.values())
    if stored != sent:
        found.append(f"{sent} documents accepted but {stored} stored")
    if settled.statuses.get("done", 0) != sent:
        found.append(f"not every document is done: {settled.statuses}")
    if missing := tally.accepted - settled.documents_with_events:
        found.append(f"{len(missing)} accepted documents have no events, e.g. {sorted(missing)[:5]}")
    return found


def run(stack: Stack, *, clients: int, seconds: float, queries_per_submit: int = 1,
        settle_timeout: float = 600) -> dict[str, object]:
    """Load the stack, wait for the workers to catch up, and report what happened."""
    collection = f"load-{uuid.uuid4().hex[:8]}"
    cpu_before, roles_before = time.process_time(), cpu_by_role(stack)
    tally = asyncio.run(drive(stack.base_url, collection, clients=clients, seconds=seconds,
                              queries_per_submit=queries_per_submit))
    client_cpu = time.process_time() - cpu_before
    settled = settle(stack.database_url, collection, len(tally.accepted), settle_timeout)
    roles_after = cpu_by_role(stack)
    counts = {kind: len(values) for kind, values in tally.latencies.items()}
    # CPU per unit of work does not depend on what else the machine runs, unlike the rates.
    cpu_ms = {"api_per_request": (roles_after["api"] - roles_before["api"]) * 1000 / max(1, sum(counts.values())),
              "worker_per_document": (roles_after["worker"] - roles_before["worker"]) * 1000
              / max(1, len(tally.accepted)),
              "client_per_request": client_cpu * 1000 / max(1, sum(counts.values()))}
    return {
        "clients": clients, "seconds": tally.seconds, "collection": collection,
        "requests": counts, "errors": dict(tally.errors),
        "requests_per_s": {kind: count / tally.seconds for kind, count in counts.items()}
        | {"total": sum(counts.values()) / tally.seconds},
        "latency_ms": {kind: percentiles(values) for kind, values in tally.latencies.items()},
        "accepted": len(tally.accepted), "stored": settled.statuses,
        "documents_with_events": len(settled.documents_with_events & tally.accepted),
        "drain_seconds": settled.seconds, "client_cpu_seconds": client_cpu, "cpu_ms": cpu_ms,
        "problems": problems(tally, settled),
    }


def main() -> None:
    """Run the load test on a stack of its own and print the figures; exit 1 on any problem."""
    from tests.servers import free_port

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--queries-per-submit", type=int, default=1, help="timeline reads after each submission")
    parser.add_argument("--api-workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--workers", type=int, default=1, help="`chronicle worker` processes")
    parser.add_argument("--concurrency", type=int, default=2, help="pool processes per worker")
    parser.add_argument("--out", type=Path, default=REPO / "artifacts" / "load.json")
    args = parser.parse_args()
    exit_on_signals()  # still stop the stack and drop the database

    logs = REPO / "artifacts" / "load-logs"
    with services("chronicle_load") as (database_url, broker_url), \
            running(database_url, broker_url, logs, port=free_port(), api_workers=args.api_workers,
                    workers=args.workers, concurrency=args.concurrency) as stack:
        report = run(stack, clients=args.clients, seconds=args.seconds, queries_per_submit=args.queries_per_submit)
    report |= {"when": datetime.now(UTC).isoformat(timespec="seconds"), "cores": os.cpu_count(),
               "api_workers": args.api_workers, "workers": args.workers, "concurrency": args.concurrency,
               "load_average_after": os.getloadavg()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(f"{args.clients} clients for {report['seconds']:.1f} s; API {args.api_workers} uvicorn processes, "
          f"{args.workers} worker(s) x {args.concurrency}; {os.cpu_count()} cores")
    rates, latency, counts = report["requests_per_s"], report["latency_ms"], report["requests"]  # type: ignore[index]
    for kind in (SUBMIT, QUERY):
        print(f"{kind:7} {counts[kind]:7d} requests {rates[kind]:8.1f}/s   p50 {latency[kind]['p50']:7.1f} ms"
              f"   p95 {latency[kind]['p95']:7.1f} ms   p99 {latency[kind]['p99']:7.1f} ms")
    print(f"total   {sum(counts.values()):7d} requests {rates['total']:8.1f}/s")
    print(f"stored  {report['stored']} of {report['accepted']} accepted, {report['documents_with_events']} with "
          f"events; the workers caught up {report['drain_seconds']:.1f} s after the clients stopped")
    cpu = report["cpu_ms"]
    print(f"CPU     API {cpu['api_per_request']:.1f} ms/request, worker {cpu['worker_per_document']:.1f} ms/document, "  # type: ignore[index]
          f"this client {cpu['client_per_request']:.1f} ms/request")  # type: ignore[index]
    print(f"load average after {' '.join(f'{x:.2f}' for x in os.getloadavg())} (everything else on the machine too)")
    print(f"report written to {args.out}")
    if report["problems"]:
        print("PROBLEMS:\n  " + "\n  ".join(report["problems"]))  # type: ignore[arg-type]
        sys.exit(1)
    print("no errors; every accepted document stored once, done, with its events")


if __name__ == "__main__":
    main()
