"""Dates before the common era: TIMEX3 values only, since no datetime holds them (no interval)."""

from __future__ import annotations

from typing import Any

from chronicle.temporal.context import Resolved


def before_common_era(slots: dict[str, Any]) -> Resolved:
    """BC0480, BC0480-04 (April 480 BC), BC0480-SP, BC047 (the 470s BC), BC03 (the 4th century BC)."""
    if "bc_year" in slots:
        value = f"BC{slots['bc_year']:04d}"
        if "month" in slots:
            value += f"-{slots['month']:02d}" + (f"-{slots['day']:02d}" if "day" in slots else "")
        elif "season" in slots:
            value += f"-{slots['season']}"
    elif "century" in slots:
        value = f"BC{slots['century'] - 1:02d}"
    else:
        value = f"BC{slots['decade']:03d}"
    part = slots.get("part")
    return Resolved("DATE", value, part if part in ("START", "MID", "END") else slots.get("mod"))
