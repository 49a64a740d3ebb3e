from chronicle.timeline import merge
from tests.timeline.factory import at, event, seed_timeline

US, UA, RU = "United States", "Ukraine", "Russia"


def approval(document_id, start, end, *, text="Washington approved Ukrainian strikes with US weapons",
             grain="day", source=None, flags=()):
    return event(text, start, end, document_id=document_id, grain=grain, source=source or f"source {document_id}",
                 participants=("Washington", UA, US), flags=flags)


def test_one_event_from_two_documents_with_overlapping_times_merges_and_keeps_every_source():
    late_may = approval(1, at(2024, 5, 21), at(2024, 6, 1), grain="month")
    may_30 = approval(2, at(2024, 5, 30), at(2024, 5, 31),
                      text="President Biden authorized Ukraine to use American weapons in strikes")
    [entry] = merge([late_may, may_30])
    assert entry.primary is may_30, "the more precise report leads"
    assert set(entry.events) == {late_may, may_30} and entry.sources == ("source 2", "source 1")
    assert entry.conflicts == ()


def test_merge_off_shows_the_reports_apart():
    late_may = approval(1, at(2024, 5, 21), at(2024, 6, 1), grain="month")
    may_30 = approval(2, at(2024, 5, 30), at(2024, 5, 31))
    assert [len(e.events) for e in merge([late_may, may_30], merge=False)] == [1, 1]


def test_reports_from_the_same_document_or_about_other_things_stay_apart():
    a = approval(1, at(2024, 5, 30), at(2024, 5, 31))
    b = approval(1, at(2024, 5, 30), at(2024, 5, 31))
    other = event("Floods destroyed crops across the Ukrainian south", at(2024, 5, 30), at(2024, 5, 31),
                  document_id=2, participants=(UA,))
    assert len(merge([a, b, other])) == 3


def test_disjoint_dates_for_one_event_are_a_conflict_shown_on_both_sides():
    wednesday = event("Biden said the US had no plans to loosen restrictions on strikes", at(2024, 7, 10),
                      at(2024, 7, 11), document_id=1, source="Harbor", participants=("Joe Biden",), trigger="said")
    thursday = event("Biden signaled the US saw no reason to loosen restrictions on strikes", at(2024, 7, 11),
                     at(2024, 7, 12), document_id=2, source="seed", participants=("Joe Biden",),
                     trigger="signaled")
    first, second = merge([thursday, wednesday])
    assert (first.primary, second.primary) == (wednesday, thursday)
    assert first.conflicts == (thursday,) and second.conflicts == (wednesday,)


def test_a_date_that_is_only_the_publication_day_neither_merges_nor_conflicts():
    dated = approval(1, at(2024, 7, 10), at(2024, 7, 11))
    by_then = approval(2, at(2024, 7, 12), at(2024, 7, 13), flags=("reported", "publication_date"))
    entries = merge([dated, by_then])
    assert [len(e.events) for e in entries] == [1, 1] and all(not e.conflicts for e in entries)


def test_the_seed_collection_merges_the_approval_and_the_accusation_and_shows_the_press_conference_clash():
    entries = merge(seed_timeline())
    by_text = {e.primary.text.split(" ", 3)[2]: e for e in entries}
    approval_entry = next(e for e in entries if e.primary.trigger == "authorized")
    assert {ev.trigger for ev in approval_entry.events} == {"authorized", "approved"}
    assert len(approval_entry.sources) == 2
    accusation = next(e for e in entries if e.primary.trigger == "accused")
    assert len(accusation.events) == 2 and accusation.primary.value == "2024-06-24"
    signaled = next(e for e in entries if e.primary.trigger == "signaled")
    assert [c.value for c in signaled.conflicts] == ["2024-07-10"]
    assert by_text  # every entry has a text
    assert sum(len(e.events) for e in entries) == len(seed_timeline())
