"""Timeline query latency at scale: a 100-event page of a large collection, through `query_events`.

Generates the rows (benchmarks/query_data.py) in a database of its own (benchmarks/query_databases.py) —
a fresh PostgreSQL database, created and dropped, and a SQLite file in a temporary folder — then times
each kind of page as `GET /timeline` asks for it (a read session and one `query_events` call), over the
largest collection: the first page, a date range, text filters (common, rare and absent words), a page
deep in the keyset cursor, and the other filters. Prints per case the wall-clock p50/p95/max in milliseconds, the CPU
p50/p95 (this process building the query and the events, plus the PostgreSQL backend running it,
read from /proc: on a shared machine the wall clock mostly measures waiting for a core, the CPU
time does not), each case's CPU p50 over the first page's in the same run (the peer: the cheapest
page there is), the load average, and with --explain each case's plan. Usage:

    .venv/bin/python benchmarks/query_scale.py [--events 1000000] [--sqlite-events 100000] [--runs 200]
        [--backend postgresql|sqlite|both] [--explain] [--cases WORD ...] [--keep NAME [--drop]]

--keep NAME generates into PostgreSQL database `chronicle_query_NAME` and SQLite file
`<tmp>/chronicle_query_NAME.db` once, leaves them there, and times the rows already in them on later
runs (they are brought up to the newest revision first); --drop drops them at the end of the run.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event  # noqa: E402

from benchmarks.query_data import Generator, Summary, analyze, generate, summarize  # noqa: E402
from benchmarks.query_databases import DATABASES, ServerCpu, add_keep_options, check_keep_options  # noqa: E402
from chronicle.store import Database, query_events  # noqa: E402
from chronicle.store.migrate import current, upgrade  # noqa: E402

DEEP_PAGE = 500


@dataclass
class Case:
    """One kind of page: a name, and the query_events arguments of each run (cycled through)."""

    name: str
    variants: list[dict[str, Any]]


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass
class Timing:
    """The latencies of one case in milliseconds: wall clock, and CPU (this process's, plus the
    database server's when it runs on this machine), and how many events its pages held."""

    name: str
    runs: list[float]
    cpu: list[float]
    page_sizes: list[int]

    def row(self, peer: Timing | None) -> str:
        """A table row: case, runs, events per page, wall p50/p95/max, CPU p50/p95, CPU p50 over the peer's."""
        ratio = statistics.median(self.cpu) / statistics.median((peer or self).cpu)
        return (f"{self.name:<32} {len(self.runs):>5} {statistics.median(self.page_sizes):>6.0f} "
                f"{percentile(self.runs, 0.5):>8.2f} {percentile(self.runs, 0.95):>8.2f} {max(self.runs):>8.2f} "
                f"{percentile(self.cpu, 0.5):>8.2f} {percentile(self.cpu, 0.95):>8.2f} {ratio:>7.1f}")


HEADER = (f"{'case':<32} {'runs':>5} {'events':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'cpu p50':>8} "
          f"{'cpu p95':>8} {'x first':>7}")


def cases(db: Database, summary: Summary, *, runs: int, seed: int = 2) -> list[Case]:
    """The pages to time, over the largest collection."""
    rng = random.Random(seed)
    collection = summary.largest()
    words = Generator(1).vocabulary.words
    years = [rng.randint(1990, 2025) for _ in range(runs)]
    sample = _sample_events(db, collection)
    deep = min(DEEP_PAGE, summary.collections[collection] // 200)  # page 500, or half way on a small timeline
    return [
        Case("first page", [{}]),
        Case("date range: one year", [{"since": _day(y, 1, 1), "until": _day(y + 1, 1, 1)} for y in years]),
        Case("date range: one month", [{"since": _day(y, m, 1), "until": _day(y + m // 12, m % 12 + 1, 1)}
                                       for y, m in zip(years, (rng.randint(1, 12) for _ in years), strict=True)]),
        Case("date range: from a year on", [{"since": _day(y, 1, 1)} for y in years]),
        Case("q: common word", [{"text": words[rank]} for rank in range(2, 12)]),
        Case("q: mid-frequency word", [{"text": words[rank]} for rank in range(150, 160)]),
        Case("q: rare word", [{"text": words[rank]} for rank in range(len(words) - 10, len(words))]),
        Case("q: absent word", [{"text": f"zq{n}xv"} for n in range(10)]),
        Case("q: rare word + one year", [{"text": words[-1 - n % 10], "since": _day(y, 1, 1),
                                          "until": _day(y + 1, 1, 1)} for n, y in enumerate(years)]),
        Case(f"cursor: pages {deep + 1}+", [{"cursor": c} for c in _deep_cursors(db, collection, deep, runs)]),
        Case("participant", [{"participant": e.participants[0].split()[-1].lower()} for e in sample if e.participants]),
        Case("source", [{"source": e.source} for e in sample if e.source]),
        Case("min_precision=hour", [{"min_precision": "hour"}]),
        Case("min_precision=second", [{"min_precision": "second"}]),
        Case("flagged=only", [{"flagged": "only"}]),
        Case("flagged=exclude", [{"flagged": "exclude"}]),
        Case("document", [{"document_id": e.document_id} for e in sample]),
        Case("everything at once", [{"since": _day(y, 1, 1), "text": words[20], "min_precision": "day",
                                     "flagged": "exclude"} for y in years]),
    ]


def _day(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


def _sample_events(db: Database, collection: str, count: int = 50) -> list[Any]:
    """A spread of events of the collection (for participant, source and document values)."""
    with db.read() as session:
        page = query_events(session=session, collection=collection, limit=1_000)
    return page.events[:: max(1, len(page.events) // count)][:count]


def _deep_cursors(db: Database, collection: str, deep: int, count: int) -> list[str]:
    """The cursors of pages `deep` + 1 onwards (as many as `count`, fewer if the timeline ends)."""
    cursors: list[str] = []
    cursor = None
    with db.read() as session:
        for page_number in range(1, deep + count + 1):
            page = query_events(session=session, collection=collection, limit=100, cursor=cursor)
            cursor = page.next_cursor
            if cursor is None:
                break
            if page_number >= deep:
                cursors.append(cursor)
    return cursors


def measure(db: Database, case: Case, *, runs: int, collection: str) -> Timing:
    """Time `runs` pages of `case`, each in its own read session as the API reads it."""
    timing = Timing(case.name, [], [], [])
    server = ServerCpu(db)
    for run in range(runs):
        arguments = {"collection": collection, "limit": 100, **case.variants[run % len(case.variants)]}
        began, began_cpu = time.perf_counter(), time.process_time() + server.seconds()
        with db.read() as session:
            page = query_events(session=session, **arguments)
        timing.runs.append((time.perf_counter() - began) * 1_000)
        timing.cpu.append((time.process_time() + server.seconds() - began_cpu) * 1_000)
        timing.page_sizes.append(len(page.events))
    return timing


def explain(db: Database, case: Case, collection: str) -> str:
    """The plans of the statements the case's first variant runs (a text filter may run a few):
    EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite."""
    arguments = {"collection": collection, "limit": 100, **case.variants[0]}
    statements: list[tuple[str, Any]] = []

    def record(_connection: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        with db.read() as session:
            query_events(session=session, **arguments)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if db.dialect == "postgresql" else "EXPLAIN QUERY PLAN "
    plans = []
    with db.engine.connect() as connection:
        for statement, parameters in statements:
            if statement.lstrip().upper().startswith("SELECT"):
                rows = connection.exec_driver_sql(prefix + statement, parameters).all()
                plans.append("\n".join("    " + str(row[-1]) for row in rows))
    return "\n    --\n".join(plans)


def run(backend: str, open_database: Callable[[], Any], *, events: int, runs: int, show_plans: bool,
        only: list[str] | None = None) -> list[Timing]:
    """Generate (unless the database holds rows already), then time and print the cases on one backend
    (those whose name contains one of `only`, when given)."""
    with open_database() as db:
        began = time.perf_counter()
        summary = summarize(db)
        reused = summary.events > 0
        if not reused:
            summary = generate(db, events=events)
        generated = time.perf_counter()
        loaded_at = current(db)
        revision = upgrade(db)  # the search indexes are built over the loaded rows, as on an existing database
        if not reused or revision != loaded_at:  # new rows, or new indexes over them: refresh the statistics
            analyze(db)
        collection = summary.largest()
        how = "reused" if reused else f"generated in {generated - began:.0f} s"
        print(f"\n== {backend}: {summary.events:,} events ({summary.dated_events:,} dated) in {summary.documents:,} "
              f"documents, {len(summary.collections)} collections; {how}, "
              f"migrated to {revision} in {time.perf_counter() - generated:.0f} s")
        print(f"largest collection {collection}: {summary.collections[collection]:,} dated events; "
              f"load average {os.getloadavg()[0]:.1f}")
        print(HEADER)
        timings = []
        for case in cases(db, summary, runs=runs):
            if not case.variants or (only and not any(word in case.name for word in only)):
                continue
            measure(db, case, runs=min(runs, 5), collection=collection)  # warm the caches and the statement
            timing = measure(db, case, runs=runs, collection=collection)
            timings.append(timing)
            print(timing.row(timings[0]), flush=True)
            if show_plans:
                print(explain(db, case, collection))
        print(f"load average {os.getloadavg()[0]:.1f}")
        return timings


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark on the backends asked for."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events in PostgreSQL")
    parser.add_argument("--sqlite-events", type=int, default=100_000, help="events in SQLite")
    parser.add_argument("--runs", type=int, default=200, help="timed pages per case")
    parser.add_argument("--backend", choices=("postgresql", "sqlite", "both"), default="both")
    parser.add_argument("--explain", action="store_true", help="print each case's query plan")
    parser.add_argument("--cases", nargs="+", metavar="WORD", help="only the cases whose name holds one of these")
    add_keep_options(parser)
    options = parser.parse_args(argv)
    check_keep_options(parser, options)
    # A TERM (or Ctrl-C) unwinds through the context managers, so the database is dropped all the same.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    for backend, events in (("postgresql", options.events), ("sqlite", options.sqlite_events)):
        if options.backend in (backend, "both"):
            run(backend, lambda open_database=DATABASES[backend]: open_database(options.keep, options.drop),
                events=events, runs=options.runs, show_plans=options.explain, only=options.cases)
    return 0



if __name__ == "__main__":
    raise SystemExit(main())
