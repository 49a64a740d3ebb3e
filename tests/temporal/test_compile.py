"""Compiling a language: first characters, anchors, and clear errors for malformed resources."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from chronicle.temporal import language
from chronicle.temporal.compile import anchor_word, trie_regex
from re import _parser

from chronicle.temporal.first import first_chars, first_words
from chronicle.temporal.language import ResourceError, load


def test_first_characters_of_simple_patterns():
    assert first_chars(r"(?<!\w)(?:(?:a|b)?c\d|[xy]|\s+z)") == frozenset("aAbBcCxXyY") | frozenset(" \t\n\r\f\v")
    assert first_chars(r"\d+(?:st|nd)") == frozenset("0123456789")
    assert first_chars(r".x") is None


def test_every_rule_dispatches_on_exactly_the_characters_its_full_regex_allows():
    for rule in load("en").rules:
        assert rule.first == first_chars(rule.source), rule.name


def _words(pattern: str):
    return first_words(_parser.parse(pattern, re.IGNORECASE))


def test_first_words_of_simple_patterns():
    assert _words(r"(?<!\w)(?:the )?(?:Past|last) year") == {"the", "past", "last"}
    assert _words(r"(?:very )*late") == {"very", "late"}
    assert _words(r"(?:mid|late)-\d+|\d+ days") == {"mid", "late"}  # a digit start adds no word
    assert _words(r"o['’]clock|fy\d\d") == {"o", "fy"}
    assert _words(r"(?:ab){2,3} ") == {"abab", "ababab"}
    assert _words(r"[a-z]+ x") is None and _words(r"(?:ab)+c") is None and _words(r".x") is None


@pytest.mark.parametrize("code", language.available())
def test_no_rule_matches_at_a_word_its_first_words_leave_out(code):
    """Every phrase of the language's corpora, at every word start: a rule that matches there has
    that word among its first words, so dispatching on them never loses a match."""
    folder = language.RESOURCES / code
    texts = [case["text"] for name in ("corpus.yaml", "negative.yaml")
             for case in (yaml.safe_load((folder / name).read_text(encoding="utf-8")) or {}).get("cases", [])]
    assert texts
    rules = load(code).rules
    for text in texts:
        for word in re.finditer(r"[^\W\d_]+", text):
            for rule in rules:
                match = rule.regex.match(text, word.start())
                if match is not None and match.end() > word.start():
                    assert word.group().lower() in rule.first_words, (rule.name, text, word.group())


def test_a_trie_regex_matches_the_same_words_as_an_alternation():
    words = ["may", "march", "mar", "monday", "mon", "new year's day", "a few"]
    trie = re.compile(rf"^{trie_regex(sorted(words))}$", re.IGNORECASE)
    for word in words + ["New Year’s  Day"]:
        assert trie.match(word), word
    for other in ["ma", "marc", "mondays", "few"]:
        assert not trie.match(other), other


def test_phrases_are_found_by_their_own_word_or_whole():
    assert anchor_word("christmas day", {"christmas"}) == "christmas"
    assert anchor_word("good friday", {"christmas"}) == "good friday"
    assert anchor_word("Jan.") == "jan"


@pytest.fixture
def broken_language(tmp_path, monkeypatch):
    """A copy of the English resources in a temporary folder, to break on purpose."""
    shutil.copytree(language.RESOURCES / "en", tmp_path / "xx")
    monkeypatch.setattr(language, "RESOURCES", tmp_path)
    language.available.cache_clear()
    yield tmp_path / "xx"
    language.available.cache_clear()


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unknown_macro_is_named_with_its_rule(broken_language):
    _edit(broken_language / "rules.yaml", "'{year}-{month_number:month}", "'{yeer}-{month_number:month}")
    with pytest.raises(ResourceError, match=r"rule 'iso_datetime'.*\{yeer\}"):
        load.__wrapped__("xx")


def test_an_unknown_kind_is_named_with_its_rule(broken_language):
    _edit(broken_language / "rules.yaml", "make: date", "make: dote")
    with pytest.raises(ResourceError, match=r"rule 'iso_datetime' has make='dote'"):
        load.__wrapped__("xx")


def test_a_pattern_that_does_not_compile_is_named(broken_language):
    _edit(broken_language / "rules.yaml", "'{year}-{month_number:month}", "'({year}-{month_number:month}")
    with pytest.raises(ResourceError, match=r"rule 'iso_datetime' does not compile"):
        load.__wrapped__("xx")


def test_a_table_without_words_is_named(broken_language):
    _edit(broken_language / "vocabulary.yaml", "  weekday:\n    trigger: weekday\n    words:",
          "  weekday:\n    trigger: weekday\n    nowords:")
    with pytest.raises(ResourceError, match=r"table 'weekday'"):
        load.__wrapped__("xx")
