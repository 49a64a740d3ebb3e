"""Which year a date written without one falls in: the story's, the explicit word's, or the tense's."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Callable

from chronicle.temporal import calendar
from chronicle.temporal.calendar import Period
from chronicle.temporal.context import ANCHOR_LOOKBACK, FUTURE, PAST, Context, Resolved

# How many of the latest times mentioned must all lie years before the reference for a bare month
# or season to take the story's year rather than the reference's.
HISTORY_WINDOW = 8
# How many of them there must be at least: news recalls a recent year in passing ("joined the firm
# in 2019. He resigned in October" is last October) ...
HISTORY_MINIMUM = 3
# ... unless the story's year lies a generation back: one such date opens a history ("1936. Coup
# leader Sanjurjo was killed on 20 July").
FAR_BACK_YEARS = 25
# A bare date this close to the reference (a dateline's "February 26") still shows a story of its day.
NEAR = timedelta(days=31)
# How far back the sentence of a bare month is searched for its year (bounded: linear in any text).
SENTENCE_REACH = 300


def historical_year(ctx: Context, start: int) -> int | None:
    """The year a story set well before its reference is in ("In 1918 ... in October"): the
    latest time mentioned, when the last few times the text dates itself (bare months, whose year
    was only chosen, aside unless they fall on the reference's days) all lie two years or more
    before the reference (news mentions its own days and weeks too, and keeps a bare month near
    them), and are at least HISTORY_MINIMUM, or one a generation back that opens the story rather
    than qualifying a name in the same sentence ("Acme, founded in 1952, said its profit fell in
    October" is last October). A clause in the future tense is about the reference's time, never
    the story's past."""
    found = ctx.anchor("year")
    if found is None or found.start.year > ctx.ref.year - 2:
        return None
    written = 0
    for anchor in reversed(ctx.anchors[-ANCHOR_LOOKBACK:]):  # bounded: linear in any text
        if anchor.year_chosen and abs(anchor.start - ctx.ref) > NEAR:
            continue
        if anchor.start.year > ctx.ref.year - 2:
            return None
        written += 1
        if written == HISTORY_WINDOW:
            break
    far_back = found.start.year <= ctx.ref.year - FAR_BACK_YEARS and not _year_in_sentence(ctx, found, start)
    if written < (1 if far_back else HISTORY_MINIMUM):
        return None
    return found.start.year


def _year_in_sentence(ctx: Context, found: Resolved, start: int) -> bool:
    """Whether a bare year is written earlier in the sentence that ends at `start`."""
    if found.grain != "year":
        return False
    before = ctx.text[max(0, start - SENTENCE_REACH):start]
    opening = max(before.rfind(". "), before.rfind("\n"), before.rfind("? "), before.rfind("! "))
    return str(found.start.year) in before[opening + 1:]


def explicit_year(make: Callable[[int], Period], steps: int, ref: datetime) -> Period:
    """last May: the May before the current one; next May: the one after; this May: this year's."""
    current = make(ref.year)
    if steps < 0:
        return make(ref.year - 1) if current.start >= calendar.containing(current.grain, ref).start else current
    if steps > 0:
        return make(ref.year + 1) if current.start <= ref else current
    return current


def _candidates(make: Callable[[int], Period], ref: datetime) -> list[Period]:
    """The period in the years around the reference (one a date cannot fall in left out)."""
    found = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            found.append(make(year))
        except ValueError:  # 29 February outside a leap year
            continue
    return found


def tensed_year(make: Callable[[int], Period], tense: str | None, ref: datetime, grace: timedelta) -> Period:
    """The latest occurrence not after the reference (past), the first not before it (future), or
    the nearest (no tense). A day within `grace` of the reference stays where it is: news dates a
    coming deadline in the past tense ("extended the offer to Nov. 16", "gave him until
    mid-November") far more often than it means the same day of last year."""
    candidates = _candidates(make, ref)
    if not candidates:
        raise ValueError("no such date near the reference")
    if tense == PAST:
        fitting = [c for c in candidates if c.start <= ref + grace]
        return fitting[-1] if fitting else candidates[0]
    if tense == FUTURE:
        fitting = [c for c in candidates if c.end > ref - grace]
        return fitting[0] if fitting else candidates[-1]
    return min(candidates, key=lambda c: _distance(c, ref))


def same_year(make: Callable[[int], Period], tense: str | None, ref: datetime) -> Period:
    """Quarters and halves keep the reference's year, unless a past one has not begun yet."""
    current = make(ref.year)
    if tense == PAST and current.start > ref:
        return make(ref.year - 1)
    return current


def _distance(period: Period, ref: datetime) -> timedelta:
    """How far a period lies from the reference (none when it holds it)."""
    if period.start <= ref < period.end:
        return timedelta(0)
    return period.start - ref if ref < period.start else ref - period.end
