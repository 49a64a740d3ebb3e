"""Sentence-level events: one event per sentence that holds a dated time expression."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from chronicle.events.event import Event
from chronicle.temporal.timex import Timex

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before white space,
# or at a line break; good enough to group timexes by sentence.
_SENTENCE_END = re.compile(r"""[.!?]["'”’)\]]*(?=\s)|\n+""")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `text`, trimmed of surrounding white space."""
    spans, begin = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((begin, match.end()))
        begin = match.end()
    spans.append((begin, len(text)))
    trimmed = []
    for start, end in spans:
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        tail = len(chunk.rstrip())
        if tail > lead:
            trimmed.append((start + lead, start + tail))
    return trimmed


def extract(text: str, timexes: Sequence[Timex], *, reference: date) -> list[Event]:
    """One event per sentence holding a dated timex, hung on the sentence's first dated timex."""
    del reference  # sentence-level events need no publication date
    dated = [(i, t) for i, t in enumerate(timexes) if t.interval is not None]
    events = []
    for start, end in sentence_spans(text):
        inside = [(i, t) for i, t in dated if start <= t.start and t.end <= end]
        if not inside:
            continue
        index, timex = inside[0]
        sentence = text[start:end]
        events.append(Event(
            sentence_start=start, sentence_end=end, sentence=sentence, text=sentence,
            timex=index, interval=timex.interval, grain=timex.grain, value=timex.value,
            mod=timex.mod, rule="sentence_with_timex",
        ))
    return events
