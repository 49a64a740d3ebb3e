"""lang="auto": telling chronicle's languages apart from a sentence or a phrase."""

import pytest

from chronicle.temporal.detect import detect_language, languages

SENTENCES = {
    "en": "The talks began on Thursday and ended a week later, officials said.",
    "de": "Die Gespräche begannen am Donnerstag und endeten eine Woche später, sagten Beamte.",
    "fr": "Les discussions ont commencé jeudi et se sont terminées une semaine plus tard.",
    "es": "Las conversaciones comenzaron el jueves y terminaron una semana después, según los funcionarios.",
    "ru": "Переговоры начались в четверг и закончились через неделю, сообщили официальные лица.",
    "uk": "Переговори почалися в четвер і завершилися через тиждень, повідомили посадовці.",
}
PHRASES = {
    "de": "Am 3. Mai 2024",
    "fr": "le 3 mai 2024",
    "es": "el 3 de mayo de 2024",
    "ru": "3 мая 2024 года",
    "uk": "3 травня 2024 року",
}


def test_every_language_with_a_profile_can_be_detected():
    assert set(languages()) == set(SENTENCES)
    assert languages()[0] == "en"


@pytest.mark.parametrize("code, text", sorted(SENTENCES.items()))
def test_sentences_are_detected(code, text):
    assert detect_language(text) == code


@pytest.mark.parametrize("code, text", sorted(PHRASES.items()))
def test_short_date_phrases_are_detected(code, text):
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "12345 67/89", "!!! ???"])
def test_no_letters_falls_back_to_english(text):
    assert detect_language(text) == "en"


def test_only_the_opening_of_a_long_text_is_read():
    text = (SENTENCES["de"] + " ") * 60 + SENTENCES["en"] * 2000
    assert detect_language(text) == "de"
