"""The characters a regular expression can start with, so a rule is only tried where it could match."""

from __future__ import annotations

import re
import string
from re import _constants as sre  # the parser's opcodes; stable across 3.11+
from re import _parser

_CATEGORIES = {
    sre.CATEGORY_DIGIT: frozenset(string.digits),
    sre.CATEGORY_SPACE: frozenset(" \t\n\r\f\v"),
}
_ANY = None


def first_chars(pattern: str, flags: int = re.IGNORECASE,
                placeholders: dict[str, frozenset[str] | None] | None = None) -> frozenset[str] | None:
    """The characters (both cases) a match of `pattern` can begin with; None when it could be any.

    `placeholders` maps single characters standing for sub-patterns (never empty) to their own
    first characters, so a long pattern can be analysed as a short skeleton.
    """
    return first_and_empty(pattern, flags, placeholders)[0]


def first_and_empty(pattern: str, flags: int = re.IGNORECASE,
                    placeholders: dict[str, frozenset[str] | None] | None = None) -> tuple[frozenset[str] | None, bool]:
    """(first characters, whether the pattern can match the empty string)."""
    global _PLACEHOLDERS
    _PLACEHOLDERS = placeholders or {}
    try:
        return _sequence(list(_parser.parse(pattern, flags)))
    finally:
        _PLACEHOLDERS = {}


_PLACEHOLDERS: dict[str, frozenset[str] | None] = {}


def _sequence(items: list) -> tuple[frozenset[str] | None, bool]:
    """(first characters, nullable) of a sequence of parsed items."""
    found: set[str] = set()
    for op, av in items:
        chars, nullable = _item(op, av)
        if chars is _ANY:
            return _ANY, False
        found |= chars
        if not nullable:
            return frozenset(found), False
    return frozenset(found), True


def _item(op, av) -> tuple[frozenset[str] | None, bool]:
    if op is sre.LITERAL:
        char = chr(av)
        if char in _PLACEHOLDERS:
            return _PLACEHOLDERS[char], False
        return frozenset({char.lower(), char.upper()} if char.isalpha() else {char}), False
    if op is sre.IN:
        return _charset(av), False
    if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
        return frozenset(), True
    if op is sre.SUBPATTERN:
        return _sequence(list(av[3]))
    if op is sre.ATOMIC_GROUP:
        return _sequence(list(av))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, body = av
        chars, nullable = _sequence(list(body))
        return chars, nullable or low == 0
    if op is sre.BRANCH:
        found: set[str] = set()
        nullable = False
        for branch in av[1]:
            chars, empty = _sequence(list(branch))
            if chars is _ANY:
                return _ANY, False
            found |= chars
            nullable = nullable or empty
        return frozenset(found), nullable
    return _ANY, False  # ANY, NOT_LITERAL, GROUPREF, ...


def _charset(items) -> frozenset[str] | None:
    found: set[str] = set()
    for op, av in items:
        if op is sre.NEGATE:
            return _ANY
        if op is sre.LITERAL:
            char = chr(av)
            if char in _PLACEHOLDERS:
                if _PLACEHOLDERS[char] is _ANY:
                    return _ANY
                found |= _PLACEHOLDERS[char]
                continue
            found |= {char.lower(), char.upper()} if char.isalpha() else {char}
        elif op is sre.RANGE:
            if av[1] - av[0] > 256:
                return _ANY
            for code in range(av[0], av[1] + 1):
                found |= {chr(code).lower(), chr(code).upper()}
        elif op is sre.CATEGORY and av in _CATEGORIES:
            found |= _CATEGORIES[av]
        else:
            return _ANY
    return frozenset(found)
