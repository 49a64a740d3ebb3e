"""Text normalisation for de-duplication, and the one repair made to submitted text."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The text as compared for duplicates: Unicode NFC, white-space runs as one space, trimmed."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the normalised text: equal for texts that differ only in spacing or composition."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def clean_text(text: str) -> str:
    """Replace NUL characters, which PostgreSQL cannot store in text, by U+FFFD (same offsets)."""
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def has_lone_surrogate(text: str) -> bool:
    """True when `text` holds a surrogate code point, which no valid UTF-8 can encode."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
