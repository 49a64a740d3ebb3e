"""The character after a rule's first token: what follow.py allows, and that it never loses a match."""

from __future__ import annotations

import dataclasses
import random
import re
from re import _parser

import pytest
import yaml

from chronicle.temporal import language
from chronicle.temporal.follow import DIGITS, LETTERS, follows
from chronicle.temporal.language import load
from chronicle.temporal.recognise import recognise


def _follows(pattern: str, token: str):
    return follows(_parser.parse(pattern, re.IGNORECASE.value), token)


def test_the_character_after_a_word_and_its_whitespace():
    assert _follows(r"the\s+week\s+of", LETTERS) == {"the": frozenset("wW")}
    assert _follows(r"(?:early\s+|mid-)?(?:the\s+)?this", LETTERS) == {
        "early": frozenset("tT"), "mid": frozenset("-"), "the": frozenset("tT"), "this": None}
    assert _follows(r"q[1-4]", LETTERS) == {"q": frozenset("1234")}


def test_the_character_after_a_number():
    assert _follows(r"\d{1,2}\s*/\d", DIGITS) == {"": frozenset("/")}
    assert _follows(r"\d+(?:st|nd)?", DIGITS) == {"": None}  # the match may end after the number


def test_what_the_analysis_cannot_follow_is_left_unknown():
    assert _follows(r"the\s+.", LETTERS) == {"the": None}
    assert _follows(r"[a-z]+\s+x", LETTERS) is None


def _texts(code: str) -> list[str]:
    folder = language.RESOURCES / code
    return [case["text"] for name in ("corpus.yaml", "negative.yaml")
            for case in (yaml.safe_load((folder / name).read_text(encoding="utf-8")) or {}).get("cases", [])]


@pytest.mark.parametrize("code", language.available())
def test_no_rule_matches_where_the_character_after_its_first_token_rules_it_out(code):
    """Every ASCII phrase of the language's corpora, at every word and number: a rule that matches
    there is among the rules its dispatch keeps for the character that follows."""
    compiled = load(code)
    texts = [text for text in _texts(code) if text.isascii()]
    for text in texts:
        for token in re.finditer(r"[A-Za-z]+|[0-9]+", text):
            at = token.start()
            after = re.compile(r"\s*").match(text, token.end()).end()
            next_char = text[after:after + 1]
            for rule in compiled.rules:
                match = rule.regex.match(text, at)
                if match is None or match.end() == at:
                    continue
                if token.group()[0].isdigit():
                    allowed = rule.after_number
                else:
                    allowed = (rule.after_word or {}).get(token.group().lower())
                assert allowed is None or next_char in allowed, (rule.name, text, token.group())


class _NeverNarrows(language.Dispatch):
    """A dispatch that keeps every rule of a word or number, whatever character follows it."""

    def narrow_word(self, word):
        return None

    def narrow_number(self, digit):
        return None


def _unnarrowed(compiled: language.Language) -> language.Language:
    return dataclasses.replace(compiled, rules_by_class={
        cls: _NeverNarrows(dispatch.by_word, dispatch.any_word, dispatch.by_char)
        for cls, dispatch in compiled.rules_by_class.items()})


def _readings(text: str, compiled: language.Language) -> list[tuple]:
    return [(mention.start, mention.end, mention.rule.name, sorted(mention.slots.items(), key=repr))
            for mention in recognise(text, compiled)]


def _word_soups(count: int, seed: int = 20261125) -> list[str]:
    """Random runs of English table words, numbers and signs, with spacing and case varied."""
    compiled = load("en")
    words = sorted({word for table in compiled.tables.values() for word in table.values if word.isascii()})
    others = ["12", "2024", "1990s", "3", "45", "7:30", "3/4", "10-12", "the", "of", "and", "in", "on",
              "at", "last", "next", ",", ".", "-", "/", ":", "'", "(", ")"]
    rng = random.Random(seed)
    soups = []
    for _ in range(count):
        tokens = [rng.choice(words) if rng.random() < 0.6 else rng.choice(others)
                  for _ in range(rng.randint(3, 14))]
        tokens = [token.capitalize() if rng.random() < 0.2 else token for token in tokens]
        soups.append("".join(token + rng.choice(["", " ", " ", " ", "  ", "\n"]) for token in tokens))
    return soups


@pytest.mark.parametrize("code", [code for code in language.available()  # narrowing serves ASCII text
                                  if any(text.isascii() for text in _texts(code))])
def test_narrowing_by_the_next_character_changes_no_reading(code):
    """Recognition through the dispatch tables that narrow by the character after a word or number
    reads the same as with every rule tried: over the corpora's ASCII phrases, and random word
    soups (for English)."""
    compiled = load(code)
    texts = [text for text in _texts(code) if text.isascii()]
    if code == "en":
        texts += _word_soups(400)
    plain = _unnarrowed(compiled)
    for text in texts:
        assert _readings(text, compiled) == _readings(text, plain), text
