"""TimeML: write a text, its creation time and its timexes as a TimeML document with TIMEX3 tags.

The writer takes plain values (a string, a date, objects with start/end/type/value/mod) so it
serves both `chronicle timeml` and the export of a stored document. The text between the tags is
the input text, escaped only where XML requires it (`&`, `<`, and `>` after `]]`) unless the
reader recorded how the source wrote a character, so a TempEval-3 input file comes back with its
TEXT byte for byte. Reading lives in `timeml_reader`; its names are re-exported here.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Mapping, Protocol

from chronicle.formats.timeml_reader import (
    TimeMLDocument,
    TimeMLError,
    TimexTag,
    dct_reference,
    parse_timeml,
    read_timeml,
)

__all__ = [
    "TimeMLDocument", "TimeMLError", "TimexTag", "annotate_text", "dct_reference", "escape_text",
    "parse_timeml", "read_timeml", "reannotate", "timeml_document", "write_reannotated",
]

HEADER = (
    '<?xml version="1.0" ?>\n'
    '<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:noNamespaceSchemaLocation="http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd">\n'
)
# Characters XML 1.0 cannot carry, not even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Links and instances point at EVENTs and TIMEX3s of the old TEXT, which re-annotation replaces.
_STALE_LINKS = re.compile(
    r"<(?:MAKEINSTANCE|TLINK|SLINK|ALINK)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*/>[ \t]*(?:\r\n|\n|\r)?"
)


class TimexLike(Protocol):
    """What the writer needs of a timex: a span and its TIMEX3 attributes."""

    start: int
    end: int
    type: str
    value: str
    mod: str | None


def escape_text(text: str, escapes: Mapping[int, str] | None = None, start: int = 0,
                end: int | None = None) -> str:
    """text[start:end] as XML character data; `escapes` maps offsets to the source's own spelling."""
    end = len(text) if end is None else end
    return _escape_range(text, escapes or {}, sorted(escapes or ()), start, end)


def _escape_range(text: str, escapes: Mapping[int, str], keys: list[int], start: int, end: int) -> str:
    pieces, position = [], start
    for index in range(bisect_left(keys, start), len(keys)):
        offset = keys[index]
        if offset >= end:
            break
        pieces.append(_escape_plain(text[position:offset]))
        pieces.append(escapes[offset])
        position = offset + 1
    pieces.append(_escape_plain(text[position:end]))
    return "".join(pieces)


def _escape_plain(chunk: str) -> str:
    return chunk.replace("&", "&amp;").replace("<", "&lt;").replace("]]>", "]]&gt;")


def annotate_text(text: str, timexes: Iterable[TimexLike], *, escapes: Mapping[int, str] | None = None,
                  first_tid: int = 1) -> str:
    """The escaped text with a TIMEX3 tag around each timex (tids t1, t2, … in text order)."""
    bad = _NOT_XML.search(text)
    if bad:
        raise ValueError(f"character U+{ord(bad.group()):04X} at offset {bad.start()} cannot be written in XML 1.0")
    ordered = sorted(timexes, key=lambda timex: (timex.start, timex.end))
    escapes = escapes or {}
    keys = sorted(escapes)
    pieces, position, previous = [], 0, None
    for number, timex in enumerate(ordered, start=first_tid):
        _check_span(text, timex, previous)
        pieces.append(_escape_range(text, escapes, keys, position, timex.start))
        pieces.append(_open_tag(f"t{number}", timex))
        pieces.append(_escape_range(text, escapes, keys, timex.start, timex.end))
        pieces.append("</TIMEX3>")
        position, previous = timex.end, timex
    pieces.append(_escape_range(text, escapes, keys, position, len(text)))
    return "".join(pieces)


def timeml_document(text: str, dct: date | datetime | str, timexes: Iterable[TimexLike], *,
                    doc_id: str = "") -> str:
    """A complete TimeML document: DOCID, the DCT as TIMEX3 t0, and the annotated TEXT."""
    value = _dct_value(dct)
    dct_type = "TIME" if "T" in value else "DATE"
    return (
        f"{HEADER}\n<DOCID>{_escape_plain(doc_id)}</DOCID>\n\n"
        f'<DCT><TIMEX3 tid="t0" type="{dct_type}" value="{_attr(value)}" temporalFunction="false" '
        f'functionInDocument="CREATION_TIME">{_escape_plain(value)}</TIMEX3></DCT>\n\n'
        f"<TEXT>{annotate_text(text, timexes)}</TEXT>\n\n</TimeML>\n"
    )


def reannotate(document: TimeMLDocument, timexes: Iterable[TimexLike]) -> str:
    """The source document with its TEXT annotated by `timexes` instead of its own markup.

    Everything outside TEXT (declaration, DOCID, the DCT as t0, other metadata) is kept as it was;
    links and event instances after TEXT are dropped because the markup they point at is gone.
    """
    begin, end = document.text_span
    body = annotate_text(document.text, timexes, escapes=document.escapes)
    tail = _STALE_LINKS.sub("", document.source[end:])
    return document.source[:begin] + body + tail


def write_reannotated(document: TimeMLDocument, timexes: Iterable[TimexLike], path: str | Path) -> None:
    """Write `reannotate(document, timexes)` in the source's encoding, line ends untouched."""
    Path(path).write_bytes(reannotate(document, timexes).encode(document.encoding))


def _check_span(text: str, timex: TimexLike, previous: TimexLike | None) -> None:
    if not 0 <= timex.start < timex.end <= len(text):
        raise ValueError(
            f"timex span [{timex.start}, {timex.end}) is empty or outside the text (length {len(text)})"
        )
    said = getattr(timex, "text", None)
    if said is not None and said != text[timex.start:timex.end]:
        raise ValueError(
            f"timex text {said!r} does not match the text at [{timex.start}, {timex.end}): "
            f"{text[timex.start:timex.end]!r}"
        )
    if previous is not None and timex.start < previous.end:
        raise ValueError(
            f"timexes overlap: [{previous.start}, {previous.end}) {text[previous.start:previous.end]!r} "
            f"and [{timex.start}, {timex.end}) {text[timex.start:timex.end]!r}; TIMEX3 tags cannot nest"
        )


def _open_tag(tid: str, timex: TimexLike) -> str:
    mod = f' mod="{_attr(timex.mod)}"' if timex.mod else ""
    return f'<TIMEX3 tid="{tid}" type="{_attr(timex.type)}" value="{_attr(timex.value)}"{mod}>'


def _attr(value: str) -> str:
    return _escape_plain(value).replace('"', "&quot;").replace(">", "&gt;")


def _dct_value(dct: date | datetime | str) -> str:
    if isinstance(dct, str):
        dct_reference(dct)  # a clear error for a value that is no date
        return dct
    if isinstance(dct, datetime):
        # TIMEX3 values carry wall-clock time without a zone.
        return dct.replace(tzinfo=None).isoformat(timespec="seconds" if dct.second else "minutes")
    if isinstance(dct, date):
        return dct.isoformat()
    raise TypeError(f"dct must be a date, a datetime or a TIMEX3 value string, got {type(dct).__name__}")
