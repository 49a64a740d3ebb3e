"""The result type of event extraction: something the text reports, hung on a time."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chronicle.temporal.timex import Interval

RELATIONS = ("DURING", "BEFORE", "AFTER")
FLAGS = (
    "negated",          # "would not allow"
    "hypothetical",     # "if he had the capacity", "could"
    "conditional",      # the clause depends on an if-clause
    "future",           # "will meet"
    "reported",         # a reporting verb: "said", "accused"
    "publication_date", # dated to the publication date for lack of a time of its own
    "anaphoric",        # its time came from the narrative anchor ("at the time", "then")
)


@dataclass(frozen=True, slots=True)
class Event:
    """One event a document reports, with the time the text gives it.

    Offsets index the document text. `timex` is the position, in the list of timexes passed to
    `chronicle.events.extract`, of the time expression the event hangs on (None when it has none
    of its own). `follows` is the position of an earlier event in the returned list that this one
    comes after ("later"), without a date of its own.
    """

    sentence_start: int
    sentence_end: int
    sentence: str
    text: str
    trigger: str | None = None
    timex: int | None = None
    relation: str = "DURING"
    interval: Interval | None = None
    grain: str | None = None
    value: str | None = None
    mod: str | None = None
    participants: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    follows: int | None = None
    rule: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.relation not in RELATIONS:
            raise ValueError(f"Event.relation must be one of {RELATIONS}, got {self.relation!r}")
        unknown = set(self.flags) - set(FLAGS)
        if unknown:
            raise ValueError(f"Event.flags has unknown flags {sorted(unknown)}; known: {FLAGS}")

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (interval endpoints as ISO-8601)."""
        return {
            "sentence_start": self.sentence_start,
            "sentence_end": self.sentence_end,
            "sentence": self.sentence,
            "text": self.text,
            "trigger": self.trigger,
            "timex": self.timex,
            "relation": self.relation,
            "interval": self.interval.to_json() if self.interval else None,
            "grain": self.grain,
            "value": self.value,
            "mod": self.mod,
            "participants": list(self.participants),
            "flags": list(self.flags),
            "follows": self.follows,
            "rule": self.rule,
        }
