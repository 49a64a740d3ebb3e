"""TempEval-3 scoring on hand-made gold and system annotations with known answers."""

from dataclasses import dataclass

import pytest

from chronicle.evaluation.scoring import Counts, Score, align, count


@dataclass(frozen=True)
class T:
    start: int
    end: int
    type: str = "DATE"
    value: str = "2024-05"


def test_identical_annotations_score_perfectly():
    gold = [T(0, 5), T(10, 20, "DURATION", "P2W")]
    counts = count(gold, list(gold))
    assert (counts.strict, counts.relaxed, counts.value, counts.type) == (2, 2, 2, 2)
    assert counts.scores("strict") == Score(2, 1.0, 1.0, 1.0)


def test_overlap_counts_for_relaxed_but_not_strict():
    counts = count([T(0, 10)], [T(4, 10)])
    assert counts.strict == 0 and counts.relaxed == 1
    assert counts.scores("relaxed").f1 == 1.0
    assert counts.scores("strict").f1 == 0.0


def test_touching_spans_do_not_overlap():
    alignment = align([T(0, 5)], [T(5, 9)])
    assert alignment.pairs == () and alignment.missed == (0,) and alignment.spurious == (0,)


def test_relaxed_matching_is_one_to_one():
    # Two system timexes inside one gold timex: one pairs, the other is spurious.
    alignment = align([T(0, 20)], [T(0, 5), T(8, 20)])
    assert len(alignment.pairs) == 1 and len(alignment.spurious) == 1
    # The larger overlap wins the pairing.
    assert alignment.pairs == ((0, 1),)


def test_matching_is_maximum_not_greedy():
    # System 0 overlaps both golds, system 1 only gold 0: a greedy pass could pair (0, 0) and strand
    # gold 1; the maximum matching pairs both.
    gold = [T(0, 10), T(12, 20)]
    system = [T(5, 15), T(0, 4)]
    alignment = align(gold, system)
    assert sorted(alignment.pairs) == [(0, 1), (1, 0)]
    assert alignment.missed == () and alignment.spurious == ()


def test_exact_spans_pair_first():
    gold = [T(0, 10)]
    system = [T(0, 8), T(0, 10)]
    assert align(gold, system).pairs == ((0, 1),)


def test_attributes_count_on_relaxed_matches_over_all_timexes():
    gold = [T(0, 5, "DATE", "2024-05"), T(10, 15, "DATE", "2024-06"), T(30, 35, "TIME", "2024-07-11T15:00")]
    system = [
        T(0, 5, "DATE", "2024-05"),        # strict match, value and type right
        T(9, 15, "DURATION", "2024-06"),   # relaxed match, value right, type wrong
        T(50, 55, "DATE", "2024"),         # spurious
        T(60, 65, "SET", "P1W"),           # spurious
    ]
    counts = count(gold, system)
    assert (counts.gold, counts.system) == (3, 4)
    assert (counts.strict, counts.relaxed, counts.value, counts.type) == (1, 2, 2, 1)
    value = counts.scores("value")
    assert value.precision == pytest.approx(2 / 4) and value.recall == pytest.approx(2 / 3)
    assert value.f1 == pytest.approx(2 * (1 / 2) * (2 / 3) / (1 / 2 + 2 / 3))
    assert counts.scores("type").f1 == pytest.approx(2 * (1 / 4) * (1 / 3) / (1 / 4 + 1 / 3))


def test_value_is_not_credited_without_a_span_match():
    counts = count([T(0, 5, value="2024-05")], [T(20, 25, value="2024-05")])
    assert counts.value == 0 and counts.scores("value").f1 == 0.0


def test_empty_sides_score_zero_without_dividing_by_zero():
    assert count([], []).scores("relaxed") == Score(0, 0.0, 0.0, 0.0)
    assert count([T(0, 5)], []).scores("strict") == Score(0, 0.0, 0.0, 0.0)
    assert count([], [T(0, 5)]).scores("strict") == Score(0, 0.0, 0.0, 0.0)


def test_counts_add_up_across_documents():
    total = Counts()
    total.add(count([T(0, 5)], [T(0, 5)]))
    total.add(count([T(0, 5), T(7, 9)], [T(1, 5)]))
    assert (total.documents, total.gold, total.system, total.strict, total.relaxed) == (2, 3, 2, 1, 2)
    assert total.scores("relaxed") == Score(2, 1.0, 2 / 3, 0.8)
