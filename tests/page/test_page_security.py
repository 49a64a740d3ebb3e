"""A hostile document — <script>, onerror= and javascript: in its title, text, source and URL — shown
on the page in headless Chromium and exported in every format: nothing executes, nothing becomes
markup, no CSV cell can start a formula."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import icalendar
import pytest

from tests.page.conftest import Server, artifact

TITLE = "=HYPERLINK(\"javascript:alert(1)\")<script>window.__pwned='title'</script>"
SOURCE = "@SUM(1+1)<img src=x onerror=\"window.__pwned='source'\">"
URL = "https://evil.example/\"><script>window.__pwned='url'</script>?next=javascript:alert(1)"
JAVASCRIPT_URL = "javascript:window.__pwned='url-javascript'"
TEXT = (
    "Rebels seized the airport on Monday, witnesses said <script>window.__pwned='text-script'</script>.\n\n"
    "Officials approved the plan in late May <img src=x onerror=\"window.__pwned='text-img'\">.\n\n"
    "=HYPERLINK(\"javascript:alert(2)\") Ministers said on Tuesday that talks had failed.\n\n"
    "On Wednesday, protesters posted javascript:window.__pwned='text-js' and <a href=\"javascript:"
    "window.__pwned='text-a'\">a link</a> before they marched.\n"
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Run before the page's own script: anything that executes leaves a trace here.
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));
"""
# What a payload that ran or became markup would leave behind; the %s takes extra fields to read.
STATE = """() => ({
    pwned: window.__pwned === undefined ? null : String(window.__pwned),
    violations: window.__violations,
    scripts: [...document.scripts].map(s => s.getAttribute('src')),
    images: document.images.length,
    handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))
                  .filter(name => name.startsWith('on')),
    hrefs: [...document.querySelectorAll('[href]')].map(e => e.href),
    %s
})"""


def watched_page(chromium: Any) -> tuple[Any, list[str]]:
    """A page that records every dialog and Content-Security-Policy violation from before its script runs."""
    page = chromium()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH)
    return page, dialogs


def page_state(page: Any, extra: str) -> dict[str, Any]:
    """The page's security-relevant state plus the `extra` JavaScript object fields."""
    return page.evaluate(STATE % extra)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The API with two copies of the hostile document: one with an https URL carrying payloads, one
    whose stored URL is a javascript: URL (the API refuses those; written straight into the table)."""
    server = Server(tmp_path_factory.mktemp("hostile"))
    folder = server.directory / "docs"
    folder.mkdir()
    for name, extra in (("a", ""), ("b", "\n\nCopy two.")):
        (folder / f"{name}.json").write_text(json.dumps({
            "text": TEXT + extra, "title": TITLE, "source": SOURCE + name, "url": URL, "published_at": "2024-07-12",
        }), encoding="utf-8")
    server.ingest(folder, collection="hostile")
    with sqlite3.connect(server.directory / "page.db") as db:
        db.execute("UPDATE documents SET url = ? WHERE source = ?", (JAVASCRIPT_URL, SOURCE + "b"))
    server.start()
    yield server
    server.stop()


def test_the_api_refuses_a_javascript_url(hostile_server: Server) -> None:
    answer = httpx.post(f"{hostile_server.url}/documents", json={"text": "Talks ended on Monday.", "url": JAVASCRIPT_URL})
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"][-1] == "url"


def test_nothing_executes_on_the_page(chromium: Any, hostile_server: Server) -> None:
    page, dialogs = watched_page(chromium)
    page.goto(f"{hostile_server.url}/?collection=hostile&merge=false")
    page.wait_for_selector(".entry")
    for link in page.locator("a.source-name").all():  # following a source link must not run anything either
        link.click(modifiers=["Control"])
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifact("timeline-page-hostile.png")), full_page=True)
    state = page_state(page, """text: document.body.textContent,
        sources: [...document.querySelectorAll('.source-name')].map(e => [e.tagName, e.textContent]),""")
    assert dialogs == [] and state["pwned"] is None
    assert state["violations"] == []  # the page never even tried to run or load anything inline
    assert state["scripts"] == ["/page/page.js"] and state["images"] == 0 and state["handlers"] == []
    assert all(href.startswith(("http://", "https://")) for href in state["hrefs"]), state["hrefs"]
    # The payloads are shown as the text they are.
    assert "<script>window.__pwned='text-script'</script>" in state["text"]
    assert "<img src=x onerror=\"window.__pwned='text-img'\">" in state["text"]
    assert TITLE in state["text"]
    # The https URL is a link; the javascript: one is not.
    assert ["A", SOURCE + "a"] in state["sources"] and ["SPAN", SOURCE + "b"] in state["sources"]
    assert any(href.startswith("https://evil.example/") for href in state["hrefs"])


def export(server: Server, fmt: str, **params: str) -> httpx.Response:
    answer = httpx.get(f"{server.url}/timeline", params={"collection": "hostile", "format": fmt, **params})
    assert answer.status_code == 200, answer.text
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["content-disposition"].startswith("attachment;")
    return answer


@pytest.mark.parametrize("merge", ["true", "false"])
def test_no_csv_cell_can_start_a_formula(hostile_server: Server, merge: str) -> None:
    rows = list(csv.reader(io.StringIO(export(hostile_server, "csv", merge=merge).text)))
    cells = [cell for row in rows[1:] for cell in row]
    assert len(rows) > 2 and cells
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert any(cell.startswith("'@SUM") for cell in cells)  # neutralised, not dropped


def test_json_and_ics_keep_the_payloads_as_plain_data(hostile_server: Server) -> None:
    data = export(hostile_server, "json", merge="false").json()
    reports = [event for entry in data["entries"] for event in entry["events"]]
    assert {event["title"] for event in reports} == {TITLE}
    assert {event["url"] for event in reports} == {URL, JAVASCRIPT_URL}
    calendar = icalendar.Calendar.from_ical(export(hostile_server, "ics", merge="false").text)
    vevents = calendar.walk("VEVENT")
    assert vevents and any("<script>" in str(v["DESCRIPTION"]) for v in vevents)
    urls = [str(v["URL"]) for v in vevents if "URL" in v]
    assert urls and all(url == URL for url in urls)  # the javascript: URL is left out of the calendar


def test_timelinejs_carries_no_markup_from_the_document(hostile_server: Server) -> None:
    document = json.loads(export(hostile_server, "timelinejs", merge="false").text)
    strings: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(document)
    assert document["events"] and strings
    lowered = [s.lower() for s in strings]
    assert not [s for s in lowered if "<script" in s or "<img" in s or "<a " in s]
    assert any("&lt;script&gt;" in s for s in lowered)
    assert {event["group"] for event in document["events"]} >= {"@SUM(1+1)&lt;img src=x onerror=&quot;window.__pwned=&#x27;source&#x27;&quot;&gt;a"}


def test_timeml_keeps_the_text_as_text(hostile_server: Server) -> None:
    answer = httpx.get(f"{hostile_server.url}/documents/1/timeml")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(answer.content)
    body = root.find("TEXT")
    assert body is not None and {child.tag for child in body} == {"TIMEX3"}
    assert "".join(body.itertext()) == TEXT  # every payload character is character data again
    assert [tag.text for tag in body] == ["Monday", "late May", "Tuesday", "Wednesday"]


REFLECTED = {
    "participant": "<img src=x onerror=\"window.__pwned='participant';alert(3)\">",
    "q": "\"><script>window.__pwned='q'</script>",
    "source": "javascript:window.__pwned='source-filter'",
    "from": "2024-05-01\"><svg onload=\"window.__pwned='from'\">",
}


@pytest.mark.parametrize("collection", ["hostile", "<script>window.__pwned='collection'</script>"],
                         ids=["known", "hostile-name"])
def test_payloads_in_the_address_run_nothing(chromium: Any, hostile_server: Server, collection: str) -> None:
    """The page's state lives in the query string, which anyone can craft into a link."""
    page, dialogs = watched_page(chromium)
    page.goto(f"{hostile_server.url}/?{urlencode({'collection': collection, **REFLECTED})}")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    state = page_state(page, "values: [...document.querySelectorAll('input')].map(e => e.value),")
    assert dialogs == [] and state["pwned"] is None
    assert state["violations"] == [] and state["scripts"] == ["/page/page.js"]
    assert state["images"] == 0 and state["handlers"] == []
    assert all(href.startswith(hostile_server.url) for href in state["hrefs"]), state["hrefs"]
    # The filters come back as the text they were typed as, not as markup.
    assert REFLECTED["participant"] in state["values"] and REFLECTED["q"] in state["values"]
