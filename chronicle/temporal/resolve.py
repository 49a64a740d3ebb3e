"""Resolution: turn recognised mentions into Timexes, in document order, tracking the narrative anchor."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, tzinfo

from chronicle.temporal.context import Context, Resolved
from chronicle.temporal.dates import resolve_date
from chronicle.temporal.language import Language
from chronicle.temporal.quantities import (
    resolve_anaphor, resolve_duration, resolve_generic, resolve_offset, resolve_set,
)
from chronicle.temporal.recognise import Mention
from chronicle.temporal.timex import Interval, Timex

# "the first nine months", "the six months": a span of months, compared as a whole
_MONTH_SPAN = re.compile(r"P(?:[2-9]|1[01])M$")


def resolve(text: str, mentions: list[Mention], reference: datetime, zone: tzinfo, has_time: bool,
            prefer: str, language: Language) -> list[Timex]:
    """One Timex per mention that resolves; each dated one becomes the anchor for what follows."""
    ctx = Context(text, reference, zone, has_time, prefer, language)
    timexes = []
    previous = None
    for mention in mentions:
        if mention.slots.get("range_second") and previous is not None and previous.start is not None:
            mention = _same_year_as(mention, previous)
        resolved = _resolve_one(mention, ctx)
        previous = resolved
        if resolved is None:
            continue
        if mention.rule.kind == "duration" and _MONTH_SPAN.match(resolved.value):
            ctx.compare_no_further()
        elif mention.rule.kind != "anaphor":
            ctx.remember(resolved)
        timexes.append(_to_timex(text, mention, resolved, zone))
    return timexes


def _same_year_as(mention: Mention, first: Resolved) -> Mention:
    """The second end of "May 3-5" lies in the year its first end was given."""
    if "year" in mention.slots or "year2" in mention.slots:
        return mention
    return replace(mention, slots={**mention.slots, "year": first.start.year})


def _resolve_one(mention: Mention, ctx: Context) -> Resolved | None:
    kind, slots = mention.rule.kind, mention.slots
    if kind in ("date", "range"):
        return resolve_date(slots, ctx, mention.start, mention.end)
    if kind == "offset":
        return resolve_offset(slots, ctx, mention.start, mention.end)
    if kind == "duration":
        return resolve_duration(slots, ctx)
    if kind == "set":
        return resolve_set(slots, ctx)
    if kind == "generic":
        return resolve_generic(slots, ctx)
    if kind == "anaphor":
        return resolve_anaphor(slots, ctx)
    raise ValueError(f"rule {mention.rule.name!r} has unknown kind {kind!r}")


def _to_timex(text: str, mention: Mention, resolved: Resolved, zone: tzinfo) -> Timex:
    interval = None
    if resolved.start is not None and resolved.end is not None:
        tz = resolved.zone or zone
        interval = Interval(resolved.start.replace(tzinfo=tz), resolved.end.replace(tzinfo=tz))
    return Timex(
        start=mention.start,
        end=mention.end,
        text=text[mention.start:mention.end],
        type=mention.rule.type or resolved.type,
        value=resolved.value,
        mod=resolved.mod,
        interval=interval,
        grain=resolved.grain if interval is not None else None,
        rule=mention.rule.name,
    )
