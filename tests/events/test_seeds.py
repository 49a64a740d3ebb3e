"""Every seed document yields the events its expected.yaml lists, in timeline order."""

from __future__ import annotations

import pytest

from chronicle.events import extract
from tests.conftest import SEEDS
from tests.events import seedcheck

EXPECTED = sorted(SEEDS.glob("*.expected.yaml"))


def test_there_are_seed_expectations():
    assert len(EXPECTED) >= 1


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name.removesuffix(".expected.yaml"))
def test_seed_events_from_the_expected_time_expressions(path):
    text, published, expected = seedcheck.load(path)
    timexes = seedcheck.hand_timexes(text, expected)
    events = extract(text, timexes, reference=published)
    seedcheck.check(events, expected, timexes)


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name.removesuffix(".expected.yaml"))
def test_seed_events_through_the_temporal_engine(path):
    import chronicle.temporal as temporal

    if not hasattr(temporal, "extract"):
        pytest.skip("chronicle.temporal.extract is not available in this checkout")
    text, published, expected = seedcheck.load(path)
    timexes = temporal.extract(text, published)
    events = extract(text, timexes, reference=published)
    seedcheck.check(events, expected, timexes)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_every_seed_document_has_complete_metadata(path):
    import json
    from datetime import date

    meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert {"title", "published_at", "source", "lang"} <= set(meta)
    assert date.fromisoformat(meta["published_at"][:10]) and meta["lang"] == "en" and meta["title"].strip()
