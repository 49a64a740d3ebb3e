import pytest

from chronicle.events.sentences import sentence_spans, split


def test_sentences_split_at_stops_and_line_breaks():
    text = "First one. Second one!\nThird"
    assert [text[s:e] for s, e in sentence_spans(text)] == ["First one.", "Second one!", "Third"]


@pytest.mark.parametrize("text, sentences", [
    ("The U.S. Army said Dr. Smith met Gen. Jones on Jan. 5. He left.",
     ["The U.S. Army said Dr. Smith met Gen. Jones on Jan. 5.", "He left."]),
    ("It ended in the U.S. The next day was calm.", ["It ended in the U.S.", "The next day was calm."]),
    ("Ask No. 5 first. Then go.", ["Ask No. 5 first.", "Then go."]),
    ("John F. Kennedy spoke at 10 a.m. on Friday.", ["John F. Kennedy spoke at 10 a.m. on Friday."]),
])
def test_abbreviations_and_initials_do_not_end_sentences(text, sentences):
    assert split(text) == sentences


@pytest.mark.parametrize("text, sentences", [
    ('"Stop!" he said. They stopped.', ['"Stop!" he said.', "They stopped."]),
    ("“It wouldn’t.” He added more.", ["“It wouldn’t.”", "He added more."]),
    ("``I want a referendum,'' Howard said. It passed.", ["``I want a referendum,'' Howard said.", "It passed."]),
    ("He asked: “Why now?” and left.", ["He asked: “Why now?” and left."]),
])
def test_quotations_keep_their_closing_marks_and_their_speaker(text, sentences):
    assert split(text) == sentences


@pytest.mark.parametrize("text, first", [
    ("WASHINGTON (AP) — The Senate voted on Tuesday.", "The Senate voted on Tuesday."),
    ("CANBERRA, Australia (AP)_ Turning its back, the vote passed.", "Turning its back, the vote passed."),
    ("LONDON, July 12 (Reuters) - Talks resumed.", "Talks resumed."),
    ("MOSCOW — Russia said it would respond.", "Russia said it would respond."),
])
def test_datelines_are_not_part_of_the_first_sentence(text, first):
    assert split(text)[0] == first


def test_bullets_and_headlines_without_full_stops_are_sentences():
    text = ("Kiev can ‘never’ get enough weapons – Zelensky\nThe talks went on.\n"
            "- first point made\n* second point\n1. third point\n\nRead more")
    assert split(text) == [
        "Kiev can ‘never’ get enough weapons – Zelensky", "The talks went on.",
        "first point made", "second point", "third point", "Read more",
    ]


def test_a_wrapped_line_that_goes_on_in_lower_case_is_one_sentence():
    assert split("The minister said the talks\nwould resume in May.") == [
        "The minister said the talks\nwould resume in May."]


def test_spans_index_the_original_text():
    text = "  One here.   Two there.  "
    assert [text[s:e] for s, e in sentence_spans(text)] == ["One here.", "Two there."]
