"""The store's timeline filters mean exactly what the pure filters of chronicle.timeline mean."""

from __future__ import annotations

from datetime import datetime

import pytest

from chronicle.events.event import Event
from chronicle.store import Database, Outcome, add_documents, claim_documents, collections, query_events, save_outcomes
from chronicle.timeline import TimelineFilter
from tests.store.factories import day, new_doc, timex

ROWS = [  # (words, value, grain, interval, participants, flags)
    ("in late May", "2024-05", "month", (day(2024, 5, 21), day(2024, 6, 1)), ("Joe Biden", "Ukraine"), ()),
    ("on May 30", "2024-05-30", "day", (day(2024, 5, 30), day(2024, 5, 31)), ("Zelensky’s office",), ("reported",)),
    ("on Thursday", "2024-07-11", "day", (day(2024, 7, 11), day(2024, 7, 12)), ("100%_Wire",), ("negated",)),
    ("in October", "2024-10", "month", (day(2024, 10, 1), day(2024, 11, 1)), ("NATO",), ("future", "reported")),
    ("in 2024", "2024", "year", (day(2024, 1, 1), day(2025, 1, 1)), (), ()),
    ("at 10 am", "2024-07-11T10:00", "hour", (day(2024, 7, 11).replace(hour=10), day(2024, 7, 11).replace(hour=11)),
     ("Kremlin",), ("hypothetical", "conditional")),
]


@pytest.fixture
def stored(db: Database) -> Database:
    now = datetime(2024, 7, 12, 9, 30, tzinfo=day(2024, 1, 1).tzinfo)
    text = " ".join(f"Something happened {words}." for words, *_ in ROWS)
    with db.write() as session:
        [answer] = add_documents(session=session, now=now, documents=[new_doc(text, collection="war", source="wire")])
        add_documents(session=session, now=now, documents=[new_doc("Nothing dated here.", collection="quiet")])
        claim_documents(session=session, ids=[answer.id], now=now, max_attempts=3)
        timexes, events, offset = [], [], 0
        for words, value, grain, interval, participants, flags in ROWS:
            sentence = f"Something happened {words}."
            tx = timex(words, offset + len("Something happened "), value, interval, grain=grain)
            timexes.append(tx)
            events.append(Event(sentence_start=offset, sentence_end=offset + len(sentence), sentence=sentence,
                                text=sentence, timex=len(timexes) - 1, interval=tx.interval, value=value,
                                grain=grain, participants=participants, flags=flags, rule="t"))
            offset += len(sentence) + 1
        save_outcomes(session=session, now=now, extractor_version="v1",
                      outcomes=[Outcome(document_id=answer.id, timexes=tuple(timexes), events=tuple(events))])
    return db


@pytest.mark.parametrize("params", [
    {"participant": "biden"}, {"participant": "BIDEN"}, {"participant": "Zelensky’s"}, {"participant": "100%_"},
    {"participant": "%"}, {"participant": "nobody"}, {"participant": "S OFFICE"}, {"participant": "ky’s"},
    {"min_precision": "day"}, {"min_precision": "hour"}, {"min_precision": "month"}, {"min_precision": "year"},
    {"flagged": "exclude"}, {"flagged": "only"},
    {"flagged": "exclude", "min_precision": "day", "since": "2024-06-01"},
    {"participant": "o", "flagged": "only"},
])
def test_sql_filters_agree_with_the_pure_predicates(stored: Database, params: dict[str, str]) -> None:
    pure = TimelineFilter.from_params({"collection": "war", **params})
    with stored.read() as session:
        everything = query_events(session=session, collection="war", limit=100).events
        filtered = query_events(session=session, collection="war", limit=100, since=pure.since, until=pure.until,
                                participant=pure.participant, min_precision=pure.min_precision,
                                flagged=pure.flagged).events
    expected = [e.timex_text for e in pure.apply(everything)]
    assert [e.timex_text for e in filtered] == expected
    assert len(everything) == len(ROWS)


def test_bad_filter_values_are_refused_by_name(stored: Database) -> None:
    with stored.read() as session:
        with pytest.raises(ValueError, match="min_precision"):
            query_events(session=session, min_precision="fortnight")
        with pytest.raises(ValueError, match="flagged"):
            query_events(session=session, flagged="maybe")


def test_collections_lists_every_collection_with_its_counts(stored: Database) -> None:
    with stored.read() as session:
        assert collections(session=session) == [("quiet", 1, 0), ("war", 1, len(ROWS))]


def test_undated_later_events_come_with_the_event_they_follow(db: Database) -> None:
    from chronicle.store import with_followers

    now = datetime(2024, 7, 12, 9, 30, tzinfo=day(2024, 1, 1).tzinfo)
    text = "Police arrested two men on Monday. Prosecutors later charged them."
    tx = timex("on Monday", text.index("on Monday"), "2024-07-08", (day(2024, 7, 8), day(2024, 7, 9)))
    arrested = Event(sentence_start=0, sentence_end=34, sentence=text[:34], text="Police arrested two men",
                     timex=0, interval=tx.interval, value=tx.value, grain="day", rule="t")
    charged = Event(sentence_start=35, sentence_end=len(text), sentence=text[35:], relation="AFTER",
                    text="Prosecutors later charged them", follows=0, rule="t")
    with db.write() as session:
        [answer] = add_documents(session=session, now=now, documents=[new_doc(text, collection="court")])
        claim_documents(session=session, ids=[answer.id], now=now, max_attempts=3)
        save_outcomes(session=session, now=now, extractor_version="v1", outcomes=[
            Outcome(document_id=answer.id, timexes=(tx,), events=(arrested, charged))])
    with db.read() as session:
        dated = query_events(session=session, collection="court").events
        everything = with_followers(session=session, events=dated, collection="court")
        filtered = with_followers(session=session, events=dated, collection="court", participant="nobody")
        ranged = with_followers(session=session, events=dated, collection="court", since=day(2024, 7, 1))
    assert [e.text for e in dated] == ["Police arrested two men"]
    assert [e.text for e in everything] == ["Police arrested two men", "Prosecutors later charged them"]
    assert everything[1].follows == dated[0].id and everything[1].start is None
    assert filtered == dated == ranged
