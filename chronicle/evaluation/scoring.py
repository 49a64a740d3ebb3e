"""TempEval-3 Task A scoring: timex spans (strict and relaxed) and attributes (value, type).

- strict match: the same start and end;
- relaxed match: the spans overlap; each gold and each system timex is used at most once;
- an attribute is correct when it is equal on a relaxed match, and its F1 is taken over all gold
  and all system timexes: P = correct / system, R = correct / gold (UzZaman et al. 2013, §5).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence


class Span(Protocol):
    """What scoring reads of a timex."""

    start: int
    end: int
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class Alignment:
    """The one-to-one relaxed pairing of a document's gold and system timexes (list indices)."""

    pairs: tuple[tuple[int, int], ...]
    missed: tuple[int, ...]
    spurious: tuple[int, ...]


@dataclass(slots=True)
class Counts:
    """Numbers of timexes and of correct ones per measure; they add up across documents."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0
    documents: int = 0

    def add(self, other: Counts) -> None:
        """Add another document's or corpus's counts to these."""
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def scores(self, measure: str) -> Score:
        """Precision, recall and F1 of one measure: strict, relaxed, value or type."""
        return Score.of(getattr(self, measure), self.gold, self.system)


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 (as fractions), with the count of correct timexes."""

    correct: int
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, correct: int, gold: int, system: int) -> Score:
        """P = correct / system, R = correct / gold; an empty side scores 0, not an error."""
        precision = correct / system if system else 0.0
        recall = correct / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(correct, precision, recall, f1)


MEASURES = ("strict", "relaxed", "value", "type")


def align(gold: Sequence[Span], system: Sequence[Span]) -> Alignment:
    """Pair gold with system timexes one-to-one: exact spans first, then a maximum overlap matching."""
    partner_of_gold: dict[int, int] = {}
    partner_of_system: dict[int, int] = {}
    exact = {}
    for j, timex in enumerate(system):
        exact.setdefault((timex.start, timex.end), []).append(j)
    for i, timex in enumerate(gold):
        candidates = exact.get((timex.start, timex.end))
        if candidates:
            j = candidates.pop(0)
            partner_of_gold[i], partner_of_system[j] = j, i
    overlapping = _overlaps(gold, system, partner_of_gold, partner_of_system)
    for i in overlapping:
        _augment(i, overlapping, partner_of_gold, partner_of_system, set())
    pairs = tuple(sorted(partner_of_gold.items()))
    missed = tuple(i for i in range(len(gold)) if i not in partner_of_gold)
    spurious = tuple(j for j in range(len(system)) if j not in partner_of_system)
    return Alignment(pairs, missed, spurious)


def count(gold: Sequence[Span], system: Sequence[Span], alignment: Alignment | None = None) -> Counts:
    """The counts of one document's gold and system timexes."""
    alignment = alignment or align(gold, system)
    counts = Counts(gold=len(gold), system=len(system), relaxed=len(alignment.pairs), documents=1)
    for i, j in alignment.pairs:
        g, s = gold[i], system[j]
        counts.strict += (g.start, g.end) == (s.start, s.end)
        counts.value += g.value == s.value
        counts.type += g.type == s.type
    return counts


def _overlaps(gold, system, partner_of_gold, partner_of_system) -> dict[int, list[int]]:
    """For each unpaired gold timex, the unpaired system timexes overlapping it, largest overlap first."""
    free_system = sorted(
        (j for j in range(len(system)) if j not in partner_of_system), key=lambda j: system[j].start
    )
    overlapping: dict[int, list[int]] = {}
    for i, g in enumerate(gold):
        if i in partner_of_gold:
            continue
        candidates = [j for j in free_system if system[j].start < g.end and g.start < system[j].end]
        if candidates:
            overlapping[i] = sorted(
                candidates, key=lambda j: -(min(g.end, system[j].end) - max(g.start, system[j].start))
            )
    return overlapping


def _augment(i, overlapping, partner_of_gold, partner_of_system, seen) -> bool:
    """Kuhn's augmenting path: pair gold i, moving earlier pairs along if that frees a partner."""
    for j in overlapping[i]:
        if j in seen:
            continue
        seen.add(j)
        other = partner_of_system.get(j)
        if other is None or _augment(other, overlapping, partner_of_gold, partner_of_system, seen):
            partner_of_gold[i], partner_of_system[j] = j, i
            return True
    return False
