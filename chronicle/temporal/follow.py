"""What a rule can have right after its first token, so a rule that cannot match there is not tried.

A rule tried at a word ("the", "year") or at a number is read up to the end of that token (its run
of letters, or of digits), past any whitespace, to the next character: "the week of" can only have
a "w" there, "12/5/2024" a "/". The analysis walks the parsed pattern, over-approximating (every
assertion is taken to hold), so a character outside the set means the rule cannot match. The sets
hold ASCII characters only and serve ASCII text, where a token's end and whitespace are plain.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from re import _constants as sre  # the parser's opcodes; stable across 3.11+

from chronicle.temporal.first import LETTER, charset, walk

Follows = dict[str, "frozenset[str] | None"]  # first word ("" for a number) -> next characters (None: any)

LETTERS, DIGITS = "letters", "digits"
MAX_WORDS = 300
_START, _TOKEN, _SPACE = 0, 1, 2  # nothing read yet; inside the first token; in the whitespace after it
_WHITESPACE = re.compile(r"\s")
_SPACE_CLASS = "\0space"    # stands for the category \s in a character set
_CATEGORIES = {sre.CATEGORY_DIGIT: frozenset(string.digits),  # on ASCII text, \d is 0-9
               sre.CATEGORY_SPACE: frozenset({_SPACE_CLASS})}
_ASCII = [chr(code) for code in range(128)]


class _Unknown(Exception):
    """The pattern reads something this analysis does not follow: no set for the rule."""


def follows(parsed, token: str) -> Follows | None:
    """For a parsed rule pattern tried at a token of `token` kind (LETTERS or DIGITS): the ASCII
    characters that can follow the token and its whitespace in a match, per first word (letters)
    or under "" (digits); None when the analysis cannot tell.

    A state is (word so far, phase); past the token, the words that reached the same point travel
    as one state (a frozenset of words), and `found` collects what each such group can read next.
    """
    found: dict[frozenset[str], set[str] | None] = {}

    def element(op, av, states: set) -> set:
        """Each state after one literal, set or any character."""
        if op is sre.LITERAL:
            return _consume(states, {chr(av)}, found, token)
        if op is sre.IN:
            return _consume(states, charset(av, _CATEGORIES), found, token)
        if op is sre.ANY:
            return _consume(states, None, found, token)
        raise _Unknown  # NOT_LITERAL, GROUPREF, ...

    try:
        open_states = walk(parsed.data, {("", _START)}, element, _Unknown)
    except _Unknown:
        return None
    for key, phase in open_states:
        if phase != _START:  # the match can end here: anything may follow
            found[key if phase == _SPACE else frozenset((key,))] = None
    per_word: dict[str, set[str] | None] = {}
    for words, chars in found.items():
        for word in words:
            if chars is None:
                per_word[word] = None
            elif per_word.get(word, ()) is not None:
                per_word.setdefault(word, set()).update(chars)
    return {word: None if chars is None else _ascii_matches(chars) for word, chars in per_word.items()}


def _consume(states: set, chars: set[str] | None, found: dict, token: str) -> set:
    """Each state after reading one of `chars` (None: any character)."""
    if chars is None or len(chars) > 200:
        if any(phase != _SPACE for _, phase in states):
            raise _Unknown  # a token of any letters: not something to key on
        found.update((words, None) for words, _ in states)
        return set()
    space, token_chars, others = _kinds(frozenset(chars), token)
    result = set()
    spaced = []  # words whose token ends here, at whitespace
    for key, phase in states:
        if phase == _SPACE:  # past the token: whitespace goes on, anything else is what follows
            if space:
                result.add((key, _SPACE))
            _note(found, key, others + token_chars)
            continue
        if token_chars:  # the first token, begun or going on
            if token == LETTERS:
                result.update((key + char.lower(), _TOKEN) for char in token_chars)
            else:
                result.add((key, _TOKEN))
        if phase == _TOKEN:
            if space:
                spaced.append(key)
            _note(found, frozenset((key,)), others)
        # at the start, whitespace or another character cannot match: the text has a token there
    if spaced:
        result.add((frozenset(spaced), _SPACE))
    return result


def _note(found: dict, words: frozenset[str], chars: tuple[str, ...]) -> None:
    """`words` can be followed by `chars`."""
    if chars and found.get(words, ()) is not None:
        found.setdefault(words, set()).update(chars)


@lru_cache(maxsize=None)
def _kinds(chars: frozenset[str], token: str) -> tuple[bool, tuple[str, ...], tuple[str, ...]]:
    """(whether whitespace is among `chars`, the token characters, the other characters)."""
    kinds = {char: _kind(char, token) for char in chars}
    return (_SPACE in kinds.values(), tuple(char for char, kind in kinds.items() if kind == _TOKEN),
            tuple(char for char, kind in kinds.items() if kind is None))


@lru_cache(maxsize=None)
def _kind(char: str, token: str) -> int | None:
    """_SPACE for whitespace, _TOKEN for a character of the token kind, else None."""
    if char == _SPACE_CLASS or _WHITESPACE.match(char):
        return _SPACE
    if token == LETTERS:
        return _TOKEN if LETTER.match(char) else None
    return _TOKEN if char in string.digits else None


def _ascii_matches(chars: set[str]) -> frozenset[str]:
    """The ASCII characters that match one of `chars` ignoring case (as the rule regexes do)."""
    return frozenset().union(*map(_ascii_of, chars))


@lru_cache(maxsize=None)
def _ascii_of(char: str) -> frozenset[str]:
    if char.isascii():
        return frozenset({char, char.lower(), char.upper()})
    pattern = re.compile(re.escape(char), re.IGNORECASE)  # "K" (Kelvin) matches "k", "ſ" matches "s"
    return frozenset(ascii for ascii in _ASCII if pattern.fullmatch(ascii))


def rule_follows(parsed, words: frozenset[str] | None, first: frozenset[str] | None
                 ) -> tuple[Follows | None, frozenset[str] | None]:
    """(the characters after each first word, after a first number) of a parsed rule, each None
    when unknown. Only the ways a rule can begin are analysed: its first words (`words`), and a
    number only when its first characters (`first`, None: any) can be a digit."""
    # A rule that can begin with very many words is left out: its analysis costs more than
    # narrowing it saves.
    after_word = follows(parsed, LETTERS) if words and len(words) <= MAX_WORDS else None
    after_number = None
    if first is None or not first.isdisjoint(string.digits):
        numbers = follows(parsed, DIGITS)
        after_number = numbers.get("") if numbers is not None else None
    return after_word, after_number


@lru_cache(maxsize=None)  # many words share their rules and what may follow them (month names)
def narrowed(rules: tuple, nexts: tuple) -> dict[str, tuple] | None:
    """Next character -> the rules (in order) that can have it; "" -> those that can have any;
    None when no rule is narrowed."""
    if all(chars is None for chars in nexts):
        return None
    table = {char: tuple(rule for rule, chars in zip(rules, nexts) if chars is None or char in chars)
             for char in set().union(*(chars for chars in nexts if chars is not None))}
    table[""] = tuple(rule for rule, chars in zip(rules, nexts) if chars is None)
    return table
