"""Clause-level event extraction: each dated time expression hangs the event of its clause."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone

from chronicle.events.clauses import Group, Segment, segment
from chronicle.events.clausetext import ClauseText
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


class _Sentence(ClauseText):
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
            if self._modifies_an_object(timex, position):
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
            if before:
                return k, before[-1], f"clause_{seg.kind}"
            # A fronted time: the first finite verb that is not inside a relative clause.
            outside = [g for g in seg.groups if g.finite and not self._after_relative(g)]
            return k, (outside or [seg.finite])[0], f"clause_{seg.kind}"
        opens = seg.groups and seg.groups[0].indexes[0] == seg.start
        fronted = all(s.finite is None for s in self.segments[:k])
        prepositional = self.tokens[seg.start].tag in ("PREP", "TIME")
        before = [g for g in seg.groups if g.indexes[0] < position
                  and not (prepositional and self.tokens[g.head].verb == "VBG")]  # "in composite trading"
        if before and not (seg.kind == "participle" and opens and fronted):
            return k, before[-1], f"clause_{seg.kind}"  # "a program approved ... in 1987"
        if fronted and (opens or prepositional):
            for later in range(k + 1, len(self.segments)):
                if self.segments[later].finite is not None:
                    return later, self.segments[later].finite, "fronted_adjunct"
        for near in list(range(k - 1, -1, -1)) + list(range(k + 1, len(self.segments))):
            if self.segments[near].finite is not None:
                return near, self.segments[near].finite, "nearest_clause"
        return None

    def _after_relative(self, group: Group) -> bool:
        """Whether a verb group opens a relative clause ("officers who had been searching")."""
        i = group.indexes[0] - 1
        while i >= 0 and self.tokens[i].tag in ("ADV", "NEG"):
            i -= 1
        return i >= 0 and self.tokens[i].tag == "REL"

    def _modifies_an_object(self, timex: Timex, position: int) -> bool:
        """Whether the time only modifies a noun after the verb ("reported third-quarter net",
        "predicting 1990 earnings", "said Friday's profit-taking"): it dates that noun, not the verb."""
        end = next((i for i in range(position, len(self.tokens)) if self.tokens[i].end > timex.end - 1), position)
        following = self.tokens[end + 1] if end + 1 < len(self.tokens) else None
        if following is None or not (following.tag in ("NOUN", "PROPN", "ADJ") or following.low == "'s"):
            return False
        i = position - 1
        while i >= 0 and self.tokens[i].tag in ("DET", "ADJ", "NUM", "POSS"):
            i -= 1
        return i >= 0 and self.tokens[i].verb is not None

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

