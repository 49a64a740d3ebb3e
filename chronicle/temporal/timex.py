"""The result type of temporal extraction: one TIMEX3 with its span, value and calendar interval."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

TYPES = ("DATE", "TIME", "DURATION", "SET")
GRAINS = (
    "second", "minute", "hour", "day", "week", "month",
    "quarter", "season", "half", "year", "decade", "century",
)
MODS = (
    "START", "MID", "END", "APPROX", "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER",
    "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE",
)


class Interval(NamedTuple):
    """A half-open span of time [start, end) with timezone-aware endpoints."""

    start: datetime
    end: datetime

    def to_json(self) -> dict[str, str]:
        """ISO-8601 endpoints."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression found in a text: where it is, what it says, and when that is.

    `start`/`end` are character offsets into the text (`text[start:end] == self.text`);
    `value` and `mod` follow TimeML 1.2.1 TIMEX3; `interval` is set for anything that sits on
    the calendar (durations, sets and *_REF values have none); `rule` names the rule that made it.
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None
    interval: Interval | None = None
    grain: str | None = None
    rule: str = ""

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"Timex.type must be one of {TYPES}, got {self.type!r}")
        if self.mod is not None and self.mod not in MODS:
            raise ValueError(f"Timex.mod must be one of {MODS} or None, got {self.mod!r}")
        if self.grain is not None and self.grain not in GRAINS:
            raise ValueError(f"Timex.grain must be one of {GRAINS} or None, got {self.grain!r}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"Timex span is invalid: start={self.start}, end={self.end}")
        if self.interval is not None and not self.interval.start < self.interval.end:
            raise ValueError(f"Timex.interval must be non-empty and ordered, got {self.interval}")

    def to_json(self) -> dict[str, Any]:
        """The JSON shape shared by `chronicle parse --json`, the API and the store."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
            "mod": self.mod,
            "grain": self.grain,
            "interval": self.interval.to_json() if self.interval else None,
            "rule": self.rule,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Timex:
        """Inverse of `to_json`."""
        interval = data.get("interval")
        return cls(
            start=data["start"],
            end=data["end"],
            text=data["text"],
            type=data["type"],
            value=data["value"],
            mod=data.get("mod"),
            interval=Interval(
                datetime.fromisoformat(interval["start"]), datetime.fromisoformat(interval["end"])
            ) if interval else None,
            grain=data.get("grain"),
            rule=data.get("rule", ""),
        )
