"""The timeline page in headless Chromium with the seeds ingested: order, dates, spans, filters,
merged reports and conflicts; screenshots left in artifacts/."""

from __future__ import annotations

from typing import Any

import pytest

from tests.page.conftest import Server, artifact

SEED_EVENTS = [  # the seed article's timeline: (date shown, words of the event, time expression)
    ("late May 2024", "Washington approved Ukrainian cross-border attacks", "late May"),
    ("late May 2024", "Biden said the US was permitting strikes only in proximity to the border", "at the time"),
    ("late June 2024", "Moscow accused Kiev of launching a strike", "late June"),
    ("July 11, 2024", "Biden signaled the US had no plans to loosen restrictions further", "Thursday"),
]


def shown_entries(page: Any) -> list[dict[str, Any]]:
    """Each entry on the page in order: its group's date, headline, marked time expression, classes."""
    return page.eval_on_selector_all(".group", """groups => groups.flatMap(group =>
        [...group.querySelectorAll(':scope > .entry')].map(entry => ({
            when: group.querySelector('.group-date .when').textContent,
            range: (group.querySelector('.group-date .range') || {}).textContent || '',
            headline: entry.querySelector('.headline').textContent,
            mark: (entry.querySelector(':scope > .sentence mark') || {}).textContent || null,
            merged: entry.classList.contains('merged'),
            conflict: entry.classList.contains('has-conflict'),
            reports: entry.querySelectorAll('.report').length,
            text: entry.textContent,
        })))""")


def open_timeline(chromium: Any, server: Server, query: str, **options: Any) -> Any:
    page = chromium(**options)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{server.url}/?{query}")
    page.wait_for_selector(".entry")
    page.errors = errors
    return page


def test_the_seed_article_events_appear_in_order_with_their_dates(chromium: Any, seeded_server: Server) -> None:
    page = open_timeline(chromium, seeded_server, "collection=ukraine-strikes&source=seed&merge=false")
    entries = shown_entries(page)
    dated = [e for e in entries if "publication" not in e["text"] and e["when"] != "later"]
    later = next(i for i, e in enumerate(entries) if e["when"] == "later")  # undated, after what it follows
    assert "later" in entries[later]["headline"] and entries[later - 1]["mark"] == "at the time"
    assert [(e["when"], e["mark"]) for e in dated] == [(when, timex) for when, _, timex in SEED_EVENTS]
    for shown, (_, words, _) in zip(dated, SEED_EVENTS):
        assert shown["headline"].startswith(words), shown["headline"]
    assert dated[0]["range"] == "May 21 – 31, 2024" and dated[2]["range"] == "June 21 – 30, 2024"
    assert dated[3]["range"] == ""  # a single day is a point on the axis, not a span
    # late May and late June are bars beside the axis; Thursday is a dot.
    bars = page.eval_on_selector_all(".bar", "bars => bars.map(b => b.getAttribute('title'))")
    assert "late May 2024: May 21 – 31, 2024" in bars and "late June 2024: June 21 – 30, 2024" in bars
    assert page.locator(".marker:not(.span)").count() >= 1
    assert page.title() == "ukraine-strikes · chronicle"
    assert page.errors == []


def test_merged_reports_and_conflicting_dates_are_both_shown(chromium: Any, seeded_server: Server) -> None:
    page = open_timeline(chromium, seeded_server, "collection=ukraine-strikes")
    entries = shown_entries(page)
    merged = [e for e in entries if e["merged"]]
    assert merged and all(e["reports"] >= 2 for e in merged)
    approval = next(e for e in merged if "authorized Ukraine" in e["headline"])
    assert "seed" in approval["text"] and "late May 2024" in approval["text"]  # the seed's own date kept
    clashes = [e for e in entries if e["conflict"]]
    assert {e["when"] for e in clashes} >= {"July 10, 2024", "July 11, 2024"}
    for clash in clashes:
        assert "Sources disagree on the date" in clash["text"]
    ordered = [e["when"] for e in entries]
    assert ordered.index("late May 2024") < ordered.index("June 24, 2024") < ordered.index("July 11, 2024")
    # Each side of a conflict links to the other.
    page.locator(".has-conflict a.side-when").first.click()
    assert page.evaluate("location.hash").startswith("#e")
    assert page.errors == []


def test_a_filter_narrows_the_timeline_and_the_exports(chromium: Any, seeded_server: Server) -> None:
    page = open_timeline(chromium, seeded_server, "collection=ukraine-strikes")
    before = shown_entries(page)
    page.fill("#f-q", "ATACMS")
    page.click("button[type=submit]")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'ATACMS'")
    page.wait_for_function(f"() => document.querySelectorAll('.entry').length < {len(before)}")
    after = shown_entries(page)
    assert 0 < len(after) < len(before)
    assert all("ATACMS" in e["text"] for e in after)
    links = page.eval_on_selector_all(".exports a", "links => links.map(a => a.getAttribute('href'))")
    assert len(links) == 4 and all("q=ATACMS" in href and "collection=ukraine-strikes" in href for href in links)
    page.select_option("#f-min_precision", "day")
    page.fill("#f-q", "")
    page.click("button[type=submit]")
    page.wait_for_function("() => new URLSearchParams(location.search).get('min_precision') === 'day'")
    page.wait_for_function("() => ![...document.querySelectorAll('.group-date .when')].some(n => n.textContent.startsWith('late'))")
    assert all(not e["when"].startswith("late") for e in shown_entries(page))
    assert page.locator("#collection").input_value() == "ukraine-strikes"
    assert page.errors == []


@pytest.mark.parametrize(("name", "viewport"), [("timeline-page.png", {"width": 1280, "height": 900}),
                                                ("timeline-page-phone.png", {"width": 390, "height": 844})])
def test_screenshot(chromium: Any, seeded_server: Server, name: str, viewport: dict[str, int]) -> None:
    page = open_timeline(chromium, seeded_server, "collection=ukraine-strikes", viewport=viewport)
    path = artifact(name)
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    assert path.stat().st_size > 10_000
    # Nothing runs off the side of a phone screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
