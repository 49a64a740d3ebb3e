"""What the fuzzer found, each pinned by a test: bodies the framework could not even decode (a bare
400), and the JSON exports of GET /timeline, which the OpenAPI document described as a page of events."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.schemas import ExportOut, TimelineJSOut, TimelineOut
from tests.api.conftest import seed_payload


@pytest.mark.parametrize("path", ["/documents", "/documents/batch"])
# Not UTF-8; or UTF-8 with NULs in the first bytes, from which the JSON parser guesses UTF-16 or -32.
@pytest.mark.parametrize("body", [b"W+\xff\xfe", b"\xff", b'{"text": "x"\xff', b"j\x006\xef\xbf\xbdy\x1b",
                                  "j\x006\ufffdy\ufffd\ufffdJ2\ufffd\x1b\x1f\x03".encode(), b"\x00\x00\x00{", b"{\x00"])
def test_a_body_neither_utf8_nor_json_is_a_422_naming_the_body(client: TestClient, path: str, body: bytes) -> None:
    answer = client.post(path, content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 422, answer.text
    [error] = answer.json()["detail"]
    assert error["loc"][0] == "body" and error["type"] == "json_invalid" and error["msg"]


def test_bad_utf8_inside_json_still_names_its_field(client: TestClient) -> None:
    answer = client.post("/documents", content=b'{"text": "a\xff"}', headers={"content-type": "application/json"})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "text"]


def test_the_openapi_document_describes_every_json_answer_of_the_timeline(client: TestClient) -> None:
    declared = client.get("/openapi.json").json()["paths"]["/timeline"]["get"]["responses"]["200"]
    schema = declared["content"]["application/json"]["schema"]
    refs = {option["$ref"].rsplit("/", 1)[-1] for option in schema["anyOf"]}
    assert refs == {"TimelineOut", "ExportOut", "TimelineJSOut"}
    assert client.post("/documents", json=seed_payload()).status_code == 202
    params = {"collection": "ukraine-strikes"}
    page = client.get("/timeline", params=params).json()
    export = client.get("/timeline", params={**params, "format": "json"}).json()
    timelinejs = client.get("/timeline", params={**params, "format": "timelinejs"}).json()
    assert TimelineOut.model_validate(page).events
    assert ExportOut.model_validate(export).count == len(export["entries"]) > 0
    assert TimelineJSOut.model_validate(timelinejs).events
    with pytest.raises(ValueError):
        TimelineOut.model_validate(export)  # the shape the document used to promise for every JSON answer


def test_the_openapi_document_says_what_a_valid_submission_is(client: TestClient) -> None:
    import re

    from chronicle.pipeline import languages

    fields = client.get("/openapi.json").json()["components"]["schemas"]["DocumentIn"]["properties"]
    assert fields["lang"]["enum"] == list(languages())
    text, url = re.compile(fields["text"]["pattern"]), re.compile(fields["url"]["pattern"])
    # What the patterns allow, the API accepts; what they refuse, it refuses.
    for value, allowed in (("Talks resumed on Monday.", True), (" \n\t", False), ("", False)):
        assert bool(text.search(value)) is allowed
        answer = client.post("/documents", json={"text": value})
        assert (answer.status_code == 202) is allowed, answer.text
    for value, allowed in (("https://example.org/a?b=c", True), ("javascript:alert(1)", False),
                           ("ftp://example.org/", False), ("https://", False)):
        assert bool(url.search(value)) is allowed
        answer = client.post("/documents", json={"text": f"Talks resumed on Monday ({value}).", "url": value})
        assert (answer.status_code == 202) is allowed, answer.text
