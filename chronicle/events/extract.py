"""Clause-level event extraction: each dated time expression hangs the event of its clause."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone

from chronicle.events.clauses import Group, Segment, segment, subject_end
from chronicle.events.event import Event
from chronicle.events.headline import render
from chronicle.events.modality import contains, group_flags, relation
from chronicle.events.participants import People, participants
from chronicle.events.resources import Language, language
from chronicle.events.sentences import sentence_spans
from chronicle.events.tokens import Token, tokenize
from chronicle.temporal.timex import Interval, Timex


def extract(text: str, timexes: Sequence[Timex], *, reference: date, lang: str = "en") -> list[Event]:
    """The events `text` reports, in document order, each hung on the time the text gives it.

    `timexes` are the document's resolved time expressions (offsets into `text`); `reference` is the
    publication date, used for present-perfect reports with no time of their own and for "future".
    """
    if isinstance(reference, datetime):
        reference = reference.date()
    if not isinstance(reference, date):
        raise TypeError(f"reference must be the publication date, got {reference!r}")
    for index, timex in enumerate(timexes):
        if timex.end > len(text) or text[timex.start:timex.end] != timex.text:
            raise ValueError(
                f"timexes[{index}] ({timex.text!r} at {timex.start}-{timex.end}) does not match the text there: "
                f"{text[timex.start:timex.end]!r}")
    data = language(lang)
    people = People()
    events: list[Event] = []
    for start, end in sentence_spans(text, lang):
        inside = [(i, t) for i, t in enumerate(timexes) if start <= t.start and t.end <= end]
        tokens = tokenize(text[start:end], start, data, [(t.start, t.end) for _, t in inside])
        participants(tokens, data, people)  # learn full names before any surname is resolved
        sentence = _Sentence(text, start, end, tokens, segment(tokens), data, people, reference)
        events.extend(sentence.events(inside, events))
    return events


class _Sentence:
    """One sentence being read: its tokens, segments and the document context."""

    def __init__(self, text: str, start: int, end: int, tokens: list[Token], segments: list[Segment],
                 data: Language, people: People, reference: date) -> None:
        self.text, self.start, self.end = text, start, end
        self.tokens, self.segments = tokens, segments
        self.data, self.people, self.reference = data, people, reference

    def events(self, inside: list[tuple[int, Timex]], earlier: list[Event]) -> list[Event]:
        """The sentence's events: one per clause holding (or given) a dated time expression; else a
        present-perfect report dated to publication, or a "later" event following the previous one."""
        found: list[Event] = []
        taken: set[int] = set()
        for index, timex in inside:
            if timex.interval is None or not self.tokens:
                continue
            position = self._token_at(timex.start)
            if position is None:
                continue
            attached = self._attach(position)
            if attached is None or attached[0] in taken:
                continue
            taken.add(attached[0])
            found.append(self._event(attached, index, timex, position))
        if found or not self.segments:
            return found
        return self._untimed(earlier)

    def _token_at(self, offset: int) -> int | None:
        return next((i for i, t in enumerate(self.tokens) if t.start >= offset), None)

    def _segment_of(self, position: int) -> int:
        return next(k for k, s in enumerate(self.segments) if s.start <= position < s.end)

    def _attach(self, position: int) -> tuple[int, Group, str] | None:
        """The clause (segment index), verb group and rule name a time expression at `position` hangs on."""
        k = self._segment_of(position)
        seg = self.segments[k]
        if seg.finite is not None:
            before = [g for g in seg.groups if g.finite and g.indexes[0] < position]
            return k, (before[-1] if before else seg.finite), f"clause_{seg.kind}"
        opens = seg.groups and seg.groups[0].indexes[0] == seg.start
        if seg.kind == "participle" and opens and all(s.finite is None for s in self.segments[:k]):
            for later in range(k + 1, len(self.segments)):
                if self.segments[later].finite is not None:
                    return later, self.segments[later].finite, "fronted_adjunct"
        if seg.groups:
            before = [g for g in seg.groups if g.indexes[0] < position]
            return k, (before[-1] if before else seg.groups[0]), f"clause_{seg.kind}"
        for near in list(range(k - 1, -1, -1)) + list(range(k + 1, len(self.segments))):
            if self.segments[near].finite is not None:
                return near, self.segments[near].finite, "nearest_clause"
        return None

    def _event(self, attached: tuple[int, Group, str], index: int | None, timex: Timex | None,
               position: int | None, **overrides) -> Event:
        k, group, rule = attached
        words = self._text_indexes(k, group)
        scope = set(words)
        if position is not None:
            scope |= set(range(self.segments[self._segment_of(position)].start,
                               self.segments[self._segment_of(position)].end))
        if timex is not None:
            words = self._without_timex(words, timex)
        flags = self._flags(k, group, timex)
        head = self.tokens[group.head]
        text = render(self.text, self.tokens, words)
        if head.base in self.data.reporting_verbs and 0 < k == len(self.segments) - 1 \
                and not self._rest_after(group):
            # "..., two US officials said on Friday": what they said comes first in the sentence.
            content_words = range(self.segments[0].start, self.segments[k - 1].end)
            scope |= set(content_words)
            content = render(self.text, self.tokens, content_words)
            text = f"{text} {content[:1].lower() + content[1:] if _lower_ok(content) else content}"
        fields = dict(
            sentence_start=self.start, sentence_end=self.end, sentence=self.text[self.start:self.end],
            text=text, trigger=head.text, timex=index,
            relation=relation(self.tokens[max(0, (position or 0) - 3):position or 0], timex.text, self.data)
            if timex else "DURING",
            interval=timex.interval if timex else None, grain=timex.grain if timex else None,
            value=timex.value if timex else None, mod=timex.mod if timex else None,
            participants=participants([self.tokens[i] for i in sorted(scope)], self.data, self.people),
            flags=tuple(flags), rule=rule,
        )
        fields.update(overrides)
        if "flags" in overrides:
            fields["flags"] = tuple(dict.fromkeys(flags + list(overrides["flags"])))
        return Event(**fields)

    def _text_indexes(self, k: int, group: Group) -> list[int]:
        """Token indexes of the event text: the clause (without a fronted adjunct), with the subject it
        borrows, its reported content, or the antecedent of a relative clause."""
        seg = self.segments[k]
        start = seg.start
        while start < group.indexes[0] and (self.tokens[start].tag == "CONJ" or (
                self.tokens[start].tag == "SUB" and seg.kind == "sub")):
            start += 1
        if group is not seg.finite:  # a later clause inside the segment: "said the convoy crossed"
            start = self._subject_start(start, group.indexes[0])
        words = self._without_adjuncts(start, group.indexes[0]) + list(range(group.indexes[0], seg.end))
        if seg.kind == "coord" and k > 0:
            prev = self.segments[k - 1]
            words = list(range(prev.start, subject_end(self.tokens, prev))) + words
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
        words = []
        for i in range(self.segments[0].start, self.segments[k].start):
            tok = self.tokens[i]
            if tok.verb is not None or tok.tag in ("REL", "SUB"):
                break
            words.append(i)
        while words and self.tokens[words[-1]].tag in ("PUNCT", "CONJ"):
            words.pop()
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
            if after < len(self.tokens) and (self.tokens[after].verb is not None
                                             or self.tokens[after].tag in ("NOUN", "ADJ")):
                return words  # the time is the subject ("Monday was calm") or a modifier ("third-quarter net")
        return [i for i in words if i not in drop]

    def _flags(self, k: int, group: Group, timex: Timex | None) -> list[str]:
        seg = self.segments[k]
        lows = [t.low for t in self.tokens[group.indexes[0]:group.indexes[-1] + 1]]
        after = [t.low for t in self.tokens[group.indexes[-1] + 1:group.indexes[-1] + 3]]
        before = [t.low for t in self.tokens[seg.start:group.indexes[0]]][-2:]
        flags = group_flags(before + lows, after, self.data)
        lead = [t.low for t in self.tokens[seg.start:seg.start + 3]]
        if any(lead[:len(c)] == list(c) for c in self.data.conditional):
            flags += ["conditional", "hypothetical"]
        elif any(self._is_condition(s) for s in self.segments if s is not seg):
            flags.append("conditional")
        if self.tokens[group.head].base in self.data.reporting_verbs:
            flags.append("reported")
        if timex is not None:
            if timex.text.lower() in self.data.anaphora or "anaphor" in timex.rule.lower():
                flags.append("anaphoric")
            if timex.interval is not None and timex.interval.start.date() > self.reference:
                flags.append("future")
        return list(dict.fromkeys(flags))

    def _is_condition(self, seg: Segment) -> bool:
        lead = [t.low for t in self.tokens[seg.start:seg.start + 3]]
        return any(lead[:len(c)] == list(c) for c in self.data.conditional)

    def _untimed(self, earlier: list[Event]) -> list[Event]:
        """Events with no time expression: a present-perfect report ("has said") dated to the
        publication date, or a "later" event that follows the one told before it."""
        for k, seg in enumerate(self.segments):
            group = seg.finite
            if group is None or seg.kind in ("sub", "rel"):
                continue
            lows = [self.tokens[i].low for i in group.indexes]
            head = self.tokens[group.head]
            if lows[0] in ("has", "have", "'ve", "'s") and head.verb == "VBN" \
                    and head.base in self.data.reporting_verbs:
                return [self._publication_event(k, group)]
            words = [t.low for t in self.tokens[seg.start:group.head + 1]]
            if earlier and contains(words, self.data.sequence):
                return [self._event((k, group, "sequence_later"), None, None, None,
                                    relation="AFTER", follows=len(earlier) - 1)]
        return []

    def _publication_event(self, k: int, group: Group) -> Event:
        day = datetime(self.reference.year, self.reference.month, self.reference.day, tzinfo=timezone.utc)
        return self._event((k, group, "perfect_report_publication"), None, None, None,
                           interval=Interval(day, day + timedelta(days=1)), grain="day",
                           value=self.reference.isoformat(), flags=("publication_date",))


def _lower_ok(content: str) -> bool:
    first = content.split(" ", 1)[0]
    return first in ("The", "A", "An", "It", "They", "He", "She", "We", "This", "That", "There")

