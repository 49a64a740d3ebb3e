from datetime import date, datetime, timedelta, timezone

import pytest

from chronicle.events import extract
from chronicle.temporal import Interval, Timex

UTC = timezone.utc
REFERENCE = date(2024, 7, 12)


def day(text: str, phrase: str, when: date, rule: str = "test") -> Timex:
    start = text.index(phrase)
    begin = datetime(when.year, when.month, when.day, tzinfo=UTC)
    return Timex(start=start, end=start + len(phrase), text=phrase, type="DATE", value=when.isoformat(),
                 interval=Interval(begin, begin + timedelta(days=1)), grain="day", rule=rule)


def one(text: str, *timexes: Timex):
    events = extract(text, list(timexes), reference=REFERENCE)
    assert len(events) == 1, [e.text for e in events]
    return events[0]


def test_trigger_is_the_main_verb_and_text_drops_the_time():
    text = "The minister resigned on Monday after weeks of protests."
    event = one(text, day(text, "Monday", date(2024, 7, 8)))
    assert (event.trigger, event.relation, event.value) == ("resigned", "DURING", "2024-07-08")
    assert event.text == "The minister resigned after weeks of protests"
    assert event.sentence == text and (event.sentence_start, event.sentence_end) == (0, len(text))
    assert event.rule == "clause_main"


@pytest.mark.parametrize("phrase, relation", [
    ("on", "DURING"), ("before", "BEFORE"), ("until", "BEFORE"), ("by", "BEFORE"), ("prior to", "BEFORE"),
    ("after", "AFTER"), ("since", "AFTER"), ("from", "AFTER"),
])
def test_relation_comes_from_the_word_before_the_time(phrase, relation):
    text = f"Troops stayed in the town {phrase} Monday."
    assert one(text, day(text, "Monday", date(2024, 7, 8))).relation == relation


def test_each_clause_with_a_time_is_its_own_event():
    text = "Rebels seized the airport on Monday, and the army retook it on Wednesday."
    events = extract(text, [day(text, "Monday", date(2024, 7, 8)), day(text, "Wednesday", date(2024, 7, 10))],
                     reference=REFERENCE)
    assert [(e.trigger, e.value) for e in events] == [("seized", "2024-07-08"), ("retook", "2024-07-10")]
    assert events[1].text == "The army retook it"


def test_a_fronted_participle_hands_its_time_to_the_main_clause():
    text = "Speaking in Paris on Friday, Macron said that France would send more aid."
    event = one(text, day(text, "Friday", date(2024, 7, 5)))
    assert event.trigger == "said" and event.rule == "fronted_adjunct"
    assert event.text == "Macron said France would send more aid"
    assert "reported" in event.flags and "Paris" in event.participants


def test_a_time_inside_a_that_clause_dates_that_clause():
    text = "Officials said the convoy crossed the border on Tuesday."
    event = one(text, day(text, "Tuesday", date(2024, 7, 9)))
    assert event.trigger == "crossed" and event.text == "The convoy crossed the border"


@pytest.mark.parametrize("text, phrase, flags", [
    ("The president would not allow strikes on Moscow on Friday.", "Friday", {"negated", "hypothetical"}),
    ("The two leaders will meet in Geneva on Monday.", "Monday", {"future"}),
    ("If he had the weapons on Monday, he could strike Moscow.", "Monday", {"conditional", "hypothetical"}),
    ("The army never confirmed the raid on Sunday.", "Sunday", {"negated"}),
])
def test_negated_hypothetical_conditional_and_future_events_are_kept_and_flagged(text, phrase, flags):
    when = date(2024, 7, 15) if phrase == "Monday" and "will" in text else date(2024, 7, 7)
    event = one(text, day(text, phrase, when))
    assert flags <= set(event.flags), event.flags


def test_a_time_after_the_publication_date_makes_the_event_future():
    text = "The summit opens on Monday."
    assert "future" in one(text, day(text, "Monday", date(2024, 7, 15))).flags
    assert "future" not in one(text, day(text, "Monday", date(2024, 7, 8))).flags


def test_anaphoric_times_are_flagged():
    text = "Biden said at the time that strikes were limited."
    event = one(text, day(text, "at the time", date(2024, 5, 28)))
    assert {"anaphoric", "reported"} <= set(event.flags) and event.trigger == "said"
    text = "The talks collapsed then."
    assert "anaphoric" in one(text, day(text, "then", date(2024, 5, 28), rule="anaphor_then")).flags


def test_a_present_perfect_report_without_a_time_is_dated_to_publication():
    text = "The sanctions will stay, the chancellor has said."
    event = one(text)
    assert event.trigger == "said" and event.timex is None
    assert set(event.flags) == {"reported", "publication_date"} and event.value == "2024-07-12"
    assert event.interval == Interval(datetime(2024, 7, 12, tzinfo=UTC), datetime(2024, 7, 13, tzinfo=UTC))
    assert event.text == "The chancellor has said the sanctions will stay"


def test_a_simple_past_report_without_a_time_is_not_an_event():
    assert extract("The chancellor said the sanctions would stay.", [], reference=REFERENCE) == []


def test_later_follows_the_previous_event_without_a_date():
    text = "Police arrested two men on Monday. Prosecutors later charged them with arson."
    events = extract(text, [day(text, "Monday", date(2024, 7, 8))], reference=REFERENCE)
    assert [e.trigger for e in events] == ["arrested", "charged"]
    assert events[1].interval is None and events[1].follows == 0 and events[1].relation == "AFTER"


def test_participants_are_canonical_names_with_titles_dropped_and_surnames_resolved():
    text = ("President Joe Biden met Prime Minister Keir Starmer in Washington on Monday. "
            "Biden and the U.N. chief then spoke about Ukrainian grain on Tuesday.")
    events = extract(text, [day(text, "Monday", date(2024, 7, 8)), day(text, "Tuesday", date(2024, 7, 9))],
                     reference=REFERENCE)
    assert events[0].participants == ("Joe Biden", "Keir Starmer", "Washington")
    assert events[1].participants == ("Joe Biden", "United Nations", "Ukraine")


def test_times_without_an_interval_make_no_event():
    text = "They talked for two weeks."
    start = text.index("two weeks")
    duration = Timex(start=start, end=start + 9, text="two weeks", type="DURATION", value="P2W")
    assert extract(text, [duration], reference=REFERENCE) == []


def test_a_timex_that_does_not_match_the_text_is_a_clear_error():
    bad = Timex(start=0, end=6, text="Monday", type="DATE", value="2024-07-08")
    with pytest.raises(ValueError, match=r"timexes\[0\].*Monday"):
        extract("Friday it rained.", [bad], reference=REFERENCE)


def test_a_main_clause_after_a_relative_clause_borrows_the_sentence_subject():
    text = "Poland and Hungary, who were invited in July, will join NATO on March 12."
    events = extract(text, [day(text, "July", date(1997, 7, 1)), day(text, "March 12", date(1999, 3, 12))],
                     reference=date(1999, 2, 27))
    assert [e.trigger for e in events] == ["invited", "join"]
    assert events[1].text == "Poland and Hungary will join NATO" and "future" in events[1].flags


def test_is_to_and_were_to_be_take_the_following_verb_as_trigger():
    text = "A large plant in Covington, Ga., is to come on line next year."
    event = one(text, day(text, "next year", date(2025, 1, 1)))
    assert event.trigger == "come" and event.text == "A large plant in Covington, Ga. is to come on line"


def test_a_participle_inside_a_phrase_is_its_own_trigger():
    text = "Under a program approved by the company in 1987, Nashua had purchased shares through Sept. 29."
    events = extract(text, [day(text, "1987", date(1987, 1, 1)), day(text, "Sept. 29", date(1989, 9, 29))],
                     reference=date(1989, 10, 30))
    assert [(e.trigger, e.relation) for e in events] == [("approved", "DURING"), ("purchased", "BEFORE")]


def test_a_time_that_modifies_a_noun_stays_in_the_text():
    text = "The Communist daily printed the editorial in Friday's edition."
    assert "Friday's edition" in one(text, day(text, "Friday", date(2000, 1, 28))).text
    text = "Hewlett-Packard acquired shares as a result of an Aug. 10, 1988, purchase agreement."
    assert "an Aug. 10, 1988, purchase agreement" in one(text, day(text, "Aug. 10, 1988", date(1988, 8, 10))).text


@pytest.mark.parametrize("text, phrase", [
    ("CMS reported third-quarter net of $68.2 million.", "third-quarter"),
    ("Analysts were predicting 1990 BellSouth earnings of $3.90 a share.", "1990"),
    ("Fund managers said Friday's profit-taking was natural.", "Friday"),
])
def test_a_time_that_only_modifies_an_object_dates_no_verb(text, phrase):
    assert extract(text, [day(text, phrase, date(1989, 7, 1))], reference=REFERENCE) == []


def test_a_time_expression_can_be_the_subject():
    text = "The latest period includes gains from debt retirement."
    event = one(text, day(text, "The latest period", date(1989, 9, 30)))
    assert event.trigger == "includes" and event.text.startswith("The latest period includes gains")


@pytest.mark.parametrize("text, phrase, trigger, words", [
    ("Suspected bombs exploded outside the embassies on Friday.", "Friday", "exploded",
     "Suspected bombs exploded outside the embassies"),
    ("Third-quarter results included net gains of $48 million.", "Third-quarter", "included",
     "Third-quarter results included net gains of $48 million"),
    ("He said he will remain at $1 a share for next year.", "next year", "remain", "He will remain at $1 a share"),
    ("Police found the body wrapped in plastic bags on Friday.", "Friday", "found",
     "Police found the body wrapped in plastic bags"),
    ("A businessman who spent part of Sunday night with protesters spoke.", "Sunday night", "spent",
     "who spent part of Sunday night with protesters"),
])
def test_plural_nouns_modifiers_and_participles_are_not_taken_for_the_main_verb(text, phrase, trigger, words):
    event = one(text, day(text, phrase, date(2024, 7, 5)))
    assert event.trigger == trigger and words in event.text, event.text
