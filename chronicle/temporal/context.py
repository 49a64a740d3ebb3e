"""What resolution knows while it walks a document: the reference, the preference, the story so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from chronicle.temporal import calendar
from chronicle.temporal.calendar import Period
from chronicle.temporal.language import Language
from chronicle.temporal.tense import FUTURE, PAST, PRESENT, TenseIndex


ANCHOR_LOOKBACK = 50  # story times searched back for an anchor: plenty for prose, bounded for any text


@dataclass(slots=True)  # not frozen: built by the thousand, and frozen costs a call per field
class Resolved:
    """A resolved value before it becomes a Timex: naive interval in the reference's zone."""

    type: str
    value: str
    mod: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    grain: str | None = None
    zone: tzinfo | None = None  # a zone the text named ("15:30 GMT"), else the reference's
    weak: bool = False          # a comparison ("a year ago"): not a new point of the story
    year_chosen: bool = False   # a bare month or season: its year was chosen, not written


@dataclass
class Context:
    """The reference instant, the direction preference and the narrative anchors seen so far."""

    text: str
    ref: datetime           # naive, in the reference's zone
    zone: tzinfo
    has_time: bool          # False when the reference was a bare date
    prefer: str             # auto, past or future
    language: Language
    anchors: list[Resolved] = field(default_factory=list)
    compare_from: int = 0   # anchors before this index are not compared with: a span came since
    _tense: TenseIndex | None = field(default=None, repr=False)

    def direction(self, start: int, end: int) -> str | None:
        """past, present, future or None: forced by `prefer`, else the clause's tense."""
        if self.prefer == "past":
            return PAST
        if self.prefer == "future":
            return FUTURE
        if self._tense is None:
            self._tense = TenseIndex(self.text, self.language)
        return self._tense.tense(start, end)

    def anchor(self, grain: str | None = None) -> Resolved | None:
        """The latest calendar time of the story mentioned so far, at `grain` or finer when given;
        weak ones (comparisons) only when the story itself has none."""
        fallback = None
        for resolved in reversed(self.anchors[-ANCHOR_LOOKBACK:]):
            if grain is None or resolved.grain == grain or calendar.finer(resolved.grain, grain):
                if not resolved.weak:
                    return resolved
                fallback = fallback or resolved
        return fallback

    def compared_part(self, grain: str | None = None) -> Resolved | None:
        """The quarter, half or month a year-over-year comparison is about: the latest one among
        the last few story times (a quarter-end day such as "Sept. 30" may come after it), unless
        a year or a longer period was mentioned since. A period that has not begun by the
        reference is a forecast, with no results to compare yet. `grain` when the text names it
        ("the 1988 quarter"): the latest of that grain, whatever came since."""
        seen = 0
        for resolved in reversed(self.anchors[max(self.compare_from, len(self.anchors) - ANCHOR_LOOKBACK):]):
            if resolved.weak or resolved.start > self.ref:
                continue
            if grain is not None:
                if resolved.grain == grain:
                    return resolved
                continue
            if resolved.grain in ("quarter", "half", "month"):
                return resolved
            if resolved.grain in ("year", "decade", "century"):
                return None
            seen += 1
            if seen == 4:
                return None
        return None

    def anchor_instant(self, grain: str | None = None) -> datetime:
        """Where a narrative expression counts from: the fitting anchor's start, else the reference."""
        found = self.anchor(grain)
        return found.start if found is not None else self.ref

    def compare_no_further(self) -> None:
        """A span of months was mentioned ("in the first nine months"): comparisons after it are
        about that span, not about a quarter named before it."""
        self.compare_from = len(self.anchors)

    def remember(self, resolved: Resolved) -> None:
        """Make a resolved calendar time an anchor for what follows."""
        if resolved.start is not None and resolved.grain is not None:
            self.anchors.append(resolved)


def from_period(period: Period, mod: str | None = None, *, type_: str | None = None,
                interval: tuple[datetime, datetime] | None = None, zone: tzinfo | None = None) -> Resolved:
    """A Resolved for a calendar period, TIME for clock grains, DATE otherwise."""
    kind = type_ or ("TIME" if period.grain in ("hour", "minute", "second") else "DATE")
    start, end = interval or (period.start, period.end)
    return Resolved(kind, period.value, mod, start, end, period.grain, zone)


__all__ = ["Context", "Resolved", "from_period", "PAST", "PRESENT", "FUTURE"]
