"""One document through the core: time expressions, then the events hung on them. Pure Python.

`EXTRACTOR_VERSION` names the extraction code that produced a result. It is a fingerprint of the
sources and language resources of `chronicle.temporal` and `chronicle.events`, so any change to the
rules changes it by itself, and `chronicle reprocess` knows which stored results are out of date.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from functools import cache
from pathlib import Path

import chronicle
from chronicle import events, temporal
from chronicle.events.event import Event
from chronicle.temporal import language as temporal_languages
from chronicle.temporal.timex import Timex

_FINGERPRINTED = (Path(temporal.__file__).parent, Path(events.__file__).parent, Path(__file__))
_SUFFIXES = {".py", ".yaml", ".yml", ".txt", ".json", ".tsv", ".csv"}


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for root in _FINGERPRINTED:
        files = [root] if root.is_file() else sorted(
            path for path in root.rglob("*") if path.suffix in _SUFFIXES and "__pycache__" not in path.parts
        )
        for path in files:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


EXTRACTOR_VERSION = f"{chronicle.__version__}+{_fingerprint()}"


@cache
def languages() -> tuple[str, ...]:
    """The language codes both time-expression and event extraction have resources for."""
    event_folders = Path(events.__file__).parent / "resources"
    return tuple(code for code in temporal_languages.available() if (event_folders / code).is_dir())


def analyse(text: str, *, reference: date | datetime, lang: str = "en") -> tuple[list[Timex], list[Event]]:
    """The time expressions in `text` resolved against `reference`, and the events hung on them."""
    timexes = temporal.extract(text, reference, lang=lang)
    found = events.extract(text, timexes, reference=reference, lang=lang)
    return timexes, found


def warm_up() -> None:
    """Compile every language's resources now (half a second each), not inside a document's time limit.

    Called in a worker's parent process before it forks, so the children share the compiled data.
    """
    for code in languages():
        analyse("It rained on Monday.", reference=date(2024, 1, 1), lang=code)

