"""Datelines: a full date where a dateline sits, and nothing else."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from chronicle.ingest import find_dateline


@pytest.mark.parametrize(("text", "expected"), [
    ("WASHINGTON, July 12, 2024 (Reuters) - The US said on Thursday ...", date(2024, 7, 12)),
    ("KYIV (AP) — Sept. 3, 2024 — Talks resumed.", date(2024, 9, 3)),
    ("Published: 12 July 2024\nThe US said ...", date(2024, 7, 12)),
    ("Updated on Fri, Jul 12, 2024\nbody", date(2024, 7, 12)),
    ("By Jane Doe | 3rd March 2023\nbody", date(2023, 3, 3)),
    ("Markets\nJuly 12, 2024\nStocks fell on Thursday.", date(2024, 7, 12)),
    ("2024-07-12T10:22:00+02:00\nbody", datetime(2024, 7, 12, 10, 22, tzinfo=timezone(timedelta(hours=2)))),
    ("2024-07-12\nbody", date(2024, 7, 12)),
])
def test_datelines_found(text: str, expected: date) -> None:
    assert find_dateline(text) == expected


@pytest.mark.parametrize("text", [
    "On July 4, 1976, the country celebrated its bicentennial with fireworks over every city and town.",
    "Yesterday, July 4, 2024, the country celebrated its independence with fireworks over every city.",
    "The report, first released on 12 July 2024 by the ministry, said more than a hundred people died.",
    "Feb 30, 2024",
    "The talks resumed on Monday.",
    "",
])
def test_no_dateline(text: str) -> None:
    assert find_dateline(text) is None


def test_only_the_opening_lines_count() -> None:
    opening = "\n".join(f"Line {i} of the story goes on for a while." for i in range(4))
    assert find_dateline(opening + "\nJuly 12, 2024") is None
