"""The words of an event's text: which tokens of a sentence make the clause read as a headline."""

from __future__ import annotations

from bisect import bisect_left

from chronicle.events.clauses import Group, Segment, subject_end
from chronicle.events.resources import Language
from chronicle.events.tokens import Token
from chronicle.temporal.timex import Timex


_PREPOSITION_LIKE = frozenset({"before", "after", "since", "until", "till", "as", "once"})
_DASHES = frozenset({"—", "–", "--"})


class ClauseText:
    """Picks the token indexes of an event text from a tagged, segmented sentence."""

    tokens: list[Token]
    segments: list[Segment]
    data: Language

    def _text_indexes(self, k: int, group: Group) -> list[int]:
        """Token indexes of the event text: the clause (without a fronted adjunct), with the subject it
        borrows, its reported content, or the antecedent of a relative clause."""
        seg = self.segments[k]
        start = seg.start
        lead = self.tokens[seg.start]
        commas = [i for i in range(seg.start, group.indexes[0]) if self.tokens[i].text == ","]
        if lead.low in _PREPOSITION_LIKE and commas and not any(
                self.tokens[i].verb for i in range(seg.start, commas[0])):
            start = commas[0] + 1  # "Before his Sunday night address, Castro played", "As expected, ..."
        while start < group.indexes[0] and (self.tokens[start].tag == "CONJ" or (
                self.tokens[start].tag == "SUB" and (seg.kind == "sub" or self.tokens[start].low == "that"))):
            start += 1
        relative = next((i for i in range(start, group.indexes[0]) if self.tokens[i].tag == "REL"), None)
        if group is not seg.finite and relative is not None:
            # "officers who had been searching for Howes concluded": the subject is before "who"
            subject = self._without_adjuncts(start, relative)
            return subject + list(range(group.indexes[0], seg.end))
        if group is not seg.finite:  # a later clause inside the segment: "said the convoy crossed"
            start = self._subject_start(start, group.indexes[0])
        words = self._without_adjuncts(start, group.indexes[0]) + list(range(group.indexes[0], seg.end))
        if seg.kind == "coord" and k > 0:
            prev = self.segments[k - 1]
            subject = list(range(prev.start, subject_end(self.tokens, prev)))
            words = (subject if any(self.tokens[i].tag != "PUNCT" for i in subject)
                     else self._sentence_subject(k)) + words
        elif seg.kind == "main" and k > 0 and words and words[0] == group.indexes[0]:
            words = self._sentence_subject(k) + words
        if seg.kind == "rel" and k > 0:
            words = self._antecedent(self.segments[k - 1]) + words
        if self.tokens[group.head].base in self.data.reporting_verbs:
            words += self._reported(k, group)
        if k + 1 < len(self.segments) and self.segments[k + 1].kind == "rel" \
                and self.tokens[self.segments[k + 1].start].low in ("which", "who"):
            words += list(range(self.segments[k + 1].start - 1, self.segments[k + 1].end))
        elif k > 0 and seg.kind == "rel" and self.tokens[seg.start - 1].text == ",":
            words.append(seg.start - 1)
        return words

    def _sentence_subject(self, k: int) -> list[int]:
        """The words before the first verb or relative pronoun of the sentence, for a main clause whose
        subject was cut off by a relative clause ("Poland, ..., who were invited ..., will join")."""
        words = self._subject_words()
        words = words[:bisect_left(words, self.segments[k].start)]
        while words and self.tokens[words[-1]].tag in ("PUNCT", "CONJ"):
            words.pop()
        return words

    def _subject_words(self) -> list[int]:
        """The sentence's subject words up to its first verb, read once per sentence: the subject
        before segment k is these words up to where k starts (the reading never looks ahead)."""
        cached = getattr(self, "_subject_cache", None)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        words: list[int] = []
        chunk_start = True
        i, end = self.segments[0].start, len(self.tokens)
        while i < end:
            tok = self.tokens[i]
            if chunk_start and (tok.tag in ("PREP", "ADV", "SUB", "TIME") or tok.verb == "VBG"):
                while i < end and self.tokens[i].text != ",":  # a fronted adverbial: skip to its comma
                    i += 1
                i += 1
                continue
            if tok.text == ",":
                chunk_start = not words
                if words:
                    words.append(i)
                i += 1
                continue
            chunk_start = False
            if tok.verb is not None or tok.tag in ("REL", "SUB") or tok.text in _DASHES:
                break
            words.append(i)
            i += 1
        self._subject_cache = words
        return words

    def _subject_start(self, floor: int, verb: int) -> int:
        """Where the noun phrase right before a verb group begins."""
        begin = verb
        while begin > floor and self.tokens[begin - 1].tag in ("NOUN", "PROPN", "ADJ", "DET", "NUM", "POSS", "PRON"):
            begin -= 1
        return begin

    def _without_adjuncts(self, start: int, end: int) -> list[int]:
        """The words before the verb group, less comma-set adverbials ("In late June,", ", however,")."""
        kept: list[int] = []
        chunk: list[int] = []
        for i in range(start, end + 1):
            if i == end or self.tokens[i].text == ",":
                first = self.tokens[chunk[0]] if chunk else None
                adverbial = first is not None and (
                    first.tag in ("PREP", "ADV", "SUB", "TO", "TIME") or first.verb == "VBG")
                if chunk and not (adverbial and i < end):
                    kept += chunk + ([i] if i < end and kept + chunk else [])
                chunk = []
            else:
                chunk.append(i)
        while kept and self.tokens[kept[-1]].text == ",":
            kept.pop()
        return kept

    def _rest_after(self, group: Group) -> list[int]:
        """The words after a verb group in its segment, less punctuation and time expressions."""
        seg = next(s for s in self.segments if s.start <= group.head < s.end)
        return [i for i in range(group.head + 1, seg.end) if self.tokens[i].tag not in ("PUNCT", "TIME")
                and not (self.tokens[i].tag == "PREP" and i + 1 < seg.end and self.tokens[i + 1].tag == "TIME")]

    def _reported(self, k: int, group: Group) -> list[int]:
        """What a reporting verb reports: the "that" clause right after its clause."""
        if k + 1 < len(self.segments) and self.segments[k + 1].kind == "sub" \
                and self.tokens[self.segments[k + 1].start].low == "that":
            nxt = self.segments[k + 1]
            return list(range(nxt.start + 1, nxt.end))
        return []

    def _antecedent(self, prev: Segment) -> list[int]:
        end = prev.end
        while end > prev.start and self.tokens[end - 1].tag == "PUNCT":
            end -= 1
        begin = end
        while begin > prev.start and self.tokens[begin - 1].tag in ("NOUN", "PROPN", "ADJ", "DET", "NUM", "POSS"):
            begin -= 1
        return list(range(begin, end))

    def _without_timex(self, words: list[int], timex: Timex) -> list[int]:
        """Drop the time expression and its preposition, unless it is the clause's subject."""
        inside = [i for i in words if timex.start <= self.tokens[i].start and self.tokens[i].end <= timex.end]
        if not inside:
            return words
        after = inside[-1] + 1
        if after < len(self.tokens) and self.tokens[after].low == "'s":
            return words  # "Friday's edition": the time is part of a noun phrase
        drop = set(inside)
        first = inside[0]
        for size in (3, 2, 1):
            lead = tuple(t.low for t in self.tokens[max(0, first - size):first])
            if len(lead) == size and lead in self.data.relations:
                drop |= set(range(first - size, first))
                break
        else:
            if first > 0 and self.tokens[first - 1].tag in ("PREP", "DET", "POSS"):
                return words  # "part of Sunday night": the time is the object of another preposition
            if after < len(self.tokens) and (self.tokens[after].verb is not None
                                             or self.tokens[after].tag in ("NOUN", "ADJ")):
                return words  # the time is the subject ("Monday was calm") or a modifier ("third-quarter net")
        return [i for i in words if i not in drop]
