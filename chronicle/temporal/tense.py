"""The tense of the clause around an expression, from the language's tense markers."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from chronicle.temporal.language import Language

PAST, PRESENT, FUTURE = "past", "present", "future"
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
REACH = 160  # characters searched on each side, at most, for a marker
ADJACENT = 30  # characters between a verb and the time it dates, at most


@dataclass(frozen=True)
class _Markers:
    """A language's tense markers, compiled: one regex finds them all in a document."""

    names: dict[str, str]          # marker (lower case, single spaces) -> past, present, future
    weak: frozenset[str]
    between: frozenset[str]
    not_past: frozenset[str]
    suffix: str
    regex: re.Pattern[str]
    clause_ends: re.Pattern[str]

    def name(self, word: str) -> str | None:
        """The tense a matched marker stands for (None for an -ed word that is not a verb)."""
        key = " ".join(word.lower().replace("’", "'").split())
        found = self.names.get(key)
        if found is not None:
            return found
        if key.endswith("'ll"):
            return FUTURE
        if key.endswith(self.suffix) and len(key) > len(self.suffix) + 2 and key not in self.not_past:
            return PAST
        return None


@lru_cache(maxsize=8)
def markers(language: Language) -> _Markers:
    """The compiled tense markers of a language (once per process)."""
    from chronicle.temporal.compile import trie_regex

    tense = language.tense
    names: dict[str, str] = {}
    for name in (PRESENT, PAST, FUTURE):  # later lists win a word listed twice
        for phrase in tense.get(name) or ():
            names[" ".join(phrase.lower().replace("’", "'").split())] = name
    suffix = tense.get("past_suffix") or "\0"
    words = trie_regex(sorted(names))  # matched on the lower-cased text
    regex = re.compile(rf"\b(?:{words}|\w+['’]ll|\w+{re.escape(suffix)})\b")
    breaks = tense.get("clause_breaks") or ".!?;\n"
    others = "".join(re.escape(char) for char in breaks if char != ".")
    # A full stop right after a capital is an abbreviation ("U.S.", "Mr."), not a clause end.
    ends = "|".join(part for part in (r"(?<![A-Z])\." if "." in breaks else "", f"[{others}]" if others else "")
                    if part)
    return _Markers(names, frozenset(w.lower() for w in tense.get("weak") or ()),
                    frozenset(w.lower() for w in tense.get("between") or ()),
                    frozenset(tense.get("not_past") or ()), suffix, regex, re.compile(ends))


class TenseIndex:
    """A document's tense markers and clause ends, found once, to date any expression in it."""

    def __init__(self, text: str, language: Language) -> None:
        self.text = text
        self.m = markers(language)
        found = []
        lowered = text.lower()
        if len(lowered) != len(text):  # a few characters lower-case into two: keep the original
            lowered = text
        for match in self.m.regex.finditer(lowered):
            name = self.m.name(match.group())
            if name is not None:
                weak = match.group().lower() in self.m.weak
                found.append((match.start(), match.end(), name, weak))
        self.found = found
        self.starts = [item[0] for item in found]
        self.clause_ends = [match.start() for match in self.m.clause_ends.finditer(text)]

    def tense(self, start: int, end: int) -> str | None:
        """past, present or future by the marker nearest to text[start:end] in its clause.

        A verb right before the expression ("said Thursday", "met on Monday") dates it whatever
        else the clause holds; otherwise weak markers (reporting verbs, modals) count only when
        the clause has no other marker.
        """
        adjacent = self._adjacent(start)
        if adjacent is not None:
            return adjacent
        first = bisect.bisect_left(self.starts, start)
        strong = weak = None
        for index in range(first - 1, -1, -1):  # leftwards
            m_start, m_end, name, is_weak = self.found[index]
            if start - m_start > REACH or self._broken(m_end, start):
                break
            if is_weak:
                weak = weak or (start - m_start, name)
            else:
                strong = (start - m_start, name)
                break
        right_strong = right_weak = None
        for index in range(bisect.bisect_left(self.starts, end), len(self.found)):  # rightwards
            m_start, m_end, name, is_weak = self.found[index]
            if m_start - end > REACH or self._broken(end, m_start):
                break
            if is_weak:
                right_weak = right_weak or (m_start - end, name)
            else:
                right_strong = (m_start - end, name)
                break
        nearest = [found for found in (strong, right_strong) if found] or \
            [found for found in (weak, right_weak) if found]
        return min(nearest)[1] if nearest else None

    def _adjacent(self, start: int) -> str | None:
        """The tense of a marker right before `start` ("said" in "said Thursday"), if any."""
        lo = max(0, start - ADJACENT)
        words = list(_TOKEN.finditer(self.text, lo, start))
        if words and words[-1].group().lower() in self.m.between:
            words.pop()
        if not words or words[0].start() == lo and lo > 0 and len(words) == 1:
            return None
        last = words[-1]
        if "," in self.text[last.end():start] or self._broken(last.end(), start):
            return None
        index = bisect.bisect_left(self.starts, last.start())
        if index < len(self.found) and self.found[index][1] == last.end():
            return self.found[index][2]
        return None

    def _broken(self, lo: int, hi: int) -> bool:
        """True when a clause ends in text[lo:hi]."""
        i = bisect.bisect_left(self.clause_ends, lo)
        return i < len(self.clause_ends) and self.clause_ends[i] < hi


def clause_tense(text: str, start: int, end: int, language: Language) -> str | None:
    """The tense of the clause around text[start:end] (see `TenseIndex.tense`)."""
    return TenseIndex(text, language).tense(start, end)
