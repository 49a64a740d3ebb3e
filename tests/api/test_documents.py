"""POST /documents and GET /documents/{id}: accepted, de-duplicated, processed, read back."""

from __future__ import annotations

from fastapi.testclient import TestClient

from chronicle.temporal.timex import Timex
from tests.api.conftest import SEED_TEXT, seed_payload


def test_submit_processes_in_process_and_reads_back(client: TestClient) -> None:
    response = client.post("/documents", json=seed_payload())
    assert response.status_code == 202
    body = response.json()
    assert set(body) == {"id", "status", "duplicate"} and body["duplicate"] is False
    assert body["status"] == "done"  # the embedded default processes before answering
    assert response.headers["location"] == f"/documents/{body['id']}"
    document = client.get(response.headers["location"]).json()
    assert list(document)[:7] == ["id", "status", "error", "published_at", "published_at_source", "timexes", "events"]
    assert document["status"] == "done" and document["error"] is None
    assert document["published_at"] == "2024-07-12" and document["published_at_source"] == "given"
    values = [(t["text"], t["value"], t["mod"]) for t in document["timexes"]]
    assert ("late May", "2024-05", "END") in values and ("late June", "2024-06", "END") in values
    for timex in document["timexes"]:  # the same shape as `chronicle parse --json`
        assert Timex.from_json(timex).to_json() == timex
        assert SEED_TEXT[timex["start"]:timex["end"]] == timex["text"]
    assert document["events"] and all(e["sentence"] in SEED_TEXT for e in document["events"])
    assert document["extractor_version"] and document["attempts"] == 1


def test_same_content_again_is_the_existing_document(client: TestClient) -> None:
    first = client.post("/documents", json=seed_payload()).json()
    respaced = seed_payload(text="  " + SEED_TEXT.replace(" ", "  ") + "\n", title="Another title")
    again = client.post("/documents", json=respaced)
    assert again.status_code == 202
    assert again.json() == {"id": first["id"], "status": "done", "duplicate": True}
    elsewhere = client.post("/documents", json=seed_payload(collection="other")).json()
    assert elsewhere["id"] != first["id"] and elsewhere["duplicate"] is False


def test_publication_date_from_dateline_or_submission(client: TestClient) -> None:
    dated = client.post("/documents", json={"text": "KYIV, June 3, 2024 (Reuters) - Talks resumed on Monday."}).json()
    document = client.get(f"/documents/{dated['id']}").json()
    assert (document["published_at"], document["published_at_source"]) == ("2024-06-03", "dateline")
    undated = client.post("/documents", json={"text": "Talks resumed on Monday."}).json()
    document = client.get(f"/documents/{undated['id']}").json()
    assert document["published_at_source"] == "submitted" and "T" in document["published_at"]


def test_published_at_keeps_its_zone(client: TestClient) -> None:
    answer = client.post("/documents", json={"text": "It happened yesterday.",
                                             "published_at": "2024-07-12T22:30:00-05:00"}).json()
    assert client.get(f"/documents/{answer['id']}").json()["published_at"] == "2024-07-12T22:30:00-05:00"


def test_external_id_reused_for_other_content_is_409(client: TestClient) -> None:
    assert client.post("/documents", json={"text": "One.", "source": "wire", "external_id": "1"}).status_code == 202
    response = client.post("/documents", json={"text": "Two.", "source": "wire", "external_id": "1"})
    assert response.status_code == 409
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "external_id"] and "different content" in error["msg"]


def test_unknown_document_is_404_and_bad_ids_422(client: TestClient) -> None:
    response = client.get("/documents/424242")
    assert response.status_code == 404 and "424242" in response.json()["detail"][0]["msg"]
    assert client.get("/documents/abc").status_code == 422
    assert client.get("/documents/0").status_code == 422
    assert client.get(f"/documents/{2**70}").status_code == 422


def test_batch_answers_per_document(client: TestClient) -> None:
    client.post("/documents", json={"text": "Held.", "external_id": "h"})
    response = client.post("/documents/batch", json={"documents": [
        {"text": "First of the batch, on Monday."}, {"text": "Second."}, {"text": "First  of the batch, on Monday."},
        {"text": "Other.", "external_id": "h"},
    ]})
    assert response.status_code == 202
    items = response.json()["documents"]
    assert [item["index"] for item in items] == [0, 1, 2, 3]
    assert [item["duplicate"] for item in items[:3]] == [False, False, True]
    assert items[0]["id"] == items[2]["id"] and items[0]["status"] == "done"
    assert items[3]["id"] is None and "external_id 'h'" in items[3]["error"]


def test_reading_the_batch_endpoint_is_405_not_a_bad_id(client: TestClient) -> None:
    for method in ("GET", "HEAD", "PUT", "DELETE"):
        response = client.request(method, "/documents/batch")
        assert response.status_code == 405, method
        assert response.headers["allow"] == "POST", method
    assert client.get("/documents/batch/timeml").status_code == 422  # no such document, as for any bad id
