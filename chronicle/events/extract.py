"""Clause-level event extraction: each dated time expression hangs the event of its clause."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone

from chronicle.events.clauses import Group, Segment, segment
from chronicle.events.clausetext import ClauseText
from chronicle.events.event import Event
from chronicle.events.headline import render
from chronicle.events.modality import contains, group_flags, relation
from chronicle.events.participants import People, participants
from chronicle.events.resources import Language, language
from chronicle.events.sentences import CONTEXT_LIMIT, context_span, sentence_spans
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
    spans = sentence_spans(text, lang)
    for (start, end), inside in zip(spans, _by_sentence(spans, timexes)):
        tokens = tokenize(text[start:end], start, data, [(t.start, t.end) for _, t in inside])
        participants(tokens, data, people)  # learn full names before any surname is resolved
        sentence = _Sentence(text, start, end, tokens, segment(tokens), data, people, reference)
        events.extend(sentence.events(inside, events))
    return events


def _by_sentence(spans: list[tuple[int, int]], timexes: Sequence[Timex]) -> list[list[tuple[int, Timex]]]:
    """The time expressions lying wholly inside each sentence, with their index, in index order."""
    starts = [start for start, _ in spans]
    found: list[list[tuple[int, Timex]]] = [[] for _ in spans]
    for index, timex in enumerate(timexes):
        k = bisect_right(starts, timex.start) - 1  # the one sentence that can hold it: spans do not overlap
        if k >= 0 and timex.end <= spans[k][1]:
            found[k].append((index, timex))
    return found


class _Sentence(ClauseText):
    """One sentence being read: its tokens, segments and the document context."""

    def __init__(self, text: str, start: int, end: int, tokens: list[Token], segments: list[Segment],
                 data: Language, people: People, reference: date) -> None:
        self.text, self.start, self.end = text, start, end
        self.tokens, self.segments = tokens, segments
        self.data, self.people, self.reference = data, people, reference
        # Indexes for the per-expression look-ups, so a sentence with thousands of time expressions and
        # clauses stays linear: token and segment starts, and where the clauses with a finite verb are.
        self.token_starts = [t.start for t in tokens]
        self.segment_starts = [s.start for s in segments]
        self.finite_segments = [k for k, s in enumerate(segments) if s.finite is not None]
        self._conditions: list[int] | None = None
        self._groups: dict[tuple[int, bool], tuple[list[Group], list[int]]] = {}
        self._outside: dict[int, Group] = {}

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
        i = bisect_left(self.token_starts, offset)
        return i if i < len(self.tokens) else None

    def _segment_of(self, position: int) -> int:
        return bisect_right(self.segment_starts, position) - 1  # segments cover the tokens in order

    def _groups_before(self, k: int, position: int, *, finite: bool) -> Group | None:
        """The last verb group of segment k starting before `position`: a finite one, or (`finite`
        False) any but an -ing verb after a preposition ("in composite trading")."""
        if (k, finite) not in self._groups:
            seg = self.segments[k]
            prepositional = self.tokens[seg.start].tag in ("PREP", "TIME")
            groups = [g for g in seg.groups if g.finite] if finite else [
                g for g in seg.groups if not (prepositional and self.tokens[g.head].verb == "VBG")]
            self._groups[k, finite] = groups, [g.indexes[0] for g in groups]
        groups, starts = self._groups[k, finite]
        n = bisect_left(starts, position)
        return groups[n - 1] if n else None

    def _first_outside_relative(self, k: int) -> Group:
        """The first finite verb group of segment k that does not open a relative clause (else its first)."""
        if k not in self._outside:
            seg = self.segments[k]
            outside = [g for g in seg.groups if g.finite and not self._after_relative(g)]
            self._outside[k] = (outside or [seg.finite])[0]  # type: ignore[list-item]
        return self._outside[k]

    def _finite_after(self, k: int) -> int | None:
        """The first segment after k with a finite verb."""
        n = bisect_right(self.finite_segments, k)
        return self.finite_segments[n] if n < len(self.finite_segments) else None

    def _finite_before(self, k: int) -> int | None:
        """The last segment before k with a finite verb."""
        n = bisect_left(self.finite_segments, k)
        return self.finite_segments[n - 1] if n else None

    def _attach(self, position: int) -> tuple[int, Group, str] | None:
        """The clause (segment index), verb group and rule name a time expression at `position` hangs on."""
        k = self._segment_of(position)
        seg = self.segments[k]
        if seg.finite is not None:
            before = self._groups_before(k, position, finite=True)
            if before:
                return k, before, f"clause_{seg.kind}"
            # A fronted time: the first finite verb that is not inside a relative clause.
            return k, self._first_outside_relative(k), f"clause_{seg.kind}"
        opens = seg.groups and seg.groups[0].indexes[0] == seg.start
        fronted = not self.finite_segments or self.finite_segments[0] >= k
        prepositional = self.tokens[seg.start].tag in ("PREP", "TIME")
        before = self._groups_before(k, position, finite=False)
        if before and not (seg.kind == "participle" and opens and fronted):
            return k, before, f"clause_{seg.kind}"  # "a program approved ... in 1987"
        later = self._finite_after(k)
        if fronted and (opens or prepositional) and later is not None:
            return later, self.segments[later].finite, "fronted_adjunct"  # type: ignore[return-value]
        near = self._finite_before(k)
        near = later if near is None else near
        if near is not None:
            return near, self.segments[near].finite, "nearest_clause"  # type: ignore[return-value]
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
        start, end = context_span(self.text, (self.start, self.end), _around(head, timex))
        fields = dict(
            sentence_start=start, sentence_end=end, sentence=self.text[start:end],
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
        elif any(c != k for c in self.conditions()[:2]):  # a condition in another clause of the sentence
            flags.append("conditional")
        if self.tokens[group.head].base in self.data.reporting_verbs:
            flags.append("reported")
        if timex is not None:
            if timex.text.lower() in self.data.anaphora or "anaphor" in timex.rule.lower():
                flags.append("anaphoric")
            if timex.interval is not None and timex.interval.start.date() > self.reference:
                flags.append("future")
        return list(dict.fromkeys(flags))

    def conditions(self) -> list[int]:
        """The segments that open with a condition ("if", "unless"), found once per sentence."""
        if self._conditions is None:
            self._conditions = [k for k, s in enumerate(self.segments) if self._is_condition(s)]
        return self._conditions

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


def _around(head: Token, timex: Timex | None) -> tuple[int, int]:
    """What the stored part of a long sentence is centred on: the trigger and the time expression
    together when they fit in it (a trigger far from its time was cut off), else the time alone."""
    if timex is None:
        return head.start, head.end
    both = min(head.start, timex.start), max(head.end, timex.end)
    return both if both[1] - both[0] <= CONTEXT_LIMIT else (timex.start, timex.end)
