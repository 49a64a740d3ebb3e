"""Bad input is answered with a 4xx naming the field, and nothing of the request is stored."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from chronicle.store import count_by_status


def _stored(client: TestClient) -> int:
    with client.app.state.db.read() as session:  # type: ignore[attr-defined]
        return sum(count_by_status(session=session).values())


def _error(response, status: int) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert response.status_code == status, response.text
    [error] = response.json()["detail"]
    assert "input" not in error  # the submitted value is never echoed back
    return error  # type: ignore[no-any-return]


@pytest.mark.parametrize(("body", "loc", "words"), [
    ({"text": ""}, ["body", "text"], "empty"),
    ({"text": " \n\t "}, ["body", "text"], "white space"),
    ({"text": "x", "published_at": "12/07/2024"}, ["body", "published_at"], "ISO 8601"),
    ({"text": "x", "published_at": "2024-02-30"}, ["body", "published_at"], "ISO 8601"),
    ({"text": "x", "colour": "red"}, ["body", "colour"], "not permitted"),
    ({"text": "x", "url": "javascript:alert(1)"}, ["body", "url"], "http"),
    ({"text": "x", "collection": "no spaces allowed"}, ["body", "collection"], "pattern"),
    ({"text": "x", "title": "a\u0000b"}, ["body", "title"], "NUL"),
    ({"title": "no text"}, ["body", "text"], "required"),
    ({"text": 42}, ["body", "text"], "string"),
])
def test_invalid_fields_are_named(client: TestClient, body: dict, loc: list, words: str) -> None:  # type: ignore[type-arg]
    error = _error(client.post("/documents", json=body), 422)
    assert error["loc"] == loc and words.lower() in error["msg"].lower()
    assert _stored(client) == 0


def test_invalid_utf8_bytes_are_reported_on_their_field(client: TestClient) -> None:
    body = b'{"text": "caf\xe9 au lait", "title": "ok"}'
    error = _error(client.post("/documents", content=body, headers={"content-type": "application/json"}), 422)
    assert error["loc"] == ["body", "text"] and "UTF-8" in error["msg"]
    assert _stored(client) == 0


def test_escaped_lone_surrogate_is_reported_on_its_field(client: TestClient) -> None:
    body = b'{"text": "ok", "title": "\\ud800 lone surrogate"}'
    error = _error(client.post("/documents", content=body, headers={"content-type": "application/json"}), 422)
    assert error["loc"] == ["body", "title"] and "UTF-8" in error["msg"]


def test_malformed_json_is_422(client: TestClient) -> None:
    response = client.post("/documents", content=b'{"text": ', headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["detail"][0]["type"] == "json_invalid"


def test_text_over_the_limit_is_413(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_text_bytes=1_000)
    error = _error(client.post("/documents", json={"text": "é" * 501}), 413)  # 1,002 bytes in UTF-8
    assert error["loc"] == ["body", "text"] and "1002 bytes" in error["msg"] and "1000" in error["msg"]
    batch = client.post("/documents/batch", json={"documents": [{"text": "fine"}, {"text": "x" * 1_001}]})
    assert _error(batch, 413)["loc"] == ["body", "documents", 1, "text"]
    assert _stored(client) == 0


def test_body_over_the_request_limit_is_413_before_parsing(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_request_bytes=10_000)
    error = _error(client.post("/documents", content=b"{" + b" " * 20_000, headers={"content-type": "application/json"}), 413)
    assert error["loc"] == ["body"] and "10000 bytes" in error["msg"]


def test_batch_with_one_bad_document_stores_none(client: TestClient) -> None:
    response = client.post("/documents/batch", json={"documents": [{"text": "Good."}, {"text": "   "}]})
    assert _error(response, 422)["loc"] == ["body", "documents", 1, "text"]
    assert _stored(client) == 0


def test_batch_over_the_count_limit_is_413(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_batch_documents=2)
    response = client.post("/documents/batch", json={"documents": [{"text": f"D{i}."} for i in range(3)]})
    assert _error(response, 413)["loc"] == ["body", "documents"]
    assert _error(client.post("/documents/batch", json={"documents": []}), 422)["loc"] == ["body", "documents"]
    assert _stored(client) == 0


def test_nul_in_text_is_stored_as_replacement_character(client: TestClient) -> None:
    from chronicle.store.models import DocumentRow

    answer = client.post("/documents", json={"text": "Binary\u0000junk, then late May."}).json()
    assert answer["status"] == "done"
    with client.app.state.db.read() as session:  # type: ignore[attr-defined]
        assert session.get(DocumentRow, answer["id"]).text == "Binary\ufffdjunk, then late May."


def test_unsupported_language_is_named(client: TestClient) -> None:
    error = _error(client.post("/documents", json={"text": "Hola.", "lang": "zz"}), 422)
    assert error["loc"] == ["body", "lang"] and "'zz' is not a supported language" in error["msg"]
