"""The public entry point: `extract(text, reference, lang=, prefer=)`."""

from __future__ import annotations

from datetime import date, datetime, timezone

from chronicle.temporal import language as languages
from chronicle.temporal.detect import detect_language
from chronicle.temporal.recognise import recognise
from chronicle.temporal.resolve import resolve
from chronicle.temporal.timex import Timex

PREFERENCES = ("auto", "past", "future")


def extract(text: str, reference: date | datetime, *, lang: str = "en", prefer: str = "auto") -> list[Timex]:
    """Every time expression in `text`, resolved against `reference`, sorted by start, non-overlapping.

    `reference` is the publication date (a date, or a datetime; naive ones are taken as UTC).
    `lang` is a resource folder's code ("en", "de", "fr", "es", "ru", "uk") or "auto" to detect it.
    `prefer` decides where an underspecified expression ("May", "Thursday") points: "auto" from the
    clause's tense, "past" or "future" always; explicit words ("last", "next", "ago") always win.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    moment, zone, has_time = _reference(reference)
    if prefer not in PREFERENCES:
        raise ValueError(f"prefer must be one of {PREFERENCES}, got {prefer!r}")
    language = _language(detect_language(text) if lang == "auto" else lang)
    return resolve(text, recognise(text, language), moment, zone, has_time, prefer, language)


def _reference(reference: object) -> tuple[datetime, timezone, bool]:
    """(naive instant in the reference's zone, that zone, whether a time of day was given)."""
    if reference is None:
        raise TypeError("reference is required: the date the text was written or published "
                        "(the core never reads the clock)")
    if isinstance(reference, datetime):
        zone = reference.tzinfo or timezone.utc
        if reference.tzinfo is not None and reference.utcoffset() is None:
            raise ValueError(f"reference has a tzinfo without an offset: {reference!r}")
        return reference.replace(tzinfo=None), zone, True
    if isinstance(reference, date):
        return datetime(reference.year, reference.month, reference.day), timezone.utc, False
    raise TypeError(f"reference must be a datetime.date or datetime.datetime, got {type(reference).__name__}: "
                    f"{reference!r}")


def _language(lang: object) -> languages.Language:
    if not isinstance(lang, str):
        raise TypeError(f"lang must be a str, got {type(lang).__name__}")
    if lang not in languages.available():
        raise ValueError(f"lang {lang!r} is not supported; available: {list(languages.available())}")
    return languages.load(lang)
