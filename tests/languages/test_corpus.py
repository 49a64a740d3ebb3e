"""German, French, Spanish, Russian and Ukrainian: each language's corpus.yaml and negative.yaml.

The files have the format of the English corpus (resources/en/corpus.yaml); expected intervals
follow from the value unless the case gives them, as there.
"""

from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import yaml

from chronicle.temporal import extract
from tests.temporal.test_corpus import interval_of_value

RESOURCES = Path(__file__).resolve().parents[2] / "chronicle" / "temporal" / "resources"
LANGUAGES = ("de", "fr", "es", "ru", "uk")


def _load(lang, name):
    return yaml.safe_load((RESOURCES / lang / name).read_text(encoding="utf-8"))


def _moment(value):
    value = value if isinstance(value, date) else date.fromisoformat(str(value))
    return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)


def _expected(case):
    rows = []
    for item in case["expect"]:
        span, kind, value = str(item[0]), item[1], str(item[2])
        mod = item[3] if len(item) > 3 else None
        if len(item) > 4:
            interval = (_moment(item[4][0]), _moment(item[4][1]))
        else:
            start, end = interval_of_value(value)
            interval = (start.replace(tzinfo=timezone.utc), end.replace(tzinfo=timezone.utc))
        rows.append((span, kind, value, mod, interval))
    return rows


def _read(text, reference, lang, prefer="auto"):
    return [
        (t.text, t.type, t.value, t.mod, (t.interval.start, t.interval.end) if t.interval else None)
        for t in extract(text, reference, lang=lang, prefer=prefer)
    ]


CASES = [
    pytest.param(lang, corpus["reference"], case, id=f"{lang}: {case['text'][:50]}")
    for lang in LANGUAGES for corpus in [_load(lang, "corpus.yaml")] for case in corpus["cases"]
]
NEGATIVES = [
    pytest.param(lang, corpus["reference"], case, id=f"{lang}: {case['text'][:50]}")
    for lang in LANGUAGES for corpus in [_load(lang, "negative.yaml")] for case in corpus["cases"]
]


@pytest.mark.parametrize("lang, reference, case", CASES)
def test_corpus_phrase(lang, reference, case):
    assert _read(case["text"], reference, lang, case.get("prefer", "auto")) == _expected(case)


@pytest.mark.parametrize("lang, reference, case", CASES)
def test_auto_detects_the_language_of_the_phrase(lang, reference, case):
    prefer = case.get("prefer", "auto")
    assert _read(case["text"], reference, "auto", prefer) == _read(case["text"], reference, lang, prefer)


@pytest.mark.parametrize("lang, reference, case", NEGATIVES)
def test_negative_phrase(lang, reference, case):
    found = extract(case["text"], reference, lang=lang)
    assert found == [], f"{case['why']}: found {[(t.text, t.rule) for t in found]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_phrases_and_negatives(lang):
    assert len(_load(lang, "corpus.yaml")["cases"]) >= 15
    assert len(_load(lang, "negative.yaml")["cases"]) >= 4


def test_rules_of_each_language_are_named_by_it():
    (timex,) = extract("3 мая 2024 года", date(2024, 7, 12), lang="ru")
    assert (timex.grain, timex.rule) == ("day", "ru_day_month_year")


def test_an_unknown_language_is_named():
    with pytest.raises(ValueError, match="'xx' is not supported"):
        extract("3 mai 2024", date(2024, 7, 12), lang="xx")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_number_before_a_capitalised_word_is_read_without_a_street_table(lang):
    # English vetoes "1600 Pennsylvania Avenue" with its street table; languages without one must not fail.
    found = extract("Es kamen 2000 Menschen zur Kundgebung.", date(2024, 7, 12), lang=lang, prefer="past")
    assert all(timex.text == "2000" for timex in found)
