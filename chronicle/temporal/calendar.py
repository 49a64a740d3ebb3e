"""Calendar periods: a grain plus its half-open [start, end) and its TIMEX3 value.

Everything here is naive datetimes; `resolve` attaches the reference's time zone at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

SEASONS = ("SP", "SU", "FA", "WI")
# Meteorological seasons, northern hemisphere: spring starts in March; winter Y runs Dec Y-Feb Y+1.
SEASON_START_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
# Parts of the day as TIMEX3 writes them, with the hours they cover (night runs into the next day).
DAY_PARTS = {"MO": (5, 12), "MI": (11, 14), "AF": (12, 17), "EV": (17, 21), "NI": (21, 29), "DT": (8, 18)}
GRAIN_ORDER = (
    "second", "minute", "hour", "day", "week", "month",
    "quarter", "season", "half", "year", "decade", "century",
)


@dataclass(slots=True)  # not frozen: built by the thousand, and frozen costs a call per field
class Period:
    """A stretch of calendar at one grain, with its TIMEX3 value."""

    grain: str
    start: datetime
    end: datetime
    value: str


def finer(a: str, b: str) -> bool:
    """True when grain `a` is finer than grain `b`."""
    return GRAIN_ORDER.index(a) < GRAIN_ORDER.index(b)


def _month_start(year: int, month: int) -> datetime:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return datetime(year, month, 1)


def year(y: int) -> Period:
    """The calendar year y."""
    return Period("year", datetime(y, 1, 1), datetime(y + 1, 1, 1), f"{y:04d}")


def month(y: int, m: int) -> Period:
    """Month m of year y."""
    return Period("month", _month_start(y, m), _month_start(y, m + 1), f"{y:04d}-{m:02d}")


def day(d: date) -> Period:
    """One calendar day."""
    start = datetime(d.year, d.month, d.day)
    return Period("day", start, start + timedelta(days=1), f"{d.year:04d}-{d.month:02d}-{d.day:02d}")


def week(d: date) -> Period:
    """The ISO week (Monday to Monday) containing day d."""
    monday = datetime(d.year, d.month, d.day) - timedelta(days=d.weekday())
    iso_year, iso_week, _ = monday.isocalendar()
    return Period("week", monday, monday + timedelta(days=7), f"{iso_year:04d}-W{iso_week:02d}")


def weekend(d: date) -> Period:
    """Saturday and Sunday of the ISO week containing day d."""
    w = week(d)
    return Period("week", w.start + timedelta(days=5), w.end, w.value + "-WE")


def quarter(y: int, q: int) -> Period:
    """Quarter q (1-4) of year y."""
    return Period("quarter", _month_start(y, 3 * q - 2), _month_start(y, 3 * q + 1), f"{y:04d}-Q{q}")


def half(y: int, h: int) -> Period:
    """Half h (1-2) of year y."""
    return Period("half", _month_start(y, 6 * h - 5), _month_start(y, 6 * h + 1), f"{y:04d}-H{h}")


def season(y: int, s: str) -> Period:
    """Season s (SP, SU, FA, WI) of year y; winter y starts in December of y."""
    first = SEASON_START_MONTH[s]
    return Period("season", _month_start(y, first), _month_start(y, first + 3), f"{y:04d}-{s}")


def decade(d: int) -> Period:
    """Decade d, written as TIMEX3 does: 199 is 1990-1999."""
    return Period("decade", datetime(d * 10, 1, 1), datetime(d * 10 + 10, 1, 1), f"{d:03d}")


def century(c: int) -> Period:
    """Century c, written as TIMEX3 does: 19 is 1900-1999 (the twentieth century)."""
    return Period("century", datetime(max(c * 100, 1), 1, 1), datetime(c * 100 + 100, 1, 1), f"{c:02d}")


def clock(d: date, hour: int, minute: int = 0, second: int | None = None) -> Period:
    """A time of day on day d, at minute (or second) grain."""
    start = datetime(d.year, d.month, d.day) + timedelta(hours=hour, minutes=minute, seconds=second or 0)
    if second is not None:
        return Period("second", start, start + timedelta(seconds=1), start.strftime("%Y-%m-%dT%H:%M:%S"))
    return Period("minute", start, start + timedelta(minutes=1), start.strftime("%Y-%m-%dT%H:%M"))


def day_part(d: date, part: str) -> Period:
    """A part of day d (MO, AF, EV, NI, ...) as TIMEX3 writes it: 2024-07-11TNI."""
    first, last = DAY_PARTS[part]
    base = datetime(d.year, d.month, d.day)
    return Period("hour", base + timedelta(hours=first), base + timedelta(hours=last),
                  base.strftime("%Y-%m-%d") + "T" + part)


def containing(grain: str, when: datetime) -> Period:
    """The period of `grain` that contains the instant `when`."""
    if grain == "day":
        return day(when)
    if grain == "week":
        return week(when)
    if grain == "month":
        return month(when.year, when.month)
    if grain == "quarter":
        return quarter(when.year, (when.month - 1) // 3 + 1)
    if grain == "half":
        return half(when.year, 1 if when.month <= 6 else 2)
    if grain == "season":
        y, m = when.year, when.month
        if m < 3:
            return season(y - 1, "WI")
        return season(y, SEASONS[(m - 3) // 3])
    if grain == "year":
        return year(when.year)
    if grain == "decade":
        return decade(when.year // 10)
    if grain == "century":
        return century(when.year // 100)
    if grain == "hour":
        start = when.replace(minute=0, second=0, microsecond=0)
        return Period("hour", start, start + timedelta(hours=1), start.strftime("%Y-%m-%dT%H"))
    if grain == "minute":
        return clock(when, when.hour, when.minute)
    if grain == "second":
        return clock(when, when.hour, when.minute, when.second)
    raise ValueError(f"unknown grain {grain!r}")


def shift(period: Period, n: int) -> Period:
    """The period n steps of its own grain away (n may be negative)."""
    if n == 0:
        return period
    g, s = period.grain, period.start
    if g == "day":
        return day(s + timedelta(days=n))
    if g == "week":
        moved = week(s + timedelta(weeks=n))
        return weekend(moved.start) if period.value.endswith("-WE") else moved
    if g in ("month", "quarter", "half", "season"):
        months = {"month": 1, "quarter": 3, "half": 6, "season": 3}[g] * n
        return containing(g, _month_start(s.year, s.month + months))
    if g == "year":
        return year(s.year + n)
    if g == "decade":
        return decade(s.year // 10 + n)
    if g == "century":
        return century(s.year // 100 + n)
    if g in ("hour", "minute", "second"):
        step = {"hour": timedelta(hours=n), "minute": timedelta(minutes=n), "second": timedelta(seconds=n)}[g]
        if period.value[-2:].isalpha():  # a part of the day moves by whole days
            return day_part(s + timedelta(days=n) - timedelta(hours=DAY_PARTS[period.value[-2:]][0]),
                            period.value[-2:])
        return containing(g, s + step)
    raise ValueError(f"cannot shift grain {g!r}")


def add_months(when: datetime, months: int) -> datetime:
    """`when` moved by whole months, the day clipped to the target month's length."""
    first = _month_start(when.year, when.month + months)
    last_day = (_month_start(first.year, first.month + 1) - timedelta(days=1)).day
    return when.replace(year=first.year, month=first.month, day=min(when.day, last_day))


def move(when: datetime, unit: str, n: int) -> datetime:
    """An instant moved by n units (day, week, month, quarter, half, season, year, decade, ...)."""
    if unit in ("second", "minute", "hour", "day", "week"):
        return when + timedelta(**{unit + "s": n})
    months = {"month": 1, "quarter": 3, "season": 3, "half": 6, "year": 12, "decade": 120, "century": 1200}
    return add_months(when, months[unit] * n)


def part(period: Period, mod: str) -> tuple[datetime, datetime]:
    """The START, MID or END third of a period (a month splits 1-10, 11-20, 21-end; a week
    Mon-Tue, Wed-Thu, Fri-Sun)."""
    start, end = period.start, period.end
    if period.grain == "month":
        cuts = (start, start.replace(day=11), start.replace(day=21), end)
    elif period.grain == "week" and not period.value.endswith("-WE"):  # Mon-Tue, Wed-Thu, Fri-Sun
        cuts = (start, start + timedelta(days=2), start + timedelta(days=4), end)
    elif period.grain in ("decade", "century"):
        span = end.year - start.year
        cuts = (start, start.replace(year=start.year + round(span * 0.4)),
                start.replace(year=start.year + round(span * 0.7)), end)
    elif start.day == 1 and end.day == 1 and start.hour == 0:
        months = (end.year - start.year) * 12 + end.month - start.month
        if months >= 3 and months % 3 == 0:
            third = months // 3
            cuts = (start, add_months(start, third), add_months(start, 2 * third), end)
        else:
            cuts = _even_thirds(start, end)
    else:
        cuts = _even_thirds(start, end)
    index = {"START": 0, "MID": 1, "END": 2}[mod]
    return cuts[index], cuts[index + 1]


def _even_thirds(start: datetime, end: datetime) -> tuple[datetime, datetime, datetime, datetime]:
    third = (end - start) / 3
    return start, start + third, start + 2 * third, end
