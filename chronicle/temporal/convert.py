"""Converters: matched text -> slot value. Number words come from the language's tables.

A converter returns a value for the slot, or a dict of slots to merge (e.g. a two-digit fiscal
year becomes {"year2": 23}). `X` stands for an unspecified amount ("several", "a few").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from chronicle.temporal.language import Language

X = "X"
_DIGITS = re.compile(r"\d+")
_NUMERAL = re.compile(r"(?P<whole>\d[\d,]*(?:\.\d+)?)?(?:[ -]?(?P<num>\d)/(?P<den>\d)|(?P<half>½))?")


def to_int(text: str, language: Language) -> int:
    """The first run of digits: '11th' -> 11."""
    return int(_DIGITS.search(text).group())


def ordinal(text: str, language: Language) -> int:
    """'third' -> 3, '21st' -> 21, 'last' -> -1."""
    digits = _DIGITS.search(text)
    if digits:
        return int(digits.group())
    return language.tables["ordinal"].lookup(text)


def amount(text: str, language: Language) -> float | int | str:
    """'3' -> 3, '2.5' -> 2.5, '5 1/2' -> 5.5, 'twenty-four' -> 24, 'a few' -> X."""
    text = text.strip()
    match = _NUMERAL.fullmatch(text)
    if match is None:
        return _number_words(text, language)
    value = float(match["whole"].replace(",", "")) if match["whole"] else 0.0
    if match["num"]:
        value += int(match["num"]) / int(match["den"])
    if match["half"]:
        value += 0.5
    return int(value) if value == int(value) else value


def _number_words(text: str, language: Language) -> float | int | str:
    numbers = language.tables["number"]
    words = " ".join(text.lower().replace("-", " ").split())
    if words in language.tables["article"].values:
        return language.tables["article"].values[words]
    total, current = 0.0, 0.0
    while words:
        phrase = _longest_phrase(words, numbers.values)  # "a few" and "a couple of" beat "a"
        if phrase is None:
            raise ValueError(f"not a number: {text!r}")
        value = numbers.values[phrase]
        words = words[len(phrase):].lstrip()
        if value == X:
            return X
        if value in (100, 1000) and phrase in ("hundred", "thousand"):
            current = (current or 1) * value
            if value == 1000:
                total, current = total + current, 0.0
        else:
            current += value
    result = total + current
    return int(result) if result == int(result) else result


def _longest_phrase(words: str, phrases: dict[str, Any]) -> str | None:
    """The longest of `phrases` that `words` begins with, as whole words."""
    end = len(words)
    while end > 0:
        if words[:end] in phrases:
            return words[:end]
        end = words.rfind(" ", 0, end)
    return None


def year(text: str, language: Language) -> int:
    """'1998' -> 1998, 'nineteen ninety-six' -> 1996, 'two thousand and one' -> 2001."""
    digits = _DIGITS.search(text)
    if digits:
        return int(digits.group())
    words = text.lower().replace("-", " ").split()
    numbers = language.tables["number"].values
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + (int(_number_words(" ".join(rest), language)) if rest else 0)
    head = numbers[words[0]]
    rest = [w for w in words[1:] if w not in ("oh", "o")]
    if rest == ["hundred"]:
        return head * 100
    return head * 100 + int(_number_words(" ".join(rest), language))


def year2(text: str, language: Language) -> dict[str, int]:
    """"'98" -> {'year2': 98}: a year whose century the resolver picks."""
    return {"year2": int(_DIGITS.search(text).group())}


def decade(text: str, language: Language) -> int | dict[str, int]:
    """'1990s' -> 199 (TIMEX3 writes a decade as its first three digits); 'the 1800s' is the
    nineteenth century (but 'the 2000s' the decade 2000-2009, as it is mostly used)."""
    year = int(_DIGITS.search(text).group())
    if year % 100 == 0 and year < 2000:
        return {"century": year // 100 + 1}
    return year // 10


def bc_year(text: str, language: Language) -> int:
    """'490 BC' -> 490."""
    return int(_DIGITS.search(text).group())


def zone_offset(text: str, language: Language) -> int:
    """An ISO-8601 zone designator in minutes: 'Z' -> 0, '+02:00' -> 120, '-0530' -> -330."""
    if text.upper() == "Z":
        return 0
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    return -minutes if text[0] == "-" else minutes


def decade2(text: str, language: Language) -> int:
    """"'90s" -> 9: a decade whose century the resolver picks."""
    return int(_DIGITS.search(text).group()) // 10


def quarter_code(text: str, language: Language) -> int:
    """'Q3' or '3Q' -> 3."""
    return int(_DIGITS.search(text).group())


def fiscal_code(text: str, language: Language) -> dict[str, Any]:
    """'FY2023' -> year 2023; 'FY23' -> year2 23; both fiscal."""
    digits = _DIGITS.search(text).group()
    if len(digits) == 4:
        return {"year": int(digits), "fiscal": True}
    return {"year2": int(digits), "fiscal": True}


CONVERTERS: dict[str, Callable[[str, Language], Any]] = {
    "int": to_int,
    "ordinal": ordinal,
    "amount": amount,
    "year": year,
    "year2": year2,
    "decade": decade,
    "decade2": decade2,
    "quarter_code": quarter_code,
    "half_code": quarter_code,
    "fy": fiscal_code,
    "bc_year": bc_year,
    "zone_offset": zone_offset,
}
