from chronicle.timeline import order
from tests.timeline.factory import at, event


def test_coarser_times_sort_before_the_finer_times_inside_them():
    year = event("A year", at(2024), at(2025), grain="year")
    may = event("A month", at(2024, 5), at(2024, 6), grain="month")
    first_of_may = event("A day", at(2024, 5, 1), at(2024, 5, 2))
    late_may = event("A late", at(2024, 5, 21), at(2024, 6, 1), grain="month", mod="END")
    may_30 = event("A thirtieth", at(2024, 5, 30), at(2024, 5, 31))
    shuffled = [may_30, first_of_may, late_may, year, may]
    assert order(shuffled) == [year, may, first_of_may, late_may, may_30]


def test_ties_go_by_document_then_position():
    a = event("A b", at(2024, 5, 1), at(2024, 5, 2), document_id=2, position=0)
    b = event("A c", at(2024, 5, 1), at(2024, 5, 2), document_id=1, position=5)
    c = event("A d", at(2024, 5, 1), at(2024, 5, 2), document_id=1, position=2)
    assert order([a, b, c]) == [c, b, a]


def test_an_undated_later_event_comes_right_after_the_one_it_follows():
    first = event("Police arrested", at(2024, 5, 1), at(2024, 5, 2), id=1)
    other = event("Rain fell", at(2024, 5, 3), at(2024, 5, 4), id=2, document_id=2)
    later = event("Prosecutors charged", None, None, grain=None, follows=1, id=3, position=1)
    loose = event("Someone spoke", None, None, grain=None, id=4, position=2)
    assert order([loose, later, other, first]) == [first, later, other, loose]
