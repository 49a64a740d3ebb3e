from datetime import date, datetime, timezone

from chronicle.events import extract
from chronicle.events.sentences import sentence_spans
from chronicle.temporal import Interval, Timex

UTC = timezone.utc


def test_sentences_split_at_stops_and_line_breaks():
    text = "First one. Second one!\nThird"
    assert [text[s:e] for s, e in sentence_spans(text)] == ["First one.", "Second one!", "Third"]


def test_one_event_per_sentence_with_a_dated_timex():
    text = "It rained on Monday. Nothing else. They met for two weeks."
    monday = Timex(
        start=13, end=19, text="Monday", type="DATE", value="2024-07-08",
        interval=Interval(datetime(2024, 7, 8, tzinfo=UTC), datetime(2024, 7, 9, tzinfo=UTC)),
        grain="day", rule="weekday",
    )
    weeks = Timex(start=48, end=57, text="two weeks", type="DURATION", value="P2W", rule="duration")
    events = extract(text, [monday, weeks], reference=date(2024, 7, 12))
    assert [(e.sentence, e.timex, e.value) for e in events] == [("It rained on Monday.", 0, "2024-07-08")]
