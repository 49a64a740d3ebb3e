"""Resolve offsets (two weeks ago), durations (P2W), sets (every Monday), generic and anaphoric references."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from chronicle.temporal import calendar
from chronicle.temporal.context import PAST, Context, Resolved, from_period
from chronicle.temporal.convert import X

# Unit -> (ISO 8601 designator, inside the time part, multiplier)
DESIGNATORS = {
    "second": ("S", True, 1), "minute": ("M", True, 1), "hour": ("H", True, 1),
    "day": ("D", False, 1), "week": ("W", False, 1), "weekend": ("D", False, 2),
    "fortnight": ("W", False, 2), "month": ("M", False, 1), "quarter": ("M", False, 3),
    "year": ("Y", False, 1), "decade": ("Y", False, 10), "century": ("Y", False, 100),
    "millennium": ("Y", False, 1000),
}
VAGUE = {"decade": "DE", "century": "CE", "millennium": "ML", "weekend": "WE", "fortnight": "W",
         "quarter": "Q"}
# A fraction of a unit is written in the next smaller one: 2 1/2 years = P2Y6M.
SMALLER = {"year": ("month", 12), "day": ("hour", 24), "hour": ("minute", 60), "minute": ("second", 60),
           "week": ("day", 7), "month": ("day", 30), "decade": ("year", 10), "century": ("year", 100)}
OFFSET_GRAIN = {"decade": "year", "century": "year", "millennium": "year", "fortnight": "week",
                "weekend": "week"}
OFFSET_STEPS = {"decade": 10, "century": 100, "millennium": 1000, "fortnight": 2}
SET_DAY = "XXXX-WXX-"


def duration_value(amount: Any, unit: str) -> str:
    """TIMEX3 duration: P2W, PT5H30M, P2Y6M, PXY for an unspecified amount."""
    if unit == "unknown":
        return "PXX"
    designator, in_time, _ = DESIGNATORS[unit]
    if amount == X or amount is None:
        return ("PT" if in_time else "P") + "X" + VAGUE.get(unit, designator)
    totals: dict[tuple[bool, str], float] = {}
    for count, part_unit in _components(amount, unit):
        part_designator, part_in_time, multiplier = DESIGNATORS[part_unit]
        key = (part_in_time, part_designator)
        totals[key] = totals.get(key, 0) + count * multiplier
    order = {"Y": 0, "M": 1, "W": 2, "D": 3, "H": 4, "S": 6}
    date_part = "".join(_number(totals[k]) + k[1] for k in sorted(totals, key=lambda k: order[k[1]]) if not k[0])
    time_part = "".join(_number(totals[k]) + k[1]
                        for k in sorted(totals, key=lambda k: order[k[1]] if k[1] != "M" else 5) if k[0])
    return "P" + date_part + ("T" + time_part if time_part else "") if (date_part or time_part) else "P0D"


def _components(amount: float, unit: str) -> list[tuple[float, str]]:
    whole = int(amount)
    fraction = round(amount - whole, 6)
    parts = [(whole, unit)] if whole else []
    if fraction:
        if unit in SMALLER:
            smaller, factor = SMALLER[unit]
            parts += _components(round(fraction * factor, 6), smaller)
        else:
            parts = [(amount, unit)]
    return parts


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def resolve_duration(slots: dict[str, Any], ctx: Context) -> Resolved:
    """two weeks -> P2W; the past three years -> P3Y; several months -> PXM."""
    amount = slots.get("amount", X if "amount" not in slots and slots.get("unit") != "unknown" else 1)
    if "amount_low" in slots:  # "12 to 18 months": a span of amounts, left unspecified
        amount = X
    if "plus_half" in slots and amount != X:
        amount += 0.5
    value = duration_value(amount, slots["unit"])
    if "unit2" in slots:  # "two years and six months"
        second = duration_value(slots.get("amount2", X), slots["unit2"])
        value = _join_durations(value, second)
    return Resolved("DURATION", value, slots.get("mod"))


def _join_durations(first: str, second: str) -> str:
    date_part = first[1:].split("T")[0] + second[1:].split("T")[0]
    time_part = (first.split("T")[1] if "T" in first else "") + (second.split("T")[1] if "T" in second else "")
    return "P" + date_part + ("T" + time_part if time_part else "")


def resolve_offset(slots: dict[str, Any], ctx: Context, start: int, end: int) -> Resolved | None:
    """two weeks ago, a year earlier, three days later, in three days (relative to the anchor)."""
    unit = slots["unit"]
    amount = slots.get("amount", X if "plural" in slots else 1)
    direction = slots.get("direction")
    word = slots.get("laterearlier")
    if word is not None:
        direction = 1 if word in ("later", "after") else -1
    if slots.get("future_only") and ctx.direction(start, end) == PAST:
        return resolve_duration(slots, ctx)
    if amount == X:
        return Resolved("DATE", "PAST_REF" if direction < 0 else "FUTURE_REF", slots.get("mod"))
    narrative = slots.get("anchor") == "narrative"
    if unit == "year" and amount == 1:
        inherited = _year_ago_of_anchor(ctx, start)
        if inherited is not None:  # a comparison, not a new point in the story: a weak anchor
            steps = {"quarter": 4, "half": 2, "month": 12}[inherited.grain] * direction
            return replace(from_period(calendar.shift(inherited, steps), slots.get("mod")), weak=True)
        if slots.get("inherit"):
            return replace(from_period(calendar.year(ctx.ref.year - 1), slots.get("mod")), weak=True)
    if amount != int(amount):
        if unit not in SMALLER:
            return None
        unit, factor = SMALLER[unit]
        amount = round(amount * factor)
    grain = OFFSET_GRAIN.get(unit, unit)
    steps = int(amount) * OFFSET_STEPS.get(unit, 1) * direction
    anchor = ctx.anchor(None) if narrative else None
    base = anchor.start if anchor is not None else ctx.ref
    if grain in ("hour", "minute", "second") and not ctx.has_time and anchor is None:
        grain = "day"
        steps = 0 if abs(steps) < {"hour": 24, "minute": 1440, "second": 86400}[unit] else steps
        unit = "day" if steps == 0 else unit
    try:
        if anchor is not None and anchor.grain == "day" and grain in ("day", "week"):
            period = calendar.day(calendar.move(base, unit if unit != "fortnight" else "week", steps))
        else:
            moved = calendar.move(base, {"decade": "year", "century": "year", "millennium": "year"}.get(unit, unit)
                                  if unit not in ("weekend", "fortnight") else "week", steps)
            period = calendar.containing(grain, moved)
    except (ValueError, OverflowError):
        return None  # past the calendar's years 1 to 9999: "480 decades ago", "in 900 decades"
    return from_period(period, slots.get("mod"))


def _year_ago_of_anchor(ctx: Context, start: int) -> calendar.Period | None:
    """A year-over-year comparison keeps the grain of the period being compared (a quarter)."""
    compared = ctx.compared_part()
    if compared is None:
        return None
    return calendar.containing(compared.grain, compared.start)


def resolve_set(slots: dict[str, Any], ctx: Context) -> Resolved:
    """daily -> P1D, every Monday -> XXXX-WXX-1, every other week -> P2W, mornings -> XXXX-XX-XXTMO."""
    if "frequency" in slots:
        return Resolved("SET", slots["frequency"])
    if "weekday" in slots:
        value = SET_DAY + str(slots["weekday"])
        return Resolved("SET", value + ("T" + slots["tod"] if "tod" in slots else ""))
    if "tod" in slots:
        return Resolved("SET", "XXXX-XX-XXT" + slots["tod"])
    if "season" in slots:
        return Resolved("SET", "XXXX-" + slots["season"])
    if "month" in slots:
        return Resolved("SET", f"XXXX-{slots['month']:02d}")
    amount = slots.get("amount", 1)
    if amount == X:
        amount = 1
    if slots.get("other"):
        amount = 2
    if slots["unit"] == "weekend":
        return Resolved("SET", "XXXX-WXX-WE")
    return Resolved("SET", duration_value(amount, slots["unit"]))


def resolve_generic(slots: dict[str, Any], ctx: Context) -> Resolved:
    """now -> PRESENT_REF, recently -> PAST_REF, in the future -> FUTURE_REF."""
    return Resolved("DATE", slots["generic"])


def resolve_anaphor(slots: dict[str, Any], ctx: Context) -> Resolved:
    """"at the time": the narrative anchor itself, mod and all; PAST_REF when there is none."""
    anchor = ctx.anchor(None)
    if anchor is None:
        return Resolved("DATE", "PAST_REF")
    return anchor
