"""Which of chronicle's languages a text is in, for `lang="auto"`.

The choice is among the few languages that have a resource folder, so counting function words and
tell-tale letters in the opening of the text is enough: first the script (Latin or Cyrillic letters,
whichever are more), then, among that script's languages, the one whose `language.yaml` words and
letters, and month, weekday and day names (from dateparser's data), occur most. No evidence at all
falls back to English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from chronicle.temporal.locale_data import calendar_words

RESOURCES = Path(__file__).parent / "resources"
DEFAULT = "en"
SAMPLE = 4000  # characters read from the start of the text; enough for hundreds of words
LETTER_WEIGHT = 3  # one tell-tale letter counts as much as three function words
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Profile:
    """What a language's texts look like: its script, tell-tale letters and function words."""

    code: str
    name: str
    script: str
    letters: frozenset[str]
    words: frozenset[str]


@cache
def profiles() -> tuple[Profile, ...]:
    """Every language with a `language.yaml`, English first (it wins ties)."""
    found = []
    for path in sorted(RESOURCES.glob("*/language.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
        code = path.parent.name
        calendar = calendar_words(code)
        words = set(data["words"]).union(calendar["month"], calendar["weekday"], calendar["relday"])
        found.append(Profile(code, data["name"], data["script"], frozenset(data.get("letters") or ""),
                             frozenset(words)))
    return tuple(sorted(found, key=lambda profile: profile.code != DEFAULT))


def languages() -> tuple[str, ...]:
    """The codes `detect_language` can return."""
    return tuple(profile.code for profile in profiles())


def detect_language(text: str) -> str:
    """The code of the language `text` is most likely in, among chronicle's languages."""
    sample = text[:SAMPLE].lower()
    latin, cyrillic = len(_LATIN.findall(sample)), len(_CYRILLIC.findall(sample))
    if not latin and not cyrillic:
        return DEFAULT
    script = "cyrillic" if cyrillic > latin else "latin"
    words = _WORD.findall(sample)
    best, best_score = None, -1
    for profile in profiles():
        if profile.script != script:
            continue
        score = sum(word in profile.words for word in words)
        score += LETTER_WEIGHT * sum(sample.count(letter) for letter in profile.letters)
        if score > best_score:
            best, best_score = profile.code, score
    return best or DEFAULT
