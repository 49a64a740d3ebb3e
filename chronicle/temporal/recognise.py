"""Recognition: find time expressions and read their slots, without resolving anything.

One scan over the whole text finds sparse anchors (trigger words, years, clock times); only the
rules keyed on an anchor's class run, and only from the few token starts just before it. Overlapping
matches are settled longest first, earlier rule first on ties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from chronicle.temporal.compile import normal_phrase
from chronicle.temporal.language import Language, Rule

LEFT_MARGIN = 40    # characters before an anchor where a rule may start ("at least the past 18 months")
MAX_STARTS = 7      # token starts tried before an anchor, the anchor's own included
# A token is a run of letters and digits or one other non-space character, with the spaces after
# it; read on the reversed text, the token that ends where a start was found (group 1: a run).
_TOKEN_BACK = re.compile(r"\s*(?:([^\W_]+)|[^\w\s]|_)")
_LETTERS = re.compile(r"[^\W\d_]+")
_TOKEN_BACK_ASCII = re.compile(_TOKEN_BACK.pattern, re.ASCII)  # the same on pure-ASCII text, without Unicode lookups
_LETTERS_ASCII = re.compile(_LETTERS.pattern, re.ASCII)
_AT = itemgetter(0)  # a candidate's or an anchor's position, as a sort key without a Python call
_WORD_BEFORE = re.compile(r"([^\s(\[\"“]+)\s*$")
# On ASCII text: a number and the whitespace after it, to read the character that follows.
_AFTER_NUMBER = re.compile(r"[0-9]*\s*")
_SPACES = re.compile(r"\s*")
_UNSEEN = object()  # a word or digit whose narrowed rules are not worked out yet
_WORDS_AFTER = re.compile(r"\s*([^\s)\]\"”]+)(?:\s+([^\s)\]\"”]+))?")


@dataclass(slots=True)  # not frozen: built by the thousand, and frozen costs a call per field
class Mention:
    """A recognised expression: its span, the rule that matched and the slots it read."""

    start: int
    end: int
    rule: Rule
    slots: dict[str, Any]


def recognise(text: str, language: Language) -> list[Mention]:
    """All time expressions in `text`, in order, non-overlapping, with their slots read."""
    candidates = []
    tried: dict[str, int] = {}  # anchor class -> the furthest start already tried
    rules_by_class = language.rules_by_class
    scan = _Backward(text, language.prefix_words)
    ascii = text.isascii()  # the characters after a token narrow the rules on ASCII text
    for where, classes, lead in _anchors(text, language):
        starts = scan.starts(where, lead)
        for cls in classes:
            dispatch = rules_by_class.get(cls)
            if dispatch is None:
                continue
            done = tried.get(cls, -1)
            for start, word in starts:
                if start <= done:
                    continue
                if word:
                    rules = dispatch.by_word.get(word)
                    if rules is None:
                        any_word = dispatch.any_word
                        rules = any_word.get(text[start], any_word[""])
                    elif ascii:
                        narrowed = dispatch.after_word.get(word, _UNSEEN)
                        if narrowed is _UNSEEN:
                            narrowed = dispatch.narrow_word(word)
                        if narrowed is not None:
                            after = _past_spaces(text, start + len(word))  # the word is its run of letters
                            rules = narrowed.get(text[after:after + 1], narrowed[""])
                else:
                    first = text[start]
                    rules = dispatch.by_char.get(first, dispatch.by_char[""])
                    if ascii and "0" <= first <= "9":
                        narrowed = dispatch.after_number.get(first, _UNSEEN)
                        if narrowed is _UNSEEN:
                            narrowed = dispatch.narrow_number(first)
                        if narrowed is not None:
                            after = _AFTER_NUMBER.match(text, start).end()
                            rules = narrowed.get(text[after:after + 1], narrowed[""])
                for rule in rules:
                    match = rule.regex.match(text, start)
                    if match is not None and match.end() > start:
                        candidates.append(_candidate(match, rule))
            if where > done:
                tried[cls] = where
    mentions = []
    for candidate in _settle(candidates):
        mention = _read(text, language, *candidate)
        if mention is not None:
            mentions.extend(mention)
    return mentions


def _past_spaces(text: str, at: int) -> int:
    """The first position from `at` that is not whitespace (most often `at` itself or the next)."""
    if not text[at:at + 1].isspace():
        return at
    if not text[at + 1:at + 2].isspace():
        return at + 1
    return _SPACES.match(text, at).end()


def _anchors(text: str, language: Language) -> list[tuple[int, frozenset[str] | tuple[str, ...], str | None]]:
    """(position, classes, leading letters or None when unknown) of every anchor, in text order:
    trigger words, then classified digit runs."""
    lowered = text.lower()
    word_classes = language.word_classes
    # On pure-ASCII text (most news) the ASCII-flagged scans find the same matches, without a
    # Unicode table lookup at every character.
    # The scans match the non-word character before a word (a space leads the text, so a match
    # starts one character early there too): the search then stops only at non-word characters.
    ascii = text.isascii()
    if len(lowered) == len(text) and ascii:  # a word's leading letters are known from the word
        leads = language.word_leads
        found = []
        for m in language.word_regex_ascii.finditer(" " + lowered):
            word = m[1]
            if word not in word_classes:
                word = normal_phrase(word)
            found.append((m.start(), word_classes[word], leads[word]))
    elif len(lowered) == len(text):
        found = [(m.start(), word_classes.get(m[1]) or word_classes[normal_phrase(m[1])], None)
                 for m in language.word_regex.finditer(" " + lowered)]
    else:  # a few characters lower-case into two; scan the original text instead
        found = [(m.start(), word_classes.get(m[1].lower()) or word_classes[normal_phrase(m[1])], None)
                 for m in language.word_regex_any_case.finditer(" " + text)]
    names = [cls for cls, _ in language.digit_anchors]
    classify = language.digit_classes.match
    for run in (language.digit_regex_ascii if ascii else language.digit_regex).finditer(text):
        where = run.start()
        groups = classify(text, where).groups()  # one look-ahead group per class, set when it matches
        found.append((where, tuple(cls for cls, group in zip(names, groups) if group is not None), None))
    found.sort(key=_AT)
    return found


class _Backward:
    """Where a rule may start for an anchor: read token by token back from it, on the reversed text,
    only as far as the words a rule could spell reach."""

    __slots__ = ("text", "reversed", "prefix_words", "letters", "token_back")

    def __init__(self, text: str, prefix_words: frozenset[str]) -> None:
        self.text, self.reversed, self.prefix_words = text, text[::-1], prefix_words
        self.letters, self.token_back = ((_LETTERS_ASCII, _TOKEN_BACK_ASCII) if text.isascii()
                                         else (_LETTERS, _TOKEN_BACK))

    def starts(self, where: int, lead: str | None = None) -> list[tuple[int, str]]:
        """The anchor at `where` and the run of tokens just before it (within LEFT_MARGIN
        characters, at most MAX_STARTS in all) that are a word some rule or table could spell, a
        number or a sign; each with its lower-case leading letters ("" for a number or a sign).
        `lead`, when given, is the anchor's own leading letters, known from the word scan."""
        text, letters = self.text, self.letters
        if lead is None:
            own = letters.match(text, where)
            lead = own.group().lower() if own is not None else ""
        starts = [(where, lead)]
        size = len(text)
        at, limit = size - where, size - max(0, where - LEFT_MARGIN)
        match_back, prefix_words = self.token_back.match, self.prefix_words
        while len(starts) < MAX_STARTS:
            token = match_back(self.reversed, at, limit)
            if token is None:
                break
            at = token.end()
            start = size - at
            word = token[1]
            if word is None:  # a sign
                word = ""
            elif word.isalpha():  # a word, read backwards: all of it is its leading letters
                word = word[::-1].lower()
                if word not in prefix_words:
                    break
            else:  # a number, or letters and digits: the letters it begins with, if any
                leading = letters.match(text, start, size - token.start(1))
                word = leading.group().lower() if leading is not None else ""
                if word and word not in prefix_words:
                    break
            starts.append((start, word))
        starts.reverse()
        return starts


def _candidate(match: re.Match[str], rule: Rule) -> tuple[int, int, Rule, re.Match[str]]:
    """(start, end, rule, match): a `span` group, when the rule has one, is the span."""
    span = rule.span_group
    if span is not None:
        return match.start(span), match.end(span), rule, match
    return match.start(), match.end(), rule, match


def _settle(candidates: list) -> list:
    """Keep the longest candidates that do not overlap (earlier rule first on ties), in order.

    Candidates fall into clusters of overlapping spans; each cluster is settled on its own, so
    the work stays linear however many expressions a text holds.
    """
    candidates.sort(key=_AT)
    kept: list = []
    cluster: list = []
    reach = -1
    for candidate in candidates:
        if candidate[0] >= reach and cluster:
            kept.extend(_settle_cluster(cluster))
            cluster = []
        cluster.append(candidate)
        reach = max(reach, candidate[1]) if len(cluster) > 1 else candidate[1]
    if cluster:
        kept.extend(_settle_cluster(cluster))
    return kept


def _settle_cluster(cluster: list) -> list:
    """Longest first (earlier rule on ties) among overlapping candidates; the characters taken
    are marked in a byte map, so a long chain of overlaps costs no more than its length."""
    if len(cluster) == 1:
        return cluster
    base = cluster[0][0]
    taken = bytearray(max(c[1] for c in cluster) - base)
    chosen: list = []
    for candidate in sorted(cluster, key=lambda c: (c[0] - c[1], c[2].index, c[0])):
        start, end = candidate[0] - base, candidate[1] - base
        if taken.find(1, start, end) == -1:
            taken[start:end] = b"\x01" * (end - start)
            chosen.append(candidate)
    return sorted(chosen, key=_AT)


def _read(text: str, language: Language, start: int, end: int, rule: Rule,
          match: re.Match[str]) -> list[Mention] | None:
    """The mention(s) of one match, or None when a context veto applies."""
    if rule.unless_before:
        before = _WORD_BEFORE.search(text[max(0, start - 40):start])
        if before and _vetoed(language, rule.unless_before, before.group(1)):
            return None
    if rule.unless_after:
        after = _WORDS_AFTER.match(text, end)
        if after and (_vetoed(language, rule.unless_after, after.group(1))
                      or after.group(1)[:1].isupper() and _vetoed(language, "street", after.group(2))):
            return None
    slots: dict[str, Any] = dict(rule.fixed)
    values = match.groups()
    for number, slot, source in rule.slot_groups:
        value = values[number - 1]
        if value is None:
            continue
        if source is None:
            slots[slot] = value.lower()
            continue
        converted = language.slot_value(source, value)
        if isinstance(converted, dict):
            slots.update({(k + "_2" if slot.endswith("_2") else k): v for k, v in converted.items()})
        else:
            slots[slot] = converted
    if rule.kind != "range":
        return [Mention(start, end, rule, slots)]
    first = {k: v for k, v in slots.items() if not k.endswith("_2")}
    second = dict(first, range_second=True)
    second.update({k[:-2]: v for k, v in slots.items() if k.endswith("_2")})
    one, two = match.span(rule.prefix + "span1"), match.span(rule.prefix + "span2")
    return [Mention(one[0], one[1], rule, first), Mention(two[0], two[1], rule, second)]


def _vetoed(language: Language, table: str, word: str | None) -> bool:
    found = language.tables.get(table)  # a language may have no such table ("street")
    if not word or found is None:
        return False
    token = word.lower()
    values = found.values
    return token in values or token.rstrip(",;:.!?") in values
