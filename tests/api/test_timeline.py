"""GET /timeline: the seed's events in order, filters, pages, and bad queries."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.api.conftest import seed_payload

CONTRACT = ["id", "document_id", "start", "end", "grain", "value", "mod", "text", "sentence", "timex_text",
            "source", "title"]


def test_seed_timeline_in_order(client: TestClient) -> None:
    document_id = client.post("/documents", json=seed_payload()).json()["id"]
    response = client.get("/timeline", params={"collection": "ukraine-strikes"})
    assert response.status_code == 200
    body = response.json()
    assert body["next_cursor"] is None
    events = body["events"]
    assert events and all(list(e)[:12] == CONTRACT for e in events)
    assert all(e["document_id"] == document_id and e["source"] == "seed" for e in events)
    starts = [(e["start"], e["end"]) for e in events]
    assert starts == sorted(starts, key=lambda s: (s[0], [-ord(c) for c in s[1]]))
    late_may = [e for e in events if e["start"] == "2024-05-21T00:00:00+00:00"]
    assert late_may and late_may[0]["end"] == "2024-06-01T00:00:00+00:00" and late_may[0]["mod"] == "END"
    assert any(e["start"] == "2024-06-21T00:00:00+00:00" for e in events)  # late June
    assert any(e["start"] == "2024-07-11T00:00:00+00:00" for e in events)  # Thursday, not the 18th


def test_filters_and_unknown_collection(client: TestClient) -> None:
    client.post("/documents", json=seed_payload())
    june = client.get("/timeline", params={"collection": "ukraine-strikes", "from": "2024-06-01", "to": "2024-07-01"})
    assert june.status_code == 200
    assert {e["start"][:10] for e in june.json()["events"]} == {"2024-06-21"}
    moscow = client.get("/timeline", params={"collection": "ukraine-strikes", "q": "moscow accused"}).json()["events"]
    assert moscow and all("moscow accused" in (e["text"] + e["sentence"]).lower() for e in moscow)
    assert client.get("/timeline", params={"collection": "nobody-wrote-this"}).json() == {"events": [], "next_cursor": None}


def test_pages_by_cursor(client: TestClient) -> None:
    client.post("/documents", json=seed_payload())
    everything = client.get("/timeline", params={"collection": "ukraine-strikes"}).json()["events"]
    seen, cursor = [], None
    while True:
        params = {"collection": "ukraine-strikes", "limit": 1, **({"cursor": cursor} if cursor else {})}
        page = client.get("/timeline", params=params).json()
        seen += page["events"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [e["id"] for e in seen] == [e["id"] for e in everything] and len(seen) >= 3


def test_bad_queries_name_the_parameter(make_client: Callable[..., TestClient]) -> None:
    client = make_client(timeline_max_limit=50, timeline_default_limit=10)
    for params, loc in [
        ({"limit": 51}, ["query", "limit"]), ({"limit": 0}, ["query", "limit"]),
        ({"cursor": "not-a-cursor"}, ["query", "cursor"]), ({"from": "last week"}, ["query", "from"]),
        ({"from": "2024-07-01", "to": "2024-06-01"}, ["query", "to"]), ({"collection": "a b"}, ["query", "collection"]),
        ({"document": "x"}, ["query", "document"]),
    ]:
        response = client.get("/timeline", params=params)
        assert response.status_code == 422, params
        assert response.json()["detail"][0]["loc"] == loc, params


def test_unknown_parameters_are_refused_by_name(client: TestClient) -> None:
    client.post("/documents", json=seed_payload())
    for params, unknown in [({"collection": "ukraine-strikes", "qq": "moscow"}, "qq"), ({"since": "2024-06-01"}, "since"),
                            ({"q": "moscow", "format": "csv", "merged": "false"}, "merged")]:
        response = client.get("/timeline", params=params)
        assert response.status_code == 422, params
        assert [error["loc"] for error in response.json()["detail"]] == [["query", unknown]], params
    known = {"collection": "ukraine-strikes", "from": "2024-01-01", "to": "2025-01-01", "q": "moscow", "participant": "",
             "source": "seed", "min_precision": "month", "flagged": "include", "merge": "true", "limit": 5}
    assert client.get("/timeline", params=known).json()["events"]
