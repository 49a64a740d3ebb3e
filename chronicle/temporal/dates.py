"""Resolve a date reading: calendar fields, relative units, weekdays, holidays, times of day."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable

from chronicle.temporal import calendar
from chronicle.temporal.bc import before_common_era
from chronicle.temporal.calendar import Period
from chronicle.temporal.context import FUTURE, PAST, PRESENT, Context, Resolved, from_period
from chronicle.temporal.holidays import holiday_date
from chronicle.temporal.years import explicit_year, historical_year, same_year, tensed_year

UNIT_GRAIN = {"fortnight": "week", "millennium": "century"}

def resolve_date(slots: dict[str, Any], ctx: Context, start: int, end: int) -> Resolved | None:
    """The calendar value of a date reading, or None when the fields make no date (Feb 30)."""
    if "bc_year" in slots or "bc" in slots:  # before the common era: no datetime holds it, so no interval
        return before_common_era(slots)
    try:
        period = _period(slots, ctx, start, end)
    except (ValueError, OverflowError, KeyError):
        return None
    if period is None:
        return None
    if "containing" in slots:  # "the quarter ended Sept. 30"
        period = calendar.containing(slots["containing"], period.start)
    zone = None
    kind = None
    if "hour" in slots:
        period, zone = _clock(period, slots, ctx)
    elif "tod" in slots:
        period = calendar.day_part(_day_of(period, ctx), slots["tod"])
        if "weekday" in slots:
            kind = "DATE"  # "Friday night": TimeBank types a named day with its part as a date
    part = slots.get("part")
    if part in ("START", "MID", "END"):
        resolved = from_period(period, part, type_=kind, interval=calendar.part(period, part), zone=zone)
    else:
        resolved = from_period(period, slots.get("mod"), type_=kind, zone=zone)
    if slots.get("comparable") and period.grain in ("quarter", "half", "month"):
        resolved.weak = True  # "compared with $3 million last year": that quarter, not a new story time
    resolved.year_chosen = _year_chosen(slots)
    return resolved


def _year_chosen(slots: dict[str, Any]) -> bool:
    """A month, season, holiday or day of the month whose year the text leaves to the reader."""
    if not slots.keys() & {"month", "season", "holiday", "day"} or "weekday" in slots:
        return False
    return not slots.keys() & {"unit", "year", "year2", "year_relative", "year_narrative", "relative", "num1"}


def _period(slots: dict[str, Any], ctx: Context, start: int, end: int) -> Period | None:
    if "unit" in slots:
        return _relative_unit(slots, ctx)
    year = _year(slots, ctx)
    if "bc_year" in slots:
        return None
    if "decade" in slots:
        return calendar.decade(slots["decade"])
    if "decade2" in slots:
        return calendar.decade(_century_for_decade(slots["decade2"], ctx.ref))
    if "century" in slots:
        return calendar.century(slots["century"] - 1)
    if "num1" in slots:
        return _numeric(slots, year, ctx)
    if year is not None and slots.get("same_part"):  # "the 1988 period": the compared quarter of 1988
        named = slots["same_part"]
        compared = ctx.compared_part(named if named in ("quarter", "half", "month") else None)
        if compared is not None:
            return calendar.shift(calendar.containing(compared.grain, compared.start),
                                  (year - compared.start.year) * {"quarter": 4, "half": 2, "month": 12}[compared.grain])
    if year is not None:
        return _with_year(slots, year, ctx)
    return _underspecified(slots, ctx, start, end)


def _relative_unit(slots: dict[str, Any], ctx: Context) -> Period:
    """last week, this year, yesterday, the following day, the day before, that month."""
    unit = slots["unit"]
    if slots.get("comparable") and unit == "year" and slots.get("relative") == -1:
        compared = ctx.compared_part()  # "profit rose from $3 million last year": that quarter
        if compared is not None:
            steps = {"quarter": -4, "half": -2, "month": -12}[compared.grain]
            return calendar.shift(calendar.containing(compared.grain, compared.start), steps)
    grain = UNIT_GRAIN.get(unit, unit)
    if grain == "period":  # "the latest period", "the same period": the grain the story is in
        found = ctx.anchor(None)
        grain = found.grain if found is not None and found.grain in ("month", "quarter", "half", "year") else "quarter"
    narrative = slots.get("anchor") == "narrative"
    if narrative:
        base = ctx.anchor_instant("day" if grain == "weekend" else grain)
        if slots.get("vague") and base > ctx.ref:
            base = ctx.ref  # "the full year" after "by 1992": a target named is no time of the story
        steps = slots.get("narrative_relative", 0)
        if "beforeafter" in slots:
            steps = -1 if slots["beforeafter"] == "before" else 1
    else:
        base = ctx.ref
        steps = slots.get("relative", slots.get("shift", 0))
    if grain == "weekend":
        period = calendar.weekend(base)
    else:
        period = calendar.containing(grain, base)
    if "weekday" in slots:  # "Friday of next week"
        monday = calendar.shift(calendar.week(base), steps).start
        return calendar.day(monday + timedelta(days=slots["weekday"] - 1))
    return calendar.shift(period, steps)


def _year(slots: dict[str, Any], ctx: Context) -> int | None:
    if "year_narrative" in slots:  # "October of that year": the year of the story's latest time
        return ctx.anchor_instant("year").year + slots["year_narrative"]
    if "year_relative" in slots:
        return ctx.ref.year + slots["year_relative"]
    if "year2" in slots:
        two = slots["year2"]
        if "year" in slots:  # the second end of "1990-91"
            century = slots["year"] // 100 * 100
            return century + two if century + two >= slots["year"] else century + 100 + two
        candidate = ctx.ref.year // 100 * 100 + two
        return candidate if candidate <= ctx.ref.year + 10 else candidate - 100
    return slots.get("year")


def _century_for_decade(digit: int, ref: datetime) -> int:
    decade = ref.year // 100 * 10 + digit
    return decade if decade * 10 <= ref.year else decade - 10


def _numeric(slots: dict[str, Any], year: int | None, ctx: Context) -> Period:
    """7/11/2024 (month first) or 11.07.2024 (day first); swapped when the first cannot be a month."""
    first, second = slots["num1"], slots["num2"]
    month, day = (first, second) if slots.get("order") == "mdy" else (second, first)
    if month > 12 and day <= 12:
        month, day = day, month
    return calendar.day(date(year if year is not None else ctx.ref.year, month, day))


def _with_year(slots: dict[str, Any], year: int, ctx: Context) -> Period:
    if "month" in slots and "day" in slots:
        return calendar.day(date(year, slots["month"], slots["day"]))
    if "month" in slots:
        return calendar.month(year, slots["month"])
    if "quarter" in slots:
        return calendar.quarter(year, 4 if slots["quarter"] == -1 else slots["quarter"])
    if "half" in slots:
        return calendar.half(year, 2 if slots["half"] == -1 else slots["half"])
    if "season" in slots:
        return calendar.season(year, slots["season"])
    if "holiday" in slots:
        return calendar.day(holiday_date(slots["holiday"], year))
    return calendar.year(year)


def _underspecified(slots: dict[str, Any], ctx: Context, start: int, end: int) -> Period | None:
    """Fields without a year: the explicit word decides the direction, else the clause's tense."""
    explicit = slots.get("relative")
    if "weekday" in slots and "month" not in slots:
        if slots.get("anchor") == "narrative":
            return _narrative_weekday(slots, ctx)
        return _weekday(slots["weekday"], explicit, ctx, start, end)
    make: Callable[[int], Period]
    if "month" in slots and "day" in slots:
        make = lambda y: calendar.day(date(y, slots["month"], slots["day"]))  # noqa: E731
    elif "month" in slots:
        make = lambda y: calendar.month(y, slots["month"])  # noqa: E731
    elif "quarter" in slots:
        make = lambda y: calendar.quarter(y, 4 if slots["quarter"] == -1 else slots["quarter"])  # noqa: E731
    elif "half" in slots:
        make = lambda y: calendar.half(y, 2 if slots["half"] == -1 else slots["half"])  # noqa: E731
    elif "season" in slots:
        make = lambda y: calendar.season(y, slots["season"])  # noqa: E731
    elif "holiday" in slots:
        make = lambda y: calendar.day(holiday_date(slots["holiday"], y))  # noqa: E731
    elif "day" in slots:
        return _day_of_month(slots["day"], ctx, start, end)
    elif "hour" in slots or "tod" in slots:
        return calendar.day(_story_day(ctx))
    else:
        return None
    if explicit is not None:
        return explicit_year(make, explicit, ctx.ref)
    tense = ctx.direction(start, end)
    historical = historical_year(ctx, start) if tense != FUTURE else None
    if historical is not None:
        return make(historical)
    if "quarter" in slots or "half" in slots:
        return same_year(make, tense, ctx.ref)
    grace = timedelta(days=45) if "day" in slots or "holiday" in slots else \
        timedelta(days=31) if "month" in slots else timedelta(0)
    return tensed_year(make, tense, ctx.ref, grace)


def _story_day(ctx: Context) -> datetime:
    """The day a bare clock time is on ("occurred at 10:35 a.m."): the story's latest day when it
    has passed, else the reference's (a coming day is left alone: the tweets gold keeps a bare time
    after "this Sat" on the day of writing, 4 times of 4)."""
    found = ctx.anchor("day")
    if found is not None and found.grain == "day" and found.start <= ctx.ref:
        return found.start
    return ctx.ref


def _weekday(weekday: int, explicit: int | None, ctx: Context, start: int, end: int) -> Period:
    today = ctx.ref.date()
    back = (today.isoweekday() - weekday) % 7
    ahead = (weekday - today.isoweekday()) % 7
    if explicit is not None:
        if explicit < 0:
            return calendar.day(today - timedelta(days=back or 7))
        if explicit > 0:
            return calendar.day(today + timedelta(days=ahead or 7))
        return calendar.day(today + timedelta(days=weekday - today.isoweekday()))
    tense = ctx.direction(start, end)
    if tense == FUTURE:
        return calendar.day(today + timedelta(days=ahead))
    if tense == PRESENT and ahead < back:
        return calendar.day(today + timedelta(days=ahead))
    return calendar.day(today - timedelta(days=back))


def _narrative_weekday(slots: dict[str, Any], ctx: Context) -> Period:
    """"the previous Friday": the one before the story's day; "the following Friday": after it."""
    day = ctx.anchor_instant("day").date()
    weekday = slots["weekday"]
    if slots.get("narrative_relative", 1) < 0:
        return calendar.day(day - timedelta(days=(day.isoweekday() - weekday) % 7 or 7))
    return calendar.day(day + timedelta(days=(weekday - day.isoweekday()) % 7 or 7))


def _day_of_month(day: int, ctx: Context, start: int, end: int) -> Period:
    """"the 11th": this month's, or the previous / next month's when the tense points there."""
    ref = ctx.ref
    tense = ctx.direction(start, end)
    month_start = datetime(ref.year, ref.month, 1)
    if tense == PAST and day > ref.day:
        month_start = calendar.add_months(month_start, -1)
    elif tense == FUTURE and day < ref.day:
        month_start = calendar.add_months(month_start, 1)
    return calendar.day(date(month_start.year, month_start.month, day))


def _day_of(period: Period, ctx: Context) -> date:
    return period.start.date() if period.grain == "day" else ctx.ref.date()


def _clock(period: Period, slots: dict[str, Any], ctx: Context) -> tuple[Period, timezone | None]:
    """A clock time on the period's day (the reference's day when the period is coarser)."""
    hour, minute = slots["hour"], slots.get("minute", 0)
    ampm = slots.get("ampm")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise ValueError("no such time of day")
    zone = timezone(timedelta(minutes=slots["zone"])) if "zone" in slots else None
    return calendar.clock(_day_of(period, ctx), hour, minute, slots.get("second")), zone
