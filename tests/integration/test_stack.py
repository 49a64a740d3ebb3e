"""The distributed stack end to end: HTTP in, Redis, a real worker process, PostgreSQL out."""

from __future__ import annotations

import http.client
import threading
import time
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import func, select

from chronicle.ingest import DocumentIn, prepare
from chronicle.store import Database, add_documents, count_by_status, mark_unsent, query_events
from chronicle.store.models import DocumentRow, TimexRow
from tests.api.conftest import seed_payload
from tests.integration.conftest import Stack, wait_for

pytestmark = pytest.mark.integration


def _finished(stack: Stack, document_id: int) -> dict | None:  # type: ignore[type-arg]
    document = httpx.get(f"{stack.api}/documents/{document_id}", timeout=10).json()
    return document if document["status"] in ("done", "failed") else None


def test_health(stack: Stack) -> None:
    response = httpx.get(f"{stack.api}/health", timeout=10)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_an_idle_connection_is_kept_past_common_client_keep_alive(stack: Stack) -> None:
    # httpx and most clients reuse an idle connection for 5 s: the server must not close it first.
    host, port = stack.api.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", "/health")
        assert connection.getresponse().read() and connection.sock is not None
        first = connection.sock
        time.sleep(6)
        connection.request("GET", "/health")  # on the same socket: a closed one raises RemoteDisconnected
        response = connection.getresponse()
        assert response.status == 200 and connection.sock is first
    finally:
        connection.close()


def test_seed_over_http_to_postgres_and_back(stack: Stack) -> None:
    response = httpx.post(f"{stack.api}/documents", json=seed_payload(), timeout=30)
    assert response.status_code == 202 and response.json()["duplicate"] is False
    document_id = response.json()["id"]
    document = wait_for(lambda: _finished(stack, document_id), 60, "the seed to be processed", stack)
    assert document["status"] == "done", document["error"]
    timeline = httpx.get(f"{stack.api}/timeline", params={"collection": "ukraine-strikes"}, timeout=10).json()
    dated = [(e["start"][:10], e["end"][:10], e["timex_text"]) for e in timeline["events"]]
    assert dated.count(("2024-05-21", "2024-06-01", "late May")) == 1
    assert ("2024-05-21", "2024-06-01", "at the time") in dated
    assert ("2024-06-21", "2024-07-01", "late June") in dated
    assert ("2024-07-11", "2024-07-12", "Thursday") in dated
    keys = [(e["start"], -(datetime.fromisoformat(e["end"]) - datetime.fromisoformat(e["start"])).total_seconds())
            for e in timeline["events"]]
    assert keys == sorted(keys)
    with Database(stack.database_url).read() as session:  # the same rows, straight from PostgreSQL
        stored = query_events(session=session, collection="ukraine-strikes", limit=1000).events
    assert [e.id for e in stored] == [e["id"] for e in timeline["events"]]


def test_batch_then_the_same_batch_again_concurrently(stack: Stack) -> None:
    documents = [{"text": f"Report {i}: the ceasefire talks resumed on Monday, after {i} days of delay.",
                  "published_at": "2024-07-12", "collection": "batch-run", "external_id": f"r-{i}"}
                 for i in range(60)]
    first = httpx.post(f"{stack.api}/documents/batch", json={"documents": documents}, timeout=60)
    assert first.status_code == 202
    ids = [item["id"] for item in first.json()["documents"]]
    assert len(set(ids)) == 60 and not any(item["duplicate"] for item in first.json()["documents"])
    answers: list[list[dict]] = []  # type: ignore[type-arg]

    def again() -> None:
        answers.append(httpx.post(f"{stack.api}/documents/batch", json={"documents": documents}, timeout=60)
                       .json()["documents"])

    threads = [threading.Thread(target=again) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all([item["id"] for item in answer] == ids and all(item["duplicate"] for item in answer)
               for answer in answers)
    db = Database(stack.database_url)

    def all_done() -> bool:
        with db.read() as session:
            return count_by_status(session=session, collection="batch-run") == {"done": 60}

    wait_for(all_done, 120, "the batch to be processed", stack)
    with db.read() as session:
        events = query_events(session=session, collection="batch-run", limit=1000).events
    assert sorted(e.document_id for e in events) == sorted(ids)  # one event per report, none twice
    with db.read() as session:  # and in the tables: one document per report, two timexes ("Monday", "N days")
        documents = session.scalar(select(func.count()).where(DocumentRow.collection == "batch-run"))
        timexes = session.scalar(select(func.count()).select_from(TimexRow).where(TimexRow.document_id.in_(ids)))
    assert (documents, timexes) == (60, 120)


def test_a_document_never_sent_is_found_by_the_reconciler(stack: Stack) -> None:
    db = Database(stack.database_url)
    now = datetime.now(UTC)
    lost = prepare(DocumentIn(text="The bridge reopened on Tuesday.", published_at="2024-07-12",
                              collection="reconciled"), now=now)
    with db.write() as session:  # committed, but its task never reached the broker
        [answer] = add_documents(session=session, documents=[lost], now=now)
        mark_unsent(session=session, ids=[answer.id])
    document = wait_for(lambda: _finished(stack, answer.id), 60, "the reconciler to send the lost document", stack)
    assert document["status"] == "done"
    assert [t["value"] for t in document["timexes"]] == ["2024-07-09"]  # 12 July 2024 was a Friday


def test_ingest_waits_for_the_workers(stack: Stack) -> None:
    import subprocess

    from tests.conftest import SEEDS
    from tests.integration.conftest import CHRONICLE

    args = [CHRONICLE, "ingest", str(SEEDS), "--collection", "ingested", "--wait", "--timeout", "120"]
    result = subprocess.run(args, capture_output=True, text=True, env=stack.env, timeout=180)
    seeds = len(list(SEEDS.glob("*.txt")))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{seeds} submitted (processed), 0 duplicate(s) skipped, 0 failed" in result.stdout
    with Database(stack.database_url).read() as session:
        assert count_by_status(session=session, collection="ingested") == {"done": seeds}
