"""German, French, Spanish, Russian and Ukrainian: each language's corpus.yaml, read by the engine."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from chronicle.temporal import extract

RESOURCES = Path(__file__).resolve().parents[2] / "chronicle" / "temporal" / "resources"
LANGUAGES = ("de", "fr", "es", "ru", "uk")


def _text(value):
    """YAML reads 2024-08-01 as a date and 2019 as a number; the corpus means the text."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _corpus(lang):
    return yaml.safe_load((RESOURCES / lang / "corpus.yaml").read_text(encoding="utf-8"))


PHRASES = [
    pytest.param(lang, corpus["reference"], phrase, id=f"{lang}: {phrase['text']}")
    for lang in LANGUAGES for corpus in [_corpus(lang)] for phrase in corpus["phrases"]
]
NEGATIVES = [
    pytest.param(lang, corpus["reference"], text, id=f"{lang}: {text}")
    for lang in LANGUAGES for corpus in [_corpus(lang)] for text in corpus["negative"]
]


def _read(text, reference, lang, prefer="auto"):
    return [(t.text, t.type, t.value, t.mod) for t in extract(text, reference, lang=lang, prefer=prefer)]


@pytest.mark.parametrize("lang, reference, phrase", PHRASES)
def test_phrase_reads_as_expected(lang, reference, phrase):
    expected = [tuple(_text(field) for field in timex) for timex in phrase["expect"]]
    assert _read(phrase["text"], reference, lang, phrase.get("prefer", "auto")) == expected


@pytest.mark.parametrize("lang, reference, phrase", PHRASES)
def test_auto_detects_the_language_of_the_phrase(lang, reference, phrase):
    prefer = phrase.get("prefer", "auto")
    assert _read(phrase["text"], reference, "auto", prefer) == _read(phrase["text"], reference, lang, prefer)


@pytest.mark.parametrize("lang, reference, text", NEGATIVES)
def test_negative_text_reads_as_nothing(lang, reference, text):
    assert _read(text, reference, lang) == []


def test_every_language_has_a_corpus_of_phrases_and_negatives():
    for lang in LANGUAGES:
        corpus = _corpus(lang)
        assert len(corpus["phrases"]) >= 15 and len(corpus["negative"]) >= 4, lang


def test_a_full_date_has_a_day_interval():
    (timex,) = extract("3 мая 2024 года", date(2024, 7, 12), lang="ru")
    assert timex.interval.start.date() == date(2024, 5, 3)
    assert timex.interval.end.date() == date(2024, 5, 4)
    assert timex.grain == "day" and timex.rule == "ru_day_month_year"
