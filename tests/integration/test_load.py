"""The load test, short: 10 clients for 5 s against a real stack, checked for correctness only (no
error answer, every accepted document stored once, done, with its events). `make load` is the long run."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.load import QUERY, SUBMIT, Settled, Tally, percentiles, problems, run
from benchmarks.stack import running
from tests.servers import free_port, postgres_database, redis_url


@pytest.mark.integration
def test_ten_clients_for_five_seconds_lose_nothing(tmp_path: Path) -> None:
    with postgres_database("chronicle_load") as database_url, redis_url() as broker_url, \
            running(database_url, broker_url, tmp_path / "logs", port=free_port(), api_workers=1) as stack:
        report = run(stack, clients=10, seconds=5, settle_timeout=300)
    assert report["problems"] == []
    requests = report["requests"]
    assert requests[SUBMIT] > 10 and requests[QUERY] > 10  # type: ignore[index]
    assert report["stored"] == {"done": report["accepted"]}
    assert report["documents_with_events"] == report["accepted"]


def test_the_checks_catch_lost_failed_and_eventless_documents() -> None:
    tally = Tally(accepted={1, 2, 3})
    tally.latencies[SUBMIT] += [0.01, 0.02, 0.03]
    assert problems(tally, Settled({"done": 3}, {1, 2, 3}, 0.0)) == []
    assert any("3 documents accepted but 2 stored" in p for p in problems(tally, Settled({"done": 2}, {1, 2}, 0.0)))
    assert any("not every document is done" in p for p in problems(tally, Settled({"done": 2, "failed": 1}, {1, 2, 3}, 0.0)))
    assert any("have no events" in p for p in problems(tally, Settled({"done": 3}, {1, 2}, 0.0)))
    tally.errors["query 500 boom"] += 2
    assert "2 x query 500 boom" in problems(tally, Settled({"done": 3}, {1, 2, 3}, 0.0))


def test_percentiles_by_nearest_rank() -> None:
    latencies = [i / 1000 for i in range(1, 101)]  # 1 ms .. 100 ms
    assert percentiles(latencies) == pytest.approx({"p50": 50.0, "p95": 95.0, "p99": 99.0})
    assert percentiles([0.2]) == pytest.approx({"p50": 200.0, "p95": 200.0, "p99": 200.0})
