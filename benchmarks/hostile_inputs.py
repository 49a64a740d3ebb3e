"""Hostile documents: the pattern-breaking inputs of `pathological`, plus binary bytes, NULs, other
scripts, emoji and texts built against the event extractor (long sentences of clauses, names, verbs
read as adverbs, line breaks and dots). Each builds deterministically at a size factor; at 1.0 it is
its full size (about 1 MB, or the count in its name)."""

from __future__ import annotations

import random
from pathlib import Path

from benchmarks.pathological import CASES as PATTERN_CASES
from benchmarks.pathological import MONTHS, Case

SEED = (Path(__file__).resolve().parents[1] / "seeds" / "us-strike-restrictions.txt").read_text(encoding="utf-8")
MB = 1_000_000


def _fill(unit: str, factor: float, size: int = MB) -> str:
    """`unit` repeated to `size * factor` characters."""
    length = int(size * factor)
    return (unit * (length // len(unit) + 1))[:length]


def _news(factor: float) -> str:
    return _fill(SEED + "\n\n", factor)


def _binary(factor: float) -> str:
    # What arrives when a file of bytes is read as UTF-8 with replacement: U+FFFD, control characters,
    # stray Latin-1, with a date here and there.
    data = random.Random(4).randbytes(int(MB * factor))
    return data.decode("utf-8", errors="replace")[:int(MB * factor)]


def _nul(factor: float) -> str:
    return _fill("On May 5, 2024\x00\x00 the talks\x00 resumed.\x00\n", factor)


def _scripts(factor: float) -> str:
    # Right-to-left (Arabic, Hebrew) and mixed scripts with direction marks and overrides around dates.
    unit = ("أعلنت الحكومة يوم 12 يوليو 2024 أن المحادثات ستستأنف. ‏The talks resumed on July 12, 2024.‏ "
            "הממשלה הודיעה ב-12 ביולי 2024. \u202eJuly 12, 2024\u202c 中国 2024年7月12日 发布. "
            "Москва 12 июля 2024 года. Ελλάδα 12 Ιουλίου. हिन्दी 12 जुलाई. e\u0301te\u0301 a\u0300 Paris.\n")
    return _fill(unit, factor)


def _emoji(factor: float) -> str:
    unit = ("🚀🔥 On Monday 👍🏽 the 🇺🇦 team 👨‍👩‍👧‍👦 met in late May 2024 ✅; "
            "🕐 at 3 p.m. 🗓️ May 5 😀😃😄 next week 🏳️‍🌈 \U0001f9d1\u200d\U0001f680 2024-07-12 ✨\n")
    return _fill(unit, factor)


def _clauses(factor: float) -> str:
    # One sentence, no full stop: dated clauses joined by commas and conjunctions, each with a verb.
    unit = ("Smith said on Monday that the convoy crossed the border in late May, and officials who had "
            "been searching concluded on Tuesday, while Moscow accused Kiev on June 24, ")
    return _fill(unit, factor)


def _names(factor: float) -> str:
    rng = random.Random(5)
    words = [f"{rng.choice('BCDFGHKLMNPRST')}{rng.choice('aeiou')}{rng.choice('lmnrst')}{rng.choice('aeiou')}"
             for _ in range(400)]
    unit = " and ".join(f"{a} {b}" for a, b in zip(words, words[1:])) + " met on Monday, "
    return _fill(unit, factor)


def _adverb_verbs(factor: float) -> str:
    # Words ending in -ly that are also verbs ("apply", "reply", "supply") with times between them.
    return _fill("apply reply supply on Monday quickly apply , reply not not ", factor)


def _line_breaks(factor: float) -> str:
    return _fill("May\n5\n\n-\n1.\na) late\nmay 2024\n", factor)


def _dots(factor: float) -> str:
    return _fill("." * 5_000 + " On May 5. " + "!?" * 2_000 + "…" * 1_000 + " Dr. Smith.. ", factor)


def _month_soup(factor: float) -> str:
    # Every month name, abbreviation and ordinal next to each other, no sentence ends.
    rng = random.Random(6)
    pieces = tuple(MONTHS) + tuple(m[:3] + "." for m in MONTHS) + ("1st", "2nd", "31st", "of", "mid-", "late", "early", "2024")
    return " ".join(rng.choices(pieces, k=int(MB * factor / 5)))


CASES = (
    Case("news (the seed article, repeated)", _news),
    *PATTERN_CASES,
    Case("binary bytes read as UTF-8, 1 MB", _binary),
    Case("NUL characters around dates, 1 MB", _nul),
    Case("right-to-left and mixed scripts, 1 MB", _scripts),
    Case("emoji around dates, 1 MB", _emoji),
    Case("one sentence of dated clauses, 1 MB", _clauses),
    Case("one sentence of names, 1 MB", _names),
    Case("verbs read as adverbs, 1 MB", _adverb_verbs),
    Case("line breaks, bullets, 1 MB", _line_breaks),
    Case("runs of dots and marks, 1 MB", _dots),
    Case("month and day words, no sentence ends, 1 MB", _month_soup),
)
