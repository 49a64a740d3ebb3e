"""GET /timeline?format=…, the filters end to end, merge on and off, GET /documents/{id}/timeml,
GET /collections and the page's headers: every export parsed back."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime

import icalendar
import pytest
from fastapi.testclient import TestClient

from tests.conftest import SEEDS

COLLECTION = "ukraine-strikes"
at = datetime.fromisoformat


def ingest_seeds(client: TestClient) -> dict[str, int]:
    """Every seed document into the collection; their ids by source."""
    ids = {}
    for text_path in sorted(SEEDS.glob("*.txt")):
        meta = json.loads(text_path.with_suffix(".json").read_text(encoding="utf-8"))
        body = {"text": text_path.read_text(encoding="utf-8"), "collection": COLLECTION,
                **{key: meta[key] for key in ("title", "source", "published_at", "url") if key in meta}}
        answer = client.post("/documents", json=body)
        assert answer.status_code == 202, answer.text
        ids[meta["source"]] = answer.json()["id"]
    return ids


@pytest.fixture
def seeded(client: TestClient) -> tuple[TestClient, dict[str, int]]:
    return client, ingest_seeds(client)


def get(client: TestClient, **params: object):  # type: ignore[no-untyped-def]
    return client.get("/timeline", params={"collection": COLLECTION, **params})


def test_json_export_merges_reports_and_shows_conflicts_on_both_sides(seeded) -> None:  # type: ignore[no-untyped-def]
    client, ids = seeded
    answer = get(client, format="json")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["content-disposition"] == f'attachment; filename="{COLLECTION}.json"'
    data = answer.json()
    assert data["title"] == COLLECTION and data["count"] == len(data["entries"])
    merged = [e for e in data["entries"] if len(e["events"]) > 1]
    assert merged and all(len({r["document_id"] for r in e["events"]}) == len(e["events"]) for e in merged)
    assert all(len(e["sources"]) >= 2 for e in merged)
    approval = next(e for e in merged if any("Washington approved" in r["text"] for r in e["events"]))
    assert {r["display_date"] for r in approval["events"]} == {"May 30, 2024", "late May 2024"}
    clashing = [e for e in data["entries"] if e["conflicts"]]
    assert len(clashing) == 2  # Wednesday against Thursday, listed on each side
    assert {c["display_date"] for e in clashing for c in e["conflicts"]} == {"July 10, 2024", "July 11, 2024"}
    unmerged = get(client, format="json", merge="false").json()
    reports = sum(len(e["events"]) for e in data["entries"])
    assert unmerged["count"] == reports > data["count"]
    assert all(len(e["events"]) == 1 for e in unmerged["entries"])
    assert sum(1 for e in unmerged["entries"] if e["conflicts"]) == 2  # conflicts are never hidden


def test_csv_export_parses_back_one_row_per_entry(seeded) -> None:  # type: ignore[no-untyped-def]
    client, _ = seeded
    answer = get(client, format="csv")
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"] == f'attachment; filename="{COLLECTION}.csv"'
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    entries = get(client, format="json").json()["entries"]
    assert [r["key"] for r in rows] == [e["key"] for e in entries]
    assert any(r["display_date"] == "late May 2024" and r["start"].startswith("2024-05-21") for r in rows)
    assert any("; " in r["sources"] for r in rows)


def test_ics_export_is_a_calendar_of_all_day_events(seeded) -> None:  # type: ignore[no-untyped-def]
    client, _ = seeded
    answer = get(client, format="ics", source="seed")
    assert answer.headers["content-type"] == "text/calendar; charset=utf-8"
    assert answer.headers["content-disposition"] == f'attachment; filename="{COLLECTION}.ics"'
    calendar = icalendar.Calendar.from_ical(answer.text)
    assert str(calendar["X-WR-CALNAME"]) == COLLECTION
    spans = sorted((v.decoded("DTSTART").isoformat(), v.decoded("DTEND").isoformat()) for v in calendar.walk("VEVENT"))
    assert ("2024-05-21", "2024-06-01") in spans and ("2024-06-21", "2024-07-01") in spans
    assert ("2024-07-11", "2024-07-12") in spans
    again = icalendar.Calendar.from_ical(get(client, format="ics", source="seed").text)
    assert [str(v["UID"]) for v in again.walk("VEVENT")] == [str(v["UID"]) for v in calendar.walk("VEVENT")]


def test_timelinejs_export_has_the_timelinejs_shape(seeded) -> None:  # type: ignore[no-untyped-def]
    client, _ = seeded
    answer = get(client, format="timelinejs")
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["content-disposition"] == f'attachment; filename="{COLLECTION}.timeline.json"'
    data = answer.json()
    assert data["title"]["text"]["headline"] == COLLECTION
    for event in data["events"]:
        assert set(event) >= {"start_date", "text", "unique_id", "display_date", "group"}
        assert "year" in event["start_date"] and set(event["start_date"]) <= {"year", "month", "day", "hour", "minute", "second"}
        assert set(event["text"]) == {"headline", "text"}
    late_may = next(e for e in data["events"] if e["display_date"] == "late May 2024")
    assert late_may["start_date"] == {"year": 2024, "month": 5}


@pytest.mark.parametrize("fmt", ["json", "csv", "ics", "timelinejs"])
def test_every_filter_narrows_every_export(seeded, fmt: str) -> None:  # type: ignore[no-untyped-def]
    client, ids = seeded
    everything = get(client, format="json", merge="false").json()["entries"]
    cases = {
        "from/to": ({"from": "2024-06-01", "to": "2024-07-01"},
                    lambda r: r["start"] is not None and at(r["start"]) < at("2024-07-01T00:00+00:00")
                    and at(r["end"]) > at("2024-06-01T00:00+00:00")),
        "q": ({"q": "atacms"}, lambda r: "atacms" in (r["text"] + r["sentence"]).lower()),
        "participant": ({"participant": "zelensky"}, lambda r: any("zelensky" in p.lower() for p in r["participants"])),
        "source": ({"source": "seed"}, lambda r: r["source"] == "seed"),
        "document": ({"document": ids["seed"]}, lambda r: r["document_id"] == ids["seed"]),
        "min_precision": ({"min_precision": "day"}, lambda r: r["grain"] in ("day", "hour", "minute", "second")),
        "flagged=exclude": ({"flagged": "exclude"}, lambda r: not {"future", "negated", "hypothetical", "conditional"} & set(r["flags"])),
        "flagged=only": ({"flagged": "only"}, lambda r: bool({"future", "negated", "hypothetical", "conditional"} & set(r["flags"]))),
    }
    for name, (params, keep) in cases.items():
        expected = [e["events"][0]["id"] for e in everything if keep(e["events"][0])]
        assert 0 < len(expected) < len(everything), name
        shown = get(client, format="json", merge="false", **params).json()["entries"]
        assert [e["events"][0]["id"] for e in shown] == expected, name
        page = get(client, **params).json()["events"]  # the paged JSON contract takes the same filters
        dated = {e["events"][0]["id"] for e in everything if e["start"] is not None}
        assert [e["id"] for e in page] == [i for i in expected if i in dated], name
        body = get(client, format=fmt, merge="false", **params).text
        if fmt == "csv":
            assert len(list(csv.DictReader(io.StringIO(body)))) == len(expected), name
        elif fmt == "ics":  # a calendar has no place for an undated "later" event
            assert len(icalendar.Calendar.from_ical(body).walk("VEVENT")) == len(set(expected) & dated), name
        elif fmt == "timelinejs":
            assert len(json.loads(body)["events"]) == len(set(expected) & dated), name


def test_the_paged_contract_is_unchanged_by_merge_and_format_absent(seeded) -> None:  # type: ignore[no-untyped-def]
    client, _ = seeded
    body = get(client, merge="true").json()
    assert set(body) == {"events", "next_cursor"}
    assert body == get(client).json()


def test_bad_export_parameters_name_the_parameter(make_client: Callable[..., TestClient]) -> None:
    client = make_client(export_max_events=3)
    ingest_seeds(client)
    for params, loc in [
        ({"format": "pdf"}, ["query", "format"]), ({"min_precision": "fortnight"}, ["query", "min_precision"]),
        ({"flagged": "maybe"}, ["query", "flagged"]), ({"merge": "perhaps"}, ["query", "merge"]),
        ({"q": "x\x00y"}, ["query", "q"]), ({"participant": "p" * 201}, ["query", "participant"]),
        ({"format": "csv", "from": "May"}, ["query", "from"]),
    ]:
        answer = get(client, **params)
        assert answer.status_code == 422, params
        assert answer.json()["detail"][0]["loc"] == loc, (params, answer.json())
    too_many = get(client, format="csv")
    assert too_many.status_code == 422 and "more than 3 events match" in too_many.json()["detail"][0]["msg"]
    assert get(client, format="csv", document=1, min_precision="day").status_code == 200


def test_document_timeml(seeded) -> None:  # type: ignore[no-untyped-def]
    client, ids = seeded
    answer = client.get(f"/documents/{ids['seed']}/timeml")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/xml; charset=utf-8"
    assert answer.headers["content-disposition"] == f'attachment; filename="document-{ids["seed"]}.tml"'
    root = ET.fromstring(answer.content)
    dct = root.find("DCT/TIMEX3")
    assert dct is not None and dct.get("value") == "2024-07-12" and dct.get("functionInDocument") == "CREATION_TIME"
    tags = {t.text: (t.get("value"), t.get("mod")) for t in root.find("TEXT")}
    assert tags["late May"] == ("2024-05", "END") and tags["Thursday"] == ("2024-07-11", None)
    text = (SEEDS / "us-strike-restrictions.txt").read_text(encoding="utf-8")
    assert "".join(root.find("TEXT").itertext()).split() == text.split()
    assert client.get("/documents/999999/timeml").status_code == 404
    assert client.get("/documents/0/timeml").status_code == 422


def test_collections_and_the_page(seeded) -> None:  # type: ignore[no-untyped-def]
    client, _ = seeded
    listing = client.get("/collections").json()["collections"]
    assert listing == [{"name": COLLECTION, "documents": 4, "events": len(get(client, limit=1000).json()["events"])}]
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy and page.headers["x-content-type-options"] == "nosniff"
    assert '<script src="/page/page.js" type="module"></script>' in page.text and "http" not in page.text.split("<body>")[0]
    for name, kind in [("page.js", "text/javascript"), ("model.js", "text/javascript"), ("draw.js", "text/javascript"), ("page.css", "text/css"), ("icon.svg", "image/svg+xml")]:
        asset = client.get(f"/page/{name}")
        assert asset.status_code == 200 and asset.headers["content-type"].startswith(kind), name
    assert client.get("/page/..%2Fapp.py").status_code == 404
    assert client.get("/page/index.html").status_code == 404  # only the listed assets
