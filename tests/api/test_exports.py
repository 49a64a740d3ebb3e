"""GET /timeline?format=…: the whole filtered timeline, merged across sources, in each export format;
the new filters; GET /collections."""

from __future__ import annotations

import csv
import io
import json

import icalendar
import pytest
from fastapi.testclient import TestClient

from tests.conftest import SEEDS

COLLECTION = "ukraine-strikes"


def ingest_seeds(client: TestClient, collection: str = COLLECTION) -> None:
    """POST every seed document (processed in-process: the embedded default)."""
    for path in sorted(SEEDS.glob("*.txt")):
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        body = {"text": path.read_text(encoding="utf-8"), "title": meta["title"], "source": meta["source"],
                "published_at": meta["published_at"], "collection": collection}
        assert client.post("/documents", json=body).status_code == 202


@pytest.fixture
def seeded(client: TestClient) -> TestClient:
    ingest_seeds(client)
    return client


def export(client: TestClient, fmt: str, **params: str):  # type: ignore[no-untyped-def]
    response = client.get("/timeline", params={"collection": COLLECTION, "format": fmt, **params})
    assert response.status_code == 200, response.text
    return response


def test_json_export_merges_sources_and_shows_the_conflict(seeded: TestClient) -> None:
    entries = export(seeded, "json").json()["entries"]
    approval = next(e for e in entries if e["events"][0]["trigger"] == "authorized")
    assert len(approval["sources"]) == 2 and "seed" in approval["sources"]
    signaled = next(e for e in entries if e["events"][0]["trigger"] == "signaled")
    assert [c["value"] for c in signaled["conflicts"]] == ["2024-07-10"]
    apart = export(seeded, "json", merge="false").json()["entries"]
    assert all(len(e["events"]) == 1 for e in apart) and len(apart) > len(entries)
    starts = [e["start"] for e in entries if e["start"]]
    assert starts == sorted(starts) and len(starts) == len(entries) - 1  # one undated "later" event


def test_csv_ics_and_timelinejs_parse_back(seeded: TestClient) -> None:
    response = export(seeded, "csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == f'attachment; filename="{COLLECTION}.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert any(r["display_date"] == "late May 2024" for r in rows)
    calendar = icalendar.Calendar.from_ical(export(seeded, "ics").text)
    days = {(v.decoded("DTSTART").isoformat(), v.decoded("DTEND").isoformat()) for v in calendar.walk("VEVENT")}
    assert ("2024-06-24", "2024-06-25") in days and ("2024-05-21", "2024-06-01") in days
    slides = export(seeded, "timelinejs").json()["events"]
    groups = {s["group"] for s in slides}
    assert "seed" in groups and len(groups) == 4
    assert len(slides) == len([r for r in rows if r["start"]]) == len(rows) - 1  # a calendar has no "later"


def test_new_filters_narrow_pages_and_exports(seeded: TestClient) -> None:
    base = {"collection": COLLECTION}
    every = seeded.get("/timeline", params={**base, "limit": 1000}).json()["events"]
    biden = seeded.get("/timeline", params={**base, "participant": "biden", "limit": 1000}).json()["events"]
    assert biden and len(biden) < len(every) and all(
        any("biden" in p.lower() for p in e["participants"]) for e in biden)
    days = seeded.get("/timeline", params={**base, "min_precision": "day", "limit": 1000}).json()["events"]
    assert days and all(e["grain"] in ("day", "hour", "minute", "second") for e in days)
    certain = seeded.get("/timeline", params={**base, "flagged": "exclude", "limit": 1000}).json()["events"]
    future = seeded.get("/timeline", params={**base, "flagged": "only", "limit": 1000}).json()["events"]
    assert len(certain) + len(future) == len(every) and future and all("future" in e["flags"] for e in future)
    assert len(export(seeded, "csv", participant="biden", merge="false").text.strip().splitlines()) == len(biden) + 1


@pytest.mark.parametrize("params, loc", [
    ({"format": "xlsx"}, ["query", "format"]), ({"min_precision": "fortnight"}, ["query", "min_precision"]),
    ({"flagged": "maybe"}, ["query", "flagged"]), ({"merge": "perhaps"}, ["query", "merge"]),
])
def test_bad_export_queries_name_the_parameter(client: TestClient, params: dict[str, str], loc: list[str]) -> None:
    response = client.get("/timeline", params=params)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == loc


def test_too_large_an_export_is_refused(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(export_max_events=3)
    ingest_seeds(client)
    response = client.get("/timeline", params={"collection": COLLECTION, "format": "json"})
    assert response.status_code == 422 and "narrow the filters" in response.json()["detail"][0]["msg"]


def test_collections_lists_what_was_ingested(seeded: TestClient) -> None:
    ingest_seeds(seeded, "second")
    names = {c["name"]: c for c in seeded.get("/collections").json()["collections"]}
    assert set(names) == {COLLECTION, "second"} and names[COLLECTION]["documents"] == 4
    assert names[COLLECTION]["events"] == names["second"]["events"] > 10


def test_the_page_and_its_assets_are_served_with_a_strict_policy(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert '<script src="/page/page.js" type="module">' in page.text and "http" not in page.text.split("<body>")[1]
    assert client.get("/page/page.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/page/page.css").status_code == 200
    assert client.get("/page/index.html").status_code == 404
    assert client.get("/page/..%2Fapp.py").status_code == 404


def test_timeml_of_one_document_parses_back_with_its_timexes(client: TestClient) -> None:
    from chronicle.formats.timeml_reader import parse_timeml

    path = SEEDS / "us-strike-restrictions.txt"
    body = {"text": path.read_text(encoding="utf-8"), "published_at": "2024-07-12", "collection": COLLECTION}
    document_id = client.post("/documents", json=body).json()["id"]
    response = client.get(f"/documents/{document_id}/timeml")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    document = parse_timeml(response.text)
    assert document.text == body["text"] and document.dct.startswith("2024-07-12")
    assert [(t.text, t.value) for t in document.timexes][:2] == [("late May", "2024-05"), ("at the time", "2024-05")]
    assert client.get("/documents/999/timeml").status_code == 404


def test_a_later_event_follows_the_one_before_it_without_a_date(seeded: TestClient) -> None:
    entries = export(seeded, "json", source="seed").json()["entries"]
    later = next(i for i, e in enumerate(entries) if e["display_date"] == "later")
    event = entries[later]["events"][0]
    assert event["start"] is None and "Pentagon officials later also confirmed" in event["text"]
    assert event["follows"] == entries[later - 1]["events"][0]["id"]
    assert entries[later - 1]["events"][0]["timex_text"] == "at the time"
    dated = export(seeded, "json", source="seed", **{"from": "2024-01-01"}).json()["entries"]
    assert all(e["display_date"] != "later" for e in dated)  # an undated event matches no date range
    rows = list(csv.DictReader(io.StringIO(export(seeded, "csv", source="seed").text)))
    assert [r["display_date"] for r in rows].count("later") == 1
