"""The timeline query: order, filters, keyset pages, and the shape of each row."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from chronicle.events.event import Event
from chronicle.store import (
    Database,
    InvalidCursor,
    Outcome,
    add_documents,
    claim_documents,
    query_events,
    save_outcomes,
)
from chronicle.store.statements import page_statement
from chronicle.store.timeline import encode_cursor
from tests.store.factories import EST, day, new_doc, timex

Spans = list[tuple[str, str, tuple[datetime, datetime] | None]]


def _store(db: Database, now: datetime, text: str, spans: Spans, **fields: object) -> int:
    """Store a processed document whose n-th sentence holds the n-th (timex text, value, interval)."""
    with db.write() as session:
        [answer] = add_documents(session=session, now=now, documents=[new_doc(text, **fields)])
        claim_documents(session=session, ids=[answer.id], now=now, max_attempts=3)
        timexes, events, offset = [], [], 0
        for words, value, interval in spans:
            sentence = f"Something happened {words}."
            tx = timex(words, offset + len("Something happened "), value, interval)
            timexes.append(tx)
            events.append(Event(sentence_start=offset, sentence_end=offset + len(sentence), sentence=sentence,
                                text=sentence, timex=len(timexes) - 1, interval=interval and tx.interval,
                                value=value, grain=tx.grain, rule="t"))
            offset += len(sentence) + 1
        save_outcomes(session=session, now=now, extractor_version="v1",
                      outcomes=[Outcome(document_id=answer.id, timexes=tuple(timexes), events=tuple(events))])
    return answer.id


@pytest.fixture
def two_documents(db: Database, now: datetime) -> tuple[int, int]:
    first = _store(db, now, "first", [
        ("in late May", "2024-05", (day(2024, 5, 21), day(2024, 6, 1))),
        ("on Thursday", "2024-07-11", (day(2024, 7, 11), day(2024, 7, 12))),
        ("on May 25", "2024-05-25", (day(2024, 5, 25), day(2024, 5, 26))),
        ("in May", "2024-05", (day(2024, 5, 1), day(2024, 6, 1))),
        ("some day", "XXXX-XX-XX", None),
    ], collection="war", source="wire", title="First")
    second = _store(db, now, "second", [
        ("in late May", "2024-05", (day(2024, 5, 21), day(2024, 6, 1))),
        ("in 2024", "2024", (day(2024, 1, 1), day(2025, 1, 1))),
    ], collection="war", source="paper", title="Second")
    _store(db, now, "elsewhere", [("in May", "2024-05", (day(2024, 5, 1), day(2024, 6, 1)))], collection="peace")
    return first, second


def _keys(db: Database, **query: object) -> list[tuple[int, str]]:
    with db.read() as session:
        page = query_events(session=session, **query)  # type: ignore[arg-type]
    return [(e.document_id, e.timex_text or "") for e in page.events]


def test_order_is_start_then_longer_first_then_document_and_position(db: Database, two_documents: tuple[int, int]) -> None:
    first, second = two_documents
    assert _keys(db, collection="war") == [
        (second, "in 2024"), (first, "in May"), (first, "in late May"), (second, "in late May"),
        (first, "on May 25"), (first, "on Thursday"),
    ]


def test_filters(db: Database, two_documents: tuple[int, int]) -> None:
    first, second = two_documents
    # Intervals are half-open: late May ends at 1 June, so it is not "from 1 June on".
    assert _keys(db, collection="war", since=day(2024, 6, 1)) == [(second, "in 2024"), (first, "on Thursday")]
    assert _keys(db, collection="war", until=day(2024, 5, 21)) == [(second, "in 2024"), (first, "in May")]
    assert _keys(db, collection="war", text="THURSDAY") == [(first, "on Thursday")]
    assert _keys(db, collection="war", text="100%") == []
    assert _keys(db, collection="war", source="paper") == [(second, "in 2024"), (second, "in late May")]
    assert _keys(db, collection="war", document_id=second) == [(second, "in 2024"), (second, "in late May")]
    assert _keys(db, collection="nowhere") == []


def test_pages_cover_everything_once(db: Database, two_documents: tuple[int, int]) -> None:
    everything = _keys(db, collection="war")
    seen, cursor, pages = [], None, 0
    while True:
        with db.read() as session:
            page = query_events(session=session, collection="war", limit=2, cursor=cursor)
        seen += [(e.document_id, e.timex_text) for e in page.events]
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == everything and pages == 3


def test_row_shape(db: Database, now: datetime) -> None:
    doc_id = _store(db, now, "zoned", [("on Thursday", "2024-07-11", (day(2024, 7, 11, EST), day(2024, 7, 12, EST)))],
                    published_at=datetime(2024, 7, 12, 8, tzinfo=EST), url="https://example.org/z", title="Z")
    with db.read() as session:
        [event] = query_events(session=session, collection="default").events
    assert event.document_id == doc_id and event.title == "Z" and event.url == "https://example.org/z"
    assert event.start == day(2024, 7, 11, EST) and event.start.utcoffset() == timedelta(hours=-5)
    assert event.published_at == datetime(2024, 7, 12, 8, tzinfo=EST)
    assert event.sentence[slice(*event.timex_span)] == "on Thursday" == event.timex_text
    assert list(event.to_json())[:12] == ["id", "document_id", "start", "end", "grain", "value", "mod",
                                          "text", "sentence", "timex_text", "source", "title"]


@pytest.mark.parametrize("cursor", ["", "garbage!", "W10", encode_cursor(day(2024, 1, 1), day(2024, 1, 2), 1, 2)[:-3],
                                    "WyIyMDI0LTAxLTAxIiwiMjAyNC0wMS0wMiIsMSwyXQ"])
def test_bad_cursor_is_refused(db: Database, cursor: str) -> None:
    with db.read() as session, pytest.raises(InvalidCursor):
        query_events(session=session, collection="war", cursor=cursor)


def test_limit_must_be_positive(db: Database) -> None:
    with db.read() as session, pytest.raises(ValueError, match="limit"):
        query_events(session=session, limit=0)


def test_a_statement_is_built_once_for_each_shape_of_page() -> None:
    cursor = encode_cursor(day(2024, 5, 1), day(2024, 6, 1), 3, 4)
    first, values = page_statement(dialect="postgresql", collection="a", text="weapons", since=day(2024, 1, 1))
    again, other = page_statement(dialect="postgresql", collection="b", text="strike", since=day(2023, 1, 1))
    assert first is again and values != other
    assert values["text_pattern"] == "%weapons%" and other["collection"] == "b"
    for different in ({"text": "weapons"}, {"text": "a\nb", "since": day(2024, 1, 1)},
                      {"text": "weapons", "since": day(2024, 1, 1), "cursor": cursor},
                      {"text": "weapons", "since": day(2024, 1, 1), "walk_first": 10}):
        assert page_statement(dialect="postgresql", collection="a", **different)[0] is not first, different
