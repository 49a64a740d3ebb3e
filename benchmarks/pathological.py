"""Inputs built to make a pattern matcher slow: long tokens, dense numbers, dense matches, near-misses.

Each case builds its text at a size factor (1.0 = its base size), deterministically, so runs compare.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable

MONTHS = ("January February March April May June July August September October November December").split()

# Strings that start like a time expression and then do not finish, or chain ambiguous separators:
# the shapes that make a backtracking regex try every split.
NEAR_MISSES = (
    "12/12/12/12/12/12/12/12/12/12/12/12 ", "1-2-3-4-5-6-7-8-9-10-11-12-13 ", "10:10:10:10:10:10:10:10 ",
    "May May May May May May 2024x ", "the 1st 2nd 3rd 4th 5th 6th of of of of ",
    "last last last last next next next week-end-ish ", "3 p.m p.m. p.m p.m.3 a.m.a.m.a ",
    "from 1990 to 1991 to 1992 to 1993 to 1994 to ", "Jan. Feb. Mar. Apr. 32nd 33rd 0th ",
    "nineteen ninety ninety ninety-nine ninety ", "twenty-twenty-twenty-twenty years years ago ago ago ",
    "mid-mid-mid-late-early-late-mid- ", "Q1Q2Q3Q4Q5 H1H2H3 ", "1999999999999s '9'9'9'9'9'9 ",
    "between 2019 and between 2019 and between ", "Mon Tue Wed Thu Fri Sat Sun Mon Tue Wed Thu ",
    "2024-07-2024-07-2024-07-2024 ", "1,2,3,4,5,6,7,8,9,10,11,12,13,14 ", "spring-summer-fall-winter-spring ",
    "......................................... ", "------------------------------------------ ",
)


@dataclass(frozen=True)
class Case:
    """A named pathological input and how to build it at a size factor."""

    name: str
    build: Callable[[float], str]


def _no_spaces(factor: float) -> str:
    rng = random.Random(1)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789MayJunDec"
    return "".join(rng.choices(alphabet, k=int(1_000_000 * factor)))


def _numbers(factor: float) -> str:
    rng = random.Random(2)
    return " ".join(str(rng.randrange(100_000)) for _ in range(int(100_000 * factor)))


def _month_names(factor: float) -> str:
    return " ".join(MONTHS * int(10_000 * factor))


def _soup(factor: float) -> str:
    rng = random.Random(3)
    alphabet = "0123456789" * 3 + "/-.:,;'()$%+" + " "
    return "".join(rng.choices(alphabet, k=int(1_000_000 * factor)))


def _near_misses(factor: float) -> str:
    cycle = "".join(NEAR_MISSES)
    size = int(1_000_000 * factor)
    return (cycle * (size // len(cycle) + 1))[:size]


CASES = (
    Case("1 MB line without spaces", _no_spaces),
    Case("100,000 numbers", _numbers),
    Case("month names x 10,000", _month_names),
    Case("digits and punctuation soup, 1 MB", _soup),
    Case("crafted near-misses, 1 MB", _near_misses),
)
