"""GET /health, OpenAPI, and what a submission does while the broker is down."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from chronicle.store import due_for_sending, statuses
from tests.servers import free_port


def test_health_embedded(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "embedded"}


def test_broker_down_health_is_503_and_submissions_wait_in_the_database(make_client: Callable[..., TestClient]) -> None:
    client = make_client(broker_url=f"redis://127.0.0.1:{free_port()}/0")
    health = client.get("/health")
    assert health.status_code == 503 and health.json()["broker"] == "unavailable"
    began = time.monotonic()
    response = client.post("/documents", json={"text": "Submitted while the broker was down, on Monday."})
    assert time.monotonic() - began < 20  # answered promptly, not after endless reconnects
    assert response.status_code == 202 and response.json()["status"] == "queued"
    document_id = response.json()["id"]
    db = client.app.state.db  # type: ignore[attr-defined]
    with db.read() as session:
        assert statuses(session=session, ids=[document_id]) == {document_id: ("queued", None)}
    with db.write() as session:  # the reconciler's next run picks it up
        due = due_for_sending(session=session, now=datetime.now(UTC) + timedelta(minutes=1),
                              requeue_after=timedelta(hours=1), limit=10)
    assert due == [document_id]


def test_openapi_documents_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/documents", "/documents/batch", "/documents/{document_id}", "/timeline", "/health"} <= set(paths)
    assert client.get("/docs").status_code == 200


def test_database_down_is_503_not_500(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from api.app import create_app
    from chronicle.settings import load_settings

    # No lifespan (no `with`): the app does not try to migrate, so requests meet the dead database.
    settings = load_settings(database_url=f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/gone")
    client = TestClient(create_app(settings), raise_server_exceptions=False)
    response = client.post("/documents", json={"text": "Nobody is listening."})
    assert response.status_code == 503 and response.headers["retry-after"] == "5"
    assert client.get("/timeline").status_code == 503
    health = client.get("/health")
    assert health.status_code == 503 and health.json()["database"] == "unavailable"
