"""Read TimeML documents: the DCT, the raw TEXT with every tag stripped, and its TIMEX3 tags.

Offsets are character offsets into that raw text. The text keeps the file's own line ends (a CR
stays a CR) and resolves entity references (`&amp;` becomes `&`); each character that came from a
reference remembers how the source wrote it, so a writer can give back the very same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Mapping


class TimeMLError(ValueError):
    """A TimeML document that cannot be read, with the reason and the file."""


@dataclass(frozen=True, slots=True)
class TimexTag:
    """One TIMEX3 element of a TimeML TEXT: its span in the raw text and its attributes."""

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None
    tid: str = ""
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TimeMLDocument:
    """A TimeML document as read: id, creation time, raw text, timexes, and where TEXT sits."""

    doc_id: str
    dct: str
    text: str
    timexes: tuple[TimexTag, ...]
    escapes: Mapping[int, str]
    source: str
    text_span: tuple[int, int]
    encoding: str = "utf-8"

    @property
    def reference(self) -> date | datetime:
        """The DCT as a date, or a datetime when it carries a time of day."""
        return dct_reference(self.dct)


_PREDEFINED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_NAME = r"[A-Za-z_][\w.\-:]*"
_ATTRS = r"(?:[^>\"']|\"[^\"]*\"|'[^']*')*?"
_MARKUP = re.compile(
    rf"<!--.*?-->|<\?.*?\?>|(?P<cdata><!\[CDATA\[)"
    rf"|<(?P<close>/?)(?P<name>{_NAME})(?P<attrs>{_ATTRS})(?P<empty>/?)>"
    rf"|&(?P<ref>#x[0-9A-Fa-f]+|#[0-9]+|{_NAME});|(?P<stray>[<&])",
    re.S,
)
_ATTR = re.compile(rf"({_NAME})\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_TEXT_OPEN = re.compile(rf"<TEXT\b{_ATTRS}>")
_TEXT_CLOSE = re.compile(r"</TEXT\s*>")
_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")


def read_timeml(path: str | Path) -> TimeMLDocument:
    """Read one TimeML file (its declared encoding, line ends kept)."""
    path = Path(path)
    data = path.read_bytes()
    declared = _ENCODING.match(data)
    encoding = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    try:
        source = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise TimeMLError(f"{path}: cannot decode as {encoding}: {error}") from None
    return parse_timeml(source, name=str(path), encoding=encoding)


def parse_timeml(source: str, *, name: str = "<string>", encoding: str = "utf-8") -> TimeMLDocument:
    """Parse a TimeML document given as a string."""
    try:
        root = ElementTree.fromstring(source)
    except ElementTree.ParseError as error:
        raise TimeMLError(f"{name}: not well-formed XML: {error}") from None
    dct_tag = root.find("DCT/TIMEX3")
    if dct_tag is None or not dct_tag.get("value"):
        raise TimeMLError(f"{name}: no <DCT><TIMEX3 value=…> (document creation time)")
    dct = dct_tag.get("value", "")
    try:
        dct_reference(dct)
    except ValueError as error:
        raise TimeMLError(f"{name}: {error}") from None
    opens, closes = list(_TEXT_OPEN.finditer(source)), list(_TEXT_CLOSE.finditer(source))
    if len(opens) != 1 or len(closes) != 1 or closes[0].start() < opens[0].end():
        raise TimeMLError(f"{name}: expected exactly one <TEXT> element, found {len(opens)}")
    span = (opens[0].end(), closes[0].start())
    text, timexes, escapes = _strip(source, *span, name=name)
    return TimeMLDocument(
        doc_id=(root.findtext("DOCID") or "").strip(),
        dct=dct,
        text=text,
        timexes=tuple(timexes),
        escapes=escapes,
        source=source,
        text_span=span,
        encoding=encoding,
    )


def dct_reference(value: str) -> date | datetime:
    """A TIMEX3 DCT value (`1998-01-08`, `1998-01-08T10:30`) as a date or a datetime."""
    try:
        if "T" in value:
            return datetime.fromisoformat(value)
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"DCT value {value!r} is not a calendar date (YYYY-MM-DD[Thh:mm])") from None


def _strip(source: str, begin: int, end: int, *, name: str):
    """The raw text of source[begin:end], its TIMEX3 tags and the escapes it used."""
    pieces: list[str] = []
    escapes: dict[int, str] = {}
    spans: list[tuple[int, int, dict[str, str]]] = []
    open_timexes: list[tuple[int, dict[str, str]]] = []
    offset, position = 0, begin
    for match in _MARKUP.finditer(source, begin, end):
        plain = source[position:match.start()]
        pieces.append(plain)
        offset += len(plain)
        position = match.end()
        if match["stray"] or match["cdata"]:
            line = source.count("\n", 0, match.start()) + 1
            what = "CDATA section" if match["cdata"] else f"bare {match['stray']!r}"
            raise TimeMLError(f"{name}: line {line}: {what} in TEXT is not supported")
        if match["ref"]:
            pieces.append(_resolve(match["ref"], name))
            escapes[offset] = match.group(0)
            offset += 1
        elif match["name"] == "TIMEX3" and not match["empty"]:
            if not match["close"]:
                open_timexes.append((offset, _attributes(match["attrs"])))
                continue
            start, attributes = open_timexes.pop()
            if start == offset:
                continue  # an empty TIMEX3 marks no text
            spans.append((start, offset, attributes))
    pieces.append(source[position:end])
    text = "".join(pieces)
    spans.sort(key=lambda span: span[:2])
    timexes = [_timex(text, start, stop, attributes) for start, stop, attributes in spans]
    return text, timexes, escapes


def _timex(text: str, start: int, end: int, attributes: dict[str, str]) -> TimexTag:
    return TimexTag(
        start=start,
        end=end,
        text=text[start:end],
        type=attributes.get("type", ""),
        value=attributes.get("value", ""),
        mod=attributes.get("mod") or None,
        tid=attributes.get("tid", ""),
        attributes=attributes,
    )


def _attributes(raw: str) -> dict[str, str]:
    return {
        key: _unescape_attribute(double if double is not None else single)
        for key, double, single in _ATTR.findall(raw)
    }


def _unescape_attribute(value: str) -> str:
    return re.sub(r"&(#x[0-9A-Fa-f]+|#[0-9]+|\w+);", lambda m: _resolve(m.group(1), "attribute"), value)


def _resolve(reference: str, name: str) -> str:
    if reference.startswith("#x"):
        return chr(int(reference[2:], 16))
    if reference.startswith("#"):
        return chr(int(reference[1:]))
    if reference in _PREDEFINED:
        return _PREDEFINED[reference]
    raise TimeMLError(f"{name}: unknown entity &{reference}; (only XML's predefined ones are allowed)")
