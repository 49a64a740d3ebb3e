"""The character after a rule's first token: what follow.py allows, and that it never loses a match."""

from __future__ import annotations

import re
from re import _parser

import pytest
import yaml

from chronicle.temporal import language
from chronicle.temporal.follow import DIGITS, LETTERS, follows
from chronicle.temporal.language import load


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
