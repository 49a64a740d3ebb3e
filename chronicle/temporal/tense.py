"""The tense of the clause around an expression, from the language's tense markers."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from chronicle.temporal.language import Language

PAST, PRESENT, FUTURE = "past", "present", "future"
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|['’](?:ll|s|re|d)\b")
REACH = 160  # characters searched on each side, at most, for a marker
ADJACENT = 30  # characters between a verb and the time it dates, at most


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
    weak = frozenset(word.lower() for word in tense.get("weak") or ())
    return (single, pairs, tense.get("past_suffix") or "\0", frozenset(tense.get("not_past") or ()),
            tense.get("clause_breaks") or ".!?;\n", weak, frozenset(tense.get("between") or ()))


class TenseIndex:
    """A document's words, read once, to find the tense marker nearest to any expression."""

    def __init__(self, text: str, language: Language) -> None:
        self.text = text
        (self.single, self.pairs, self.suffix, self.not_past, self.breaks, self.weak,
         self.between) = _markers(language)
        matches = list(_TOKEN.finditer(text))
        self.starts = [m.start() for m in matches]
        self.ends = [m.end() for m in matches]
        self.words = [m.group().lower().replace("’", "'") for m in matches]
        self._names: dict[int, str | None] = {}
        # Clause ends, once: a full stop right after a capital is an abbreviation ("U.S.", "Mr.").
        others = re.escape(self.breaks.replace(".", ""))
        ends = re.compile(rf"(?<![A-Z])\.|[{others}]" if others else r"(?<![A-Z])\.")
        self.clause_ends = [m.start() for m in ends.finditer(text)] if "." in self.breaks else \
            [m.start() for m in re.finditer(f"[{others}]", text)]

    def tense(self, start: int, end: int) -> str | None:
        """past, present or future by the marker nearest to text[start:end] in its clause.

        A verb right before the expression ("said Thursday", "met on Monday") dates it whatever
        else the clause holds; otherwise weak markers (reporting verbs, modals) count only when
        the clause has no other marker.
        """
        first = bisect.bisect_left(self.starts, start)
        after = bisect.bisect_left(self.starts, end, first)
        adjacent = self._adjacent(first, start)
        if adjacent is not None:
            return adjacent
        strong, weak = self._scan(range(first - 1, -1, -1), start, backwards=True)
        strong_right, weak_right = self._scan(range(after, len(self.starts)), end, backwards=False)
        nearest = [found for found in (strong, strong_right) if found]
        if not nearest:
            nearest = [found for found in (weak, weak_right) if found]
        return min(nearest)[1] if nearest else None

    def _adjacent(self, first: int, start: int) -> str | None:
        index = first - 1
        if index >= 0 and self.words[index] in self.between and index > 0:
            index -= 1
        if index < 0:
            return None
        gap = self.text[self.ends[index]:start]
        if start - self.starts[index] >= ADJACENT or "," in gap or self._broken(self.ends[index], start):
            return None
        return self._name(index)

    def _scan(self, indices: range, edge: int, backwards: bool):
        """(distance, tense) of the nearest strong and the nearest weak marker on one side."""
        strong = weak = None
        previous = edge
        for index in indices:
            position = self.starts[index]
            distance = edge - position if backwards else position - edge
            if distance > REACH:
                break
            if self._broken(self.ends[index], previous) if backwards else self._broken(previous, position):
                break
            previous = position if backwards else self.ends[index]
            name = self._name(index)
            if name is None:
                continue
            if self.words[index] in self.weak:
                weak = weak or (distance, name)
            else:
                strong = (distance, name)
                break
        return strong, weak

    def _broken(self, lo: int, hi: int) -> bool:
        """True when a clause ends in text[lo:hi]."""
        i = bisect.bisect_left(self.clause_ends, lo)
        return i < len(self.clause_ends) and self.clause_ends[i] < hi

    def _name(self, index: int) -> str | None:
        if index in self._names:
            return self._names[index]
        word = self.words[index]
        name = self.single.get(word)
        follow = self.pairs.get(word)
        if follow and index + 1 < len(self.words):
            name = follow.get(self.words[index + 1], name)
        if name is None:
            if word.endswith("'ll"):
                name = FUTURE
            elif word.endswith(self.suffix) and len(word) > len(self.suffix) + 2 and word not in self.not_past:
                name = PAST
        self._names[index] = name
        return name


def clause_tense(text: str, start: int, end: int, language: Language) -> str | None:
    """The tense of the clause around text[start:end] (see `TenseIndex.tense`)."""
    return TenseIndex(text, language).tense(start, end)
