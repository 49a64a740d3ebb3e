"""Month and weekday words of other languages, taken from dateparser's locale data.

dateparser keeps, per language, the names of months and weekdays with their abbreviations and some
inflected forms (`января`, `среду`). Its data files are plain dictionaries, read here straight from
the installed package without importing dateparser itself, which would cost more import time than
the words. A word is an abbreviation when it is a prefix of a longer word of the same month or day,
or is at most three letters long next to a longer one: abbreviations (`jan`, `mar`, `do`) are
common words in some language, so rules use them only inside a full date.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path
from typing import Any

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
APOSTROPHES = ("'", "’", "ʼ")
# dateparser's relative-type keys for days: "1 day ago" (yesterday), "in 2 day" (the day after tomorrow).
_RELATIVE_DAY = re.compile(r"(?:(?P<ago>\d+) day ago|in (?P<ahead>\d+) day)")


@cache
def dateparser_info(lang: str) -> dict:
    """The `info` dictionary of dateparser's data file for one language."""
    spec = importlib.util.find_spec("dateparser")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("dateparser is not installed; it provides the month and weekday names")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "date_translation_data" / f"{lang}.py"
    if not path.is_file():
        raise ValueError(f"dateparser has no locale data for language {lang!r} (looked for {path})")
    module_spec = importlib.util.spec_from_file_location(f"_chronicle_dateparser_{lang}", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module.info


def split_names(forms: list[str]) -> tuple[list[str], list[str]]:
    """One month's or weekday's forms, lower-cased, as (names, abbreviations)."""
    words = list(dict.fromkeys(form.lower().rstrip(".") for form in forms if form.strip()))
    longest = max(map(len, words), default=0)
    names, abbreviations = [], []
    for word in words:
        prefix = any(other != word and other.startswith(word) for other in words)
        short = len(word) <= 3 and longest > len(word)
        (abbreviations if prefix or short else names).append(word)
    return names, abbreviations


@cache
def calendar_words(lang: str) -> dict[str, dict[str, Any]]:
    """Word tables of a language from dateparser's data.

    `month`, `month_abbr`: word -> 1-12; `weekday`, `weekday_abbr`: word -> 1-7 (Monday = 1);
    `relday`: word -> {"unit": "day", "shift": n} (yesterday -1, tomorrow 1).
    """
    info = dateparser_info(lang)
    tables: dict[str, dict[str, Any]] = {"month": {}, "month_abbr": {}, "weekday": {}, "weekday_abbr": {},
                                         "relday": {}}
    for kind, keys in (("month", MONTHS), ("weekday", WEEKDAYS)):
        for number, key in enumerate(keys, start=1):
            names, abbreviations = split_names(info.get(key, []))
            for table, words in ((kind, names), (f"{kind}_abbr", abbreviations)):
                for word in words:
                    for spelling in _apostrophe_variants(word):
                        tables[table].setdefault(spelling, number)
    for key, words in (info.get("relative-type") or {}).items():
        match = _RELATIVE_DAY.fullmatch(key)
        if match:
            shift = -int(match["ago"]) if match["ago"] else int(match["ahead"])
            for word in words:
                for spelling in _apostrophe_variants(word.lower()):
                    tables["relday"].setdefault(spelling, {"unit": "day", "shift": shift})
    return tables


def _apostrophe_variants(word: str) -> list[str]:
    """Ukrainian writes п'ятниця with any of three apostrophes."""
    if not any(mark in word for mark in APOSTROPHES):
        return [word]
    bare = word
    for mark in APOSTROPHES:
        bare = bare.replace(mark, "'")
    return [bare.replace("'", mark) for mark in APOSTROPHES]
