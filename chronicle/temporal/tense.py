"""The tense of the clause around an expression, from the language's tense markers."""

from __future__ import annotations

import re
from functools import lru_cache

from chronicle.temporal.language import Language

PAST, PRESENT, FUTURE = "past", "present", "future"
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|['’](?:ll|s|re|d)\b")
REACH = 160  # characters searched on each side, at most, for the clause's edges


@lru_cache(maxsize=8)
def _markers(language: Language):
    tense = language.tense
    single: dict[str, str] = {}
    pairs: dict[str, dict[str, str]] = {}
    for name in (PRESENT, PAST, FUTURE):  # later lists win a word listed twice
        for phrase in tense.get(name) or ():
            words = phrase.lower().replace("’", "'").split()
            if len(words) == 1:
                single[words[0]] = name
            else:
                pairs.setdefault(words[0], {})[" ".join(words[1:])] = name
    reporting = frozenset(word.lower() for word in tense.get("weak") or ())
    return (single, pairs, tense.get("past_suffix") or "\0", frozenset(tense.get("not_past") or ()),
            tense.get("clause_breaks") or ".!?;\n", reporting, frozenset(tense.get("between") or ()))


def _clause(text: str, start: int, end: int, breaks: str) -> tuple[int, int]:
    left = max(0, start - REACH)
    for i in range(start - 1, left - 1, -1):
        if text[i] in breaks and not (text[i] == "." and i > 0 and text[i - 1].isupper()):
            left = i + 1
            break
    right = min(len(text), end + REACH)
    for i in range(end, right):
        if text[i] in breaks and not (text[i] == "." and i > 0 and text[i - 1].isupper()):
            right = i
            break
    return left, right


def clause_tense(text: str, start: int, end: int, language: Language) -> str | None:
    """past, present or future by the marker nearest to text[start:end] in its clause; None if none.

    A verb right before the expression ("said Thursday", "met on Monday") dates it whatever else
    the clause holds; otherwise weak markers (reporting verbs, modals) count only when the clause
    has no other marker.
    """
    single, pairs, suffix, not_past, breaks, reporting, between = _markers(language)
    left, right = _clause(text, start, end, breaks)
    best, best_distance, fallback, fallback_distance = None, None, None, None
    tokens = [(m.start(), m.group().lower().replace("’", "'")) for m in _TOKEN.finditer(text, left, right)]
    before = [i for i, (position, _) in enumerate(tokens) if position < start]
    if before:
        last = before[-1]
        if tokens[last][1] in between and len(before) > 1:
            last = before[-2]
        gap = text[tokens[last][0]:start]
        if "," not in gap and len(gap) < 30:
            name = _marker(tokens, last, single, pairs, suffix, not_past)
            if name is not None:
                return name
    for index, (position, word) in enumerate(tokens):
        if start <= position < end:
            continue
        name = _marker(tokens, index, single, pairs, suffix, not_past)
        if name is None:
            continue
        distance = start - position if position < start else position - end
        if word in reporting:
            if fallback_distance is None or distance < fallback_distance:
                fallback, fallback_distance = name, distance
        elif best_distance is None or distance < best_distance:
            best, best_distance = name, distance
    return best if best is not None else fallback


def _marker(tokens, index, single, pairs, suffix, not_past) -> str | None:
    """The tense token `index` marks, if any."""
    word = tokens[index][1]
    name = single.get(word)
    follow = pairs.get(word)
    if follow and index + 1 < len(tokens):
        name = follow.get(tokens[index + 1][1], name)
    if name is None:
        if word.endswith("'ll"):
            name = FUTURE
        elif word.endswith(suffix) and len(word) > len(suffix) + 2 and word not in not_past:
            name = PAST
    return name
