"""The characters and words a regular expression can start with, so a rule is only tried where it
could match; and the walk over a parsed pattern that this and follow.py share."""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from functools import lru_cache
from re import _constants as sre  # the parser's opcodes; stable across 3.11+
from re import _parser
from typing import Any

_CATEGORIES = {
    sre.CATEGORY_DIGIT: frozenset(string.digits),
    sre.CATEGORY_SPACE: frozenset(" \t\n\r\f\v"),
}
_ANY = None


def first_chars(pattern: str, flags: int = re.IGNORECASE.value,
                placeholders: dict[str, frozenset[str] | None] | None = None) -> frozenset[str] | None:
    """The characters (both cases) a match of `pattern` can begin with; None when it could be any.

    `placeholders` maps single characters standing for sub-patterns (never empty) to their own
    first characters, so a long pattern can be analysed as a short skeleton.
    """
    return first_and_empty(pattern, flags, placeholders)[0]


def first_and_empty(pattern: str, flags: int = re.IGNORECASE.value,
                    placeholders: dict[str, frozenset[str] | None] | None = None) -> tuple[frozenset[str] | None, bool]:
    """(first characters, whether the pattern can match the empty string)."""
    global _PLACEHOLDERS
    _PLACEHOLDERS = placeholders or {}
    try:  # flags as a plain int: the parser tests them often, and RegexFlag's & is slow
        return _sequence(list(_parser.parse(pattern, int(flags))))
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
    chars = charset(items, _CATEGORIES)
    if chars is None:
        return _ANY
    found: set[str] = set()
    for char in chars:
        if char in _PLACEHOLDERS:
            if _PLACEHOLDERS[char] is _ANY:
                return _ANY
            found |= _PLACEHOLDERS[char]
        else:
            found |= {char.lower(), char.upper()} if char.isalpha() else {char}
    return frozenset(found)


def charset(items, categories: dict) -> set[str] | None:
    """The characters of a parsed character set as written, each category as `categories` gives
    it; None when the set is negated, a range is wide or a category is not in `categories`."""
    found: set[str] = set()
    for op, av in items:
        if op is sre.NEGATE:
            return None
        if op is sre.LITERAL:
            found.add(chr(av))
        elif op is sre.RANGE:
            if av[1] - av[0] > 256:
                return None
            found.update(chr(code) for code in range(av[0], av[1] + 1))
        elif op is sre.CATEGORY and av in categories:
            found |= categories[av]
        else:
            return None
    return found


# ---------------------------------------------------------------- walking a parsed pattern
MAX_STATES = 3000   # states a walk may hold at once before it gives up
MAX_REPEATS = 24    # times a walk follows a repeat's body before it gives up


def walk(items: list, states: set, element: Callable[[Any, Any, set], set], give_up: type[Exception],
         count: Callable[[set], int] = len) -> set:
    """The states after a parsed sequence, reading each from `states`: groups, alternatives and
    repeats are followed here, assertions taken to hold, and every other item (a literal, a set,
    any character, ...) is `element(op, av, states)`'s to read or to refuse by raising. Raises
    `give_up` once `count(states)` passes MAX_STATES or a repeat goes on past MAX_REPEATS."""

    def sequence(items: list, states: set) -> set:
        for op, av in items:
            if not states:
                return states
            states = step(op, av, states)
            if count(states) > MAX_STATES:
                raise give_up
        return states

    def step(op, av, states: set) -> set:
        if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
            return states
        if op is sre.SUBPATTERN:
            return sequence(av[3].data, states)
        if op is sre.ATOMIC_GROUP:
            return sequence(av.data, states)
        if op is sre.BRANCH:
            found: set = set()
            for branch in av[1]:
                found |= sequence(branch.data, states)
            return found
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, body = av
            found = set(states) if low == 0 else set()
            current = states
            for times in range(1, MAX_REPEATS + 1):
                following = sequence(body.data, current)
                if times >= low:
                    found |= following
                if not following or times >= high or times >= low and following == current:
                    return found
                current = following
            raise give_up
        return element(op, av, states)

    return sequence(items, states)


# ---------------------------------------------------------------- first words
LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=None)
def _is_letter(char: str) -> bool:
    return LETTER.match(char) is not None


class _AnyWord(Exception):
    """The pattern could begin with any word: no word set describes it."""


def first_words(parsed) -> frozenset[str] | None:
    """The lower-case words (runs of letters) a match of a parsed pattern can begin with, None when
    it could be any word. Ways in that begin with a digit or a sign add nothing: a rule is tried
    at such a start by its first characters instead."""
    complete: set[str] = set()  # words that a non-letter ended

    def element(op, av, states: set[str]) -> set[str]:
        """The first words still being read after one literal or set."""
        if op is sre.LITERAL:
            return _extend(states, {chr(av)}, complete)
        if op is sre.IN:
            chars = _charset(av)
            if chars is _ANY or len(chars) > 200:
                raise _AnyWord
            return _extend(states, chars, complete)
        raise _AnyWord  # ANY, NOT_LITERAL, GROUPREF, ...

    try:  # each state is a first word still being read: the letters so far
        still_open = walk(parsed.data, {""}, element, _AnyWord, lambda states: len(states) + len(complete))
    except _AnyWord:
        return None
    return frozenset(word for word in complete | still_open if word)


def _extend(states: set[str], chars: frozenset[str] | set[str], complete: set[str]) -> set[str]:
    """Each word being read followed by one of `chars`: a letter extends it, anything else ends it
    (a word of no letters yet means the match began with no word at all)."""
    letters = {char.lower() for char in chars if _is_letter(char)}
    if not all(_is_letter(char) for char in chars):
        complete.update(state for state in states if state)
    return {state + letter for state in states for letter in letters}
