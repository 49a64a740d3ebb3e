"""Holiday dates from the compact specs in a language's holiday table."""

from __future__ import annotations

from datetime import date, timedelta

WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month = (h + m - 7 * n + 114) // 31
    day = (h + m - 7 * n + 114) % 31 + 1
    return date(year, month, day)


def holiday_date(spec: str, year: int) -> date:
    """The date of a holiday spec in `year`.

    Specs: `MM-DD` (fixed), `YYYY-MM-DD` (one day in history), `MM/n/weekday[/first day][+N]`
    (n-th weekday of the month, -1 the last; N days after it), `easter+N` / `easter-N`.
    """
    spec = str(spec)
    if spec.startswith("easter"):
        return easter(year) + timedelta(days=int(spec[6:] or 0))
    if "/" in spec:
        spec, plus, days = spec.partition("+")
        if plus:  # "the day after Thanksgiving": a day counted from a weekday rule
            return holiday_date(spec, year) + timedelta(days=int(days))
        fields = spec.split("/")
        month, nth, weekday = int(fields[0]), int(fields[1]), WEEKDAYS[fields[2]]
        first_day = int(fields[3]) if len(fields) > 3 else 1
        if nth > 0:
            first = date(year, month, first_day)
            first += timedelta(days=(weekday - first.weekday()) % 7)
            return first + timedelta(weeks=nth - 1)
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    parts = [int(p) for p in spec.split("-")]
    if len(parts) == 3:
        return date(*parts)
    return date(year, parts[0], parts[1])
