"""Event extraction never fails on odd text: any text, any timex spans that match it."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.events import extract
from chronicle.events.sentences import CONTEXT_LIMIT, context_span, sentence_spans
from chronicle.temporal import Interval, Timex

WORDS = st.sampled_from([
    "The", "U.S.", "said", "on", "Monday", "Dr.", "Smith", "will", "not", "meet", "in", "late", "May", ",", ".",
    "“", "”", "--", "\n", "- ", "WASHINGTON (AP) —", "which", "that", "and", "if", "later", "has", "approved",
    "strikes", "Moscow", "accused", "Kiev", "’s", "?", "!", "…", "_", "(", ")", "[", "]", "Zelensky", "é", "日本",
])


@st.composite
def documents(draw):  # type: ignore[no-untyped-def]
    text = " ".join(draw(st.lists(WORDS, max_size=60)))
    timexes = []
    for word in ("Monday", "late May", "May"):
        at = text.find(word)
        if at >= 0 and not any(t.start <= at < t.end for t in timexes) and draw(st.booleans()):
            day = datetime(2024, 5, 27, tzinfo=timezone.utc)
            timexes.append(Timex(start=at, end=at + len(word), text=word, type="DATE", value="2024-05-27",
                                 interval=Interval(day, day + timedelta(days=1)), grain="day"))
    return text, sorted(timexes, key=lambda t: t.start)


@settings(max_examples=300, deadline=None)
@given(documents())
def test_any_text_gives_well_formed_events(document) -> None:  # type: ignore[no-untyped-def]
    text, timexes = document
    spans = sentence_spans(text)
    assert all(0 <= s < e <= len(text) and text[s:e].strip() == text[s:e] for s, e in spans)
    events = extract(text, timexes, reference=date(2024, 7, 12))
    for event in events:
        assert text[event.sentence_start:event.sentence_end] == event.sentence
        assert event.timex is None or timexes[event.timex].start >= event.sentence_start
        assert event.follows is None or 0 <= event.follows < len(events)
        assert isinstance(event.text, str) and event.text == event.text.strip()


def test_a_long_sentence_is_kept_with_each_event_only_around_it() -> None:
    # Stored whole once per event, a sentence of a million characters holding thousands of dated
    # clauses would grow with its length squared.
    clause = "Smith said on Monday that the convoy crossed the border in late May, and officials agreed, "
    text = clause * 60
    timexes = []
    for at in range(0, len(text), len(clause)):
        for word in ("Monday", "late May"):
            found = text.index(word, at)
            day = datetime(2024, 5, 27, tzinfo=timezone.utc)
            timexes.append(Timex(start=found, end=found + len(word), text=word, type="DATE", value="2024-05-27",
                                 interval=Interval(day, day + timedelta(days=1)), grain="day"))
    events = extract(text, timexes, reference=date(2024, 7, 12))
    assert len(events) >= 60 and len(sentence_spans(text)) == 1
    for event in events:
        assert 0 < len(event.sentence) <= CONTEXT_LIMIT
        assert text[event.sentence_start:event.sentence_end] == event.sentence
        timex = timexes[event.timex]  # type: ignore[index]
        assert event.sentence_start <= timex.start < timex.end <= event.sentence_end
    inner = [e for e in events if 0 < e.sentence_start and e.sentence_end < len(text.rstrip())]
    assert inner and all(text[e.sentence_start - 1].isspace() and text[e.sentence_end].isspace() for e in inner)


def test_a_long_sentence_keeps_the_trigger_far_from_its_time() -> None:
    # Centred on "late May" alone, the kept part began some 300 characters after "crossed".
    text = ("The convoy crossed " + "the old stone bridge and " * 30 + "the river in late May, "
            + "while farmers in the valley watched the trucks and " * 20 + "nobody stopped them.")
    at = text.index("late May")
    day = datetime(2024, 5, 21, tzinfo=timezone.utc)
    late_may = Timex(start=at, end=at + 8, text="late May", type="DATE", value="2024-05", mod="END",
                     interval=Interval(day, day + timedelta(days=11)), grain="day")
    [event] = extract(text, [late_may], reference=date(2024, 7, 12))
    assert len(text) > CONTEXT_LIMIT and event.trigger == "crossed"
    assert event.sentence_start <= text.index("crossed") and at + 8 <= event.sentence_end
    assert len(event.sentence) <= CONTEXT_LIMIT and text[event.sentence_start:event.sentence_end] == event.sentence


def test_a_sentence_within_the_limit_is_kept_whole() -> None:
    text = "Officials said on Monday that the talks would resume. Nothing else was said."
    day = datetime(2024, 5, 27, tzinfo=timezone.utc)
    monday = Timex(start=18, end=24, text="Monday", type="DATE", value="2024-05-27",
                   interval=Interval(day, day + timedelta(days=1)), grain="day")
    [event] = extract(text, [monday], reference=date(2024, 7, 12))
    assert event.sentence == "Officials said on Monday that the talks would resume."
    # Past the limit: the words around the expression that fit, none cut in two.
    assert context_span(text, (0, 52), (18, 24), limit=12) == (15, 24)
    assert context_span(text, (0, 52), (18, 24), limit=16) == (15, 29)
    assert context_span(text, (0, 52), (18, 24), limit=10) == (18, 24)
