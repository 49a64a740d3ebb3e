"""The tense of the clause around an expression, from the language's tense markers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from chronicle.temporal.language import Language

PAST, PRESENT, FUTURE = "past", "present", "future"
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_WORD_BEFORE = re.compile(r"[^\W\d_]+$")
_PREVIOUS_WORD = re.compile(r"([^\W\d_]+)\s+$")
# The same scans for pure-ASCII text, where they match alike without Unicode lookups per character.
_ASCII = {pattern: re.compile(pattern.pattern, re.ASCII)
          for pattern in (_TOKEN, _WORD_BEFORE, _PREVIOUS_WORD)}
# On the reversed text of an ASCII document: the letters ending at a point, and a word then the
# whitespace ending there, each one match instead of a search for the end across the window.
_LETTERS_BACK = re.compile(r"[^\W\d_]+", re.ASCII)
_WORD_AND_SPACE_BACK = re.compile(r"\s+([^\W\d_]+)", re.ASCII)
REACH = 160  # characters searched on each side, at most, for a marker
ADJACENT = 30  # characters between a verb and the time it dates, at most


@dataclass(frozen=True)
class _Markers:
    """A language's tense markers, compiled: one regex finds them all in a document."""

    names: dict[str, str]          # marker (lower case, single spaces) -> past, present, future
    weak: frozenset[str]
    between: frozenset[str]
    scheduled: frozenset[str]
    not_past: frozenset[str]
    participle_after: frozenset[str]
    future_auxiliary: frozenset[str]
    adjective_after: frozenset[str]
    adjective_adverbs: frozenset[str]
    suffix: str
    regex: re.Pattern[str]         # marker words, and the endings "'ll" and "-ed" of a word
    regex_ascii: re.Pattern[str]   # the same, for pure-ASCII text
    clause_ends: re.Pattern[str]
    # On pure-ASCII text, where only A-Z are upper case: the clause ends that are no abbreviation,
    # read forwards, and on the reversed text backwards (so the nearest before a point is one search).
    clause_ends_ascii: re.Pattern[str]
    clause_ends_back_ascii: re.Pattern[str]

    def name(self, word: str) -> str | None:
        """The tense a matched marker stands for (None for an -ed word that is not a verb)."""
        found = self.names.get(word)  # most markers come as they are listed: lower case, one word
        if found is not None:
            return found
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
    regex = re.compile(rf"\b(?:{words})\b|(?P<ending>['’]ll|{re.escape(suffix)})\b")
    breaks = tense.get("clause_breaks") or ".!?;\n"
    ends = re.compile("[" + "".join(re.escape(char) for char in breaks) + "]")
    # One character class first, so the search skips other characters without entering the pattern.
    # A full stop after a capital is an abbreviation ("U.S."), one before a digit a decimal point
    # ("$29.75"); the backward pattern reads the reversed text, so there the two sides swap.
    forward = ends.pattern + r"(?<![A-Z]\.)(?!(?<=\.)\d)"
    backward = ends.pattern + r"(?!(?<=\.)[A-Z])(?<!\d\.)"
    return _Markers(names, frozenset(w.lower() for w in tense.get("weak") or ()),
                    frozenset(w.lower() for w in tense.get("between") or ()),
                    frozenset(w.lower() for w in tense.get("scheduled") or ()),
                    frozenset(tense.get("not_past") or ()), frozenset(tense.get("participle_after") or ()),
                    frozenset(tense.get("future_auxiliary") or ()),
                    frozenset(tense.get("adjective_after") or ()),
                    frozenset(tense.get("adjective_adverbs") or ()),
                    suffix, regex, re.compile(regex.pattern, re.ASCII), ends,
                    re.compile(forward, re.ASCII), re.compile(backward, re.ASCII))


class TenseIndex:
    """Finds the tense of expressions in one document, reading only the text around each."""

    def __init__(self, text: str, language: Language) -> None:
        self.text = text
        self.m = markers(language)
        lowered = text.lower()
        self.lowered = lowered if len(lowered) == len(text) else text  # lower() kept the offsets?
        ascii = text.isascii()
        self.reversed = text[::-1] if ascii else None
        self.regex = self.m.regex_ascii if ascii else self.m.regex
        self.token, self.word_before, self.previous_word = (
            (_ASCII[_TOKEN], _ASCII[_WORD_BEFORE], _ASCII[_PREVIOUS_WORD]) if ascii
            else (_TOKEN, _WORD_BEFORE, _PREVIOUS_WORD))

    def tense(self, start: int, end: int) -> str | None:
        """past, present or future by the marker nearest to text[start:end] in its clause.

        A verb right before the expression ("said Thursday", "met on Monday") dates it whatever
        else the clause holds; otherwise weak markers (reporting verbs, modals) count only when
        the clause has no other marker.
        """
        left = self._clause_start(start)
        adjacent = self._adjacent(start, left)
        if adjacent is not None:
            return adjacent
        right = self._clause_end(end)
        strong = weak = None
        for m_start, m_end, name, is_weak in reversed(self._markers(left, start)):
            if is_weak:
                weak = weak or (start - m_start, name)
            else:
                strong = (start - m_start, name)
                break
        right_strong = right_weak = None
        # Read on only as far as a marker could still be nearer than a strong one found before.
        for m_start, m_end, name, is_weak in self._each_marker(end, right):
            if strong is not None and m_start - end > strong[0]:
                break
            if is_weak:
                right_weak = right_weak or (m_start - end, name)
            else:
                right_strong = (m_start - end, name)
                break
        nearest = [found for found in (strong, right_strong) if found] or \
            [found for found in (weak, right_weak) if found]
        return min(nearest)[1] if nearest else None

    def _markers(self, lo: int, hi: int) -> list[tuple[int, int, str, bool]]:
        """(start, end, tense, weak) of the markers wholly inside text[lo:hi]."""
        return list(self._each_marker(lo, hi))

    def _each_marker(self, lo: int, hi: int) -> Iterator[tuple[int, int, str, bool]]:
        """The markers of `_markers`, one by one, so a reader can stop at the one it needs."""
        previous = -1  # where the last marker began
        lowered = self.lowered
        for match in self.regex.finditer(lowered, lo, hi):
            first, last = match.span()
            if match.group("ending") or not lowered[first].isalpha():  # "'ll", "-ed": the whole word
                word = self._word_start(first, max(lo, first - 40))
                if word is None or previous == word:
                    continue
                first = word
            if first > lo and lowered[first - 1].isalpha():
                continue
            name = self.m.name(lowered[first:last])
            if name == PAST and match.group("ending") and self._after_determiner(first):
                continue  # "a still unspecified date", "the proposed merger": an adjective
            if name is not None:  # a participle ("be paid") is weak: an auxiliary before it decides
                participle = name == PAST and self._after_participle_word(first)
                if participle and self._after_future_auxiliary(first):
                    continue  # "would still be held": no past at all
                previous = first
                yield first, last, name, lowered[first:last] in self.m.weak or participle

    def _after_future_auxiliary(self, at: int) -> bool:
        """Whether one of the two words before the "be" of a participle at `at` is a future
        auxiliary ("will be paid", "would still be held", "is to be named")."""
        before = self.token.findall(self.lowered, max(0, at - 40), at)[-4:-1]
        return any(word in self.m.future_auxiliary for word in before[-2:])

    def _after_determiner(self, at: int) -> bool:
        """Whether the word at `at` follows an article or possessive, straight or past one listed
        adverb ("the newly formed", "a still unspecified"): an -ed word there qualifies a noun."""
        if not self.m.adjective_after:
            return False
        before = self.token.findall(self.lowered, max(0, at - 30), at)[-2:]
        if not before:
            return False
        if before[-1] in self.m.adjective_after:
            return True
        # Only listed adverbs: a noun between ("the assembly voted", "the family owned") leaves a verb.
        return (len(before) == 2 and before[0] in self.m.adjective_after
                and before[1] in self.m.adjective_adverbs)

    def _after_participle_word(self, at: int) -> bool:
        """Whether the word before `at` makes a past form there a participle ("be paid")."""
        if not self.m.participle_after:
            return False
        lo = max(0, at - 16)
        if self.reversed is not None:
            size = len(self.text)
            before = _WORD_AND_SPACE_BACK.match(self.reversed, size - at, size - lo)
            return before is not None and before.group(1)[::-1].lower() in self.m.participle_after
        before = self.previous_word.search(self.lowered, lo, at)
        return before is not None and before.group(1) in self.m.participle_after

    def _word_start(self, at: int, lo: int) -> int | None:
        """Where the letters ending at `at` begin (not before `lo`); None when none end there."""
        if self.reversed is not None:
            size = len(self.text)
            run = _LETTERS_BACK.match(self.reversed, size - at, size - lo)
            return size - run.end() if run is not None else None
        word = self.word_before.search(self.lowered, lo, at)
        return word.start() if word is not None else None

    def _clause_start(self, start: int) -> int:
        lo = max(0, start - REACH)
        if self.reversed is not None:
            # The nearest end before `start`, read backwards; one character past the window lets
            # the abbreviation test see the character before a full stop at its first position.
            size = len(self.text)
            nearest = self.m.clause_ends_back_ascii.search(self.reversed, size - start, min(size, size - lo + 1))
            return size - nearest.start() if nearest is not None and nearest.start() < size - lo else lo
        found = lo
        for match in self.m.clause_ends.finditer(self.text, lo, start):
            if self._ends_clause(match.start()):
                found = match.end()
        return found

    def _clause_end(self, end: int) -> int:
        hi = min(len(self.text), end + REACH)
        if self.reversed is not None:
            nearest = self.m.clause_ends_ascii.search(self.text, end, hi)
            return nearest.start() if nearest is not None else hi
        for match in self.m.clause_ends.finditer(self.text, end, hi):
            if self._ends_clause(match.start()):
                return match.start()
        return hi

    def _ends_clause(self, at: int) -> bool:
        """A full stop right after a capital is an abbreviation ("U.S.", "Mr."), one right before a
        digit a decimal point ("$29.75"): neither ends a clause."""
        text = self.text
        return not (text[at] == "." and ((at > 0 and text[at - 1].isupper())
                                         or (at + 1 < len(text) and text[at + 1].isdigit())))

    def _adjacent(self, start: int, clause_start: int) -> str | None:
        """The tense of a marker right before `start` ("said" in "said Thursday"), if any."""
        lo = max(0, start - ADJACENT)
        words = list(self.token.finditer(self.text, lo, start))
        if words and words[-1].group().lower() in self.m.between:
            words.pop()
        if not words or (words[0].start() == lo and lo > 0 and len(words) == 1):
            return None
        last = words[-1]
        gap_start = last.end()
        if "," in self.text[gap_start:start] or clause_start > last.start():
            return None
        if last.group().lower() in self.m.scheduled:
            return FUTURE
        found = self._markers(last.start(), gap_start)
        if not found or found[-1][1] != gap_start or self._after_participle_word(found[-1][0]):
            return None
        if found[-1][3] and found[-1][2] == FUTURE:  # "Until Thursday, they had not": the clause decides
            return None
        return found[-1][2]


def clause_tense(text: str, start: int, end: int, language: Language) -> str | None:
    """The tense of the clause around text[start:end] (see `TenseIndex.tense`)."""
    return TenseIndex(text, language).tense(start, end)
