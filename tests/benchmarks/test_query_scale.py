"""The query benchmark's generator and the timeline query agree with the pure filters on a generated
timeline of 5,000 events, on SQLite and PostgreSQL, with and without the text-search indexes."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, text

import chronicle.store.search
import chronicle.store.timeline
from benchmarks.query_data import Summary, generate
from benchmarks.query_scale import HEADER
from chronicle.store import Database, query_events
from chronicle.store.timeline import timeline_select
from chronicle.timeline import TimelineEvent, TimelineFilter
from tests.conftest import REPO
from tests.servers import migrated_database

EVENTS = 5_000
# Whole words of every frequency, pieces of words, other cases, spaces and punctuation, LIKE wildcards,
# quotes, needles too short for trigrams, and text that occurs nowhere.
NEEDLES = ["the", "weapons", "WEAPONS", "Ukraine", "eapo", "ed w", ", said", "said.", "in the 20th", "on May 3",
           "1987", "%", "_", "50%_", "\\", '"', "a", "ke", "zz", "q\"u'o%te", "zqxv", "Senator Adams"]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Summary]]:
    """A database holding a generated timeline of about 5,000 events."""
    with migrated_database(request.param, tmp_path_factory.mktemp("query")) as db:
        yield db, generate(db, events=EVENTS)


def _every_page(db: Database, **filters: object) -> list[TimelineEvent]:
    """The whole filtered timeline, walked 97 events at a time through next_cursor."""
    events: list[TimelineEvent] = []
    cursor = None
    with db.read() as session:
        while True:
            page = query_events(session=session, limit=97, cursor=cursor, **filters)
            assert len(page.events) <= 97
            events += page.events
            cursor = page.next_cursor
            if cursor is None:
                return events


def _key(e: TimelineEvent) -> tuple[object, ...]:
    return (e.start, -(e.end - e.start).total_seconds(), e.document_id, e.position)


def test_generator_spreads_events_over_collections_decades_and_grains(generated: tuple[Database, Summary]) -> None:
    db, summary = generated
    assert abs(summary.events - EVENTS) < 50
    assert len(summary.collections) >= 3
    assert summary.collections[summary.largest()] > 3 * min(summary.collections.values())
    events = _every_page(db, collection=summary.largest())
    assert len(events) == summary.collections[summary.largest()]
    years = {e.start.year for e in events}
    assert max(years) - min(years) >= 50
    assert {e.grain for e in events} >= {"minute", "hour", "day", "week", "month", "year", "decade"}
    assert any(e.participants for e in events) and any(e.flags for e in events)
    assert all(e.timex_text and e.timex_span and e.sentence[slice(*e.timex_span)] == e.timex_text for e in events)


def test_pages_walk_the_whole_timeline_in_order_once(generated: tuple[Database, Summary]) -> None:
    db, summary = generated
    for collection in summary.collections:
        events = _every_page(db, collection=collection)
        assert [_key(e) for e in events] == sorted(_key(e) for e in events), collection
        assert len({e.id for e in events}) == len(events) == summary.collections[collection]


@contextmanager
def _plain_scan(db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Queries run without the text-search indexes: SQLite skips FTS5, PostgreSQL walks the timeline index."""
    if db.dialect == "sqlite":
        with monkeypatch.context() as patch:
            patch.setattr(chronicle.store.search, "TRIGRAM", 10**6)
            yield
        return
    with _postgres_settings(db, "SET enable_bitmapscan = off"):
        yield


@contextmanager
def _search_indexes(db: Database) -> Iterator[None]:
    """Queries run as they do, PostgreSQL told to prefer the trigram indexes to walking the timeline."""
    if db.dialect == "sqlite":
        yield
        return
    with _postgres_settings(db, "SET enable_indexscan = off; SET enable_seqscan = off"):
        yield


@contextmanager
def _postgres_settings(db: Database, statements: str) -> Iterator[None]:
    def on_begin(connection):  # type: ignore[no-untyped-def]
        connection.exec_driver_sql(statements)

    event.listen(db.engine, "begin", on_begin)
    try:
        yield
    finally:
        event.remove(db.engine, "begin", on_begin)
        db.engine.dispose()  # the settings stay on the pooled connections otherwise


@pytest.mark.parametrize("needle", NEEDLES)
def test_text_filter_finds_exactly_the_substring_matches_with_and_without_search_indexes(
        generated: tuple[Database, Summary], needle: str, monkeypatch: pytest.MonkeyPatch) -> None:
    db, summary = generated
    collection = summary.largest()
    expected = [e.id for e in TimelineFilter(text=needle).apply(_every_page(db, collection=collection))]
    with _search_indexes(db):
        indexed = [e.id for e in _every_page(db, collection=collection, text=needle)]
    with _plain_scan(db, monkeypatch):
        plain = [e.id for e in _every_page(db, collection=collection, text=needle)]
    assert indexed == plain == expected


def test_the_search_indexes_are_used(generated: tuple[Database, Summary]) -> None:
    db, summary = generated
    # SQLite has no index for participants: its filter walks the timeline.
    cases = [{"text": "weapons"}] + ([{"participant": "kovalenko"}] if db.dialect == "postgresql" else [])
    prefix = "EXPLAIN QUERY PLAN " if db.dialect == "sqlite" else "EXPLAIN "
    for filters in cases:
        statement = timeline_select(dialect=db.dialect, collection=summary.largest(), **filters)
        sql = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True})).replace("%%", "%")
        with _search_indexes(db), db.engine.connect() as connection:
            plan = "\n".join(str(row[-1]) for row in connection.execute(text(prefix + sql)))
        assert re.search(r"events_search|ix_events_search_(lowered|participants)", plan), plan


def test_a_page_of_seconds_is_read_off_the_fine_grain_index(generated: tuple[Database, Summary]) -> None:
    db, summary = generated
    statement = timeline_select(dialect=db.dialect, collection=summary.largest(), min_precision="second")
    sql = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
    prefix = "EXPLAIN QUERY PLAN " if db.dialect == "sqlite" else "EXPLAIN "
    with db.engine.connect() as connection:
        plan = "\n".join(str(row[-1]) for row in connection.execute(text(prefix + sql)))
    assert "ix_events_fine_timeline" in plan, plan


@pytest.mark.parametrize("settings", [
    pytest.param({"PROBE_ROWS": 40, "WALK_SHARE": 0.0, "MAX_WALK": 60}, id="walk-then-search"),
    pytest.param({"PROBE_ROWS": 40, "WALK_SHARE": 2.0}, id="search-after-probe"),
    pytest.param({"PROBE_ROWS": 1, "WALK_SHARE": 0.0, "MAX_WALK": 10**6}, id="walk-on"),
    pytest.param({"PROBE_ROWS": 10**6, "WALK_SHARE": 0.0}, id="probe-holds-the-page"),
])
@pytest.mark.parametrize("needle", ["weapons", "Ukraine", "eapo", ", said", "50%_", "zqxv", "Senator Adams"])
def test_each_way_to_a_text_page_finds_the_same_pages(generated: tuple[Database, Summary], needle: str,
                                                      settings: dict[str, float], monkeypatch: pytest.MonkeyPatch) -> None:
    db, summary = generated
    collection = summary.largest()
    expected = [e.id for e in TimelineFilter(text=needle).apply(_every_page(db, collection=collection))]
    for name, value in settings.items():
        monkeypatch.setattr(chronicle.store.timeline, name, value)
    found = _every_page(db, collection=collection, text=needle, since=None, min_precision=None)
    assert [e.id for e in found] == expected
    one_by_one, cursor = [], None
    with db.read() as session:
        for _ in range(min(30, len(expected))):  # pages of one: a step may find exactly what the page holds
            page = query_events(session=session, limit=1, cursor=cursor, collection=collection, text=needle)
            one_by_one += [e.id for e in page.events]
            cursor = page.next_cursor
    assert one_by_one == expected[:30]
    everything = _every_page(db, collection=collection)
    for narrowing in ({"flagged": "exclude", "since": datetime(1990, 1, 1, tzinfo=UTC)},
                      {"participant": "a", "min_precision": "day", "until": datetime(2015, 1, 1, tzinfo=UTC)},
                      {"source": "north-wire", "flagged": "only"}):
        narrowed = _every_page(db, collection=collection, text=needle, **narrowing)
        pure = TimelineFilter(text=needle, **narrowing)  # type: ignore[arg-type]
        assert [e.id for e in narrowed] == [e.id for e in pure.apply(everything)], narrowing


@pytest.mark.parametrize("filters", [
    {"participant": "ukraine"}, {"participant": "adams"}, {"participant": "PRIME MINISTER A"}, {"participant": "ed st"}, {"source": "north-wire"}, {"min_precision": "second"}, {"min_precision": "minute"}, {"min_precision": "hour"},
    {"min_precision": "month"}, {"flagged": "only"}, {"flagged": "exclude"}, {"since": "2010-01-01"},
    {"since": "1990-06-01", "until": "1991-06-01"}, {"until": "1960-01-01"},
    {"since": "2000-01-01", "text": "weapons", "min_precision": "day", "flagged": "exclude"},
])
def test_other_filters_keep_what_the_pure_filters_keep(generated: tuple[Database, Summary],
                                                       filters: dict[str, str]) -> None:
    db, summary = generated
    collection = summary.largest()
    pure = TimelineFilter.from_params(filters)
    expected = [e.id for e in pure.apply(_every_page(db, collection=collection))]
    found = _every_page(db, collection=collection, since=pure.since, until=pure.until, text=pure.text,
                        participant=pure.participant, source=pure.source, min_precision=pure.min_precision,
                        flagged=pure.flagged)
    assert [e.id for e in found] == expected
    assert expected, "the generated timeline should hold matches for every filter tried"


def test_quick_benchmark_reports_every_case() -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/query_scale.py", "--events", "3000", "--sqlite-events", "3000", "--runs", "3",
         "--backend", "sqlite"],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert HEADER in result.stdout
    for case in ("first page", "date range: one year", "q: rare word", "cursor: pages", "participant", "source"):
        assert re.search(rf"^{re.escape(case)}.*\s+3\s+\d+(\s+[\d.]+){{6}}$", result.stdout, re.M), case
