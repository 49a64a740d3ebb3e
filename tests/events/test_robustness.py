"""Event extraction never fails on odd text: any text, any timex spans that match it."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.events import extract
from chronicle.events.sentences import sentence_spans
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
