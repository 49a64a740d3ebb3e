"""Split a document into sentences: abbreviations, quotations, datelines, bullets and headlines."""

from __future__ import annotations

import re

from chronicle.events.resources import Language, language

# A candidate end: . ! ? or an ellipsis, with any closing quotes or brackets, before white space.
# Only from the first mark of a run, so a long run of dots is read once, not once per dot.
_END = re.compile(r"""(?:(?<![.!?])[.!?]+|…)["'”’»)\]]*(?=\s)""")
# The word just before a period, periods included ("U.S", "Dr", "a.m").
_WORD_BEFORE = re.compile(r"""[\w.'’-]*\w$""")
# A line break starts a new sentence unless the next line goes on in lower case (wrapped text).
_LINE = re.compile(r"\n")
_BLANKS = re.compile(r"[ \t]*")
_SPACE = re.compile(r"\s*")
_OPENERS = re.compile(r"""["'“‘«(\[]*""")
_NEXT_WORD = re.compile(r"[\w’']+")
_WHITE = re.compile(r"\s")
# A sentence longer than this is kept with each of its events only as the stretch around the event:
# a sentence of a million characters, stored whole once per event, would grow with its length squared.
CONTEXT_LIMIT = 1_000
_BULLET = re.compile(r"""[ \t]*(?:[-*•–—▪◦·]|\d{1,3}[.)]|[a-z][.)])[ \t]+""")
# "WASHINGTON (AP) —", "CANBERRA, Australia (AP)_", "LONDON, July 12 (Reuters) -", "MOSCOW —".
_DATELINE = re.compile(
    r"""[ \t]*[A-Z][A-Z.'’-]{2,}(?:[ \t]+[A-Z][A-Z.'’-]+)*"""
    r"""(?:,[ \t]*[A-Z][\w.'’ -]{1,30}?)?"""
    r"""(?:[ \t]*\([A-Za-z. -]{2,20}\))?[ \t]*(?:[—–_]|--?)[ \t]*"""
)


def sentence_spans(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """Character spans of the sentences of `text`, trimmed of white space, bullets and datelines."""
    data = language(lang)
    spans: list[tuple[int, int]] = []
    for begin, end in _lines(text):
        begin = _skip_marker(text, begin, end)
        cut = begin
        for match in _END.finditer(text, begin, end):
            if _ends_sentence(text, match, end, data):
                spans.append((cut, match.end()))
                cut = match.end()
        spans.append((cut, end))
    return [span for span in (_trim(text, s, e) for s, e in spans) if span]


def split(text: str, lang: str = "en") -> list[str]:
    """The sentences of `text` as strings."""
    return [text[s:e] for s, e in sentence_spans(text, lang)]


def _lines(text: str) -> list[tuple[int, int]]:
    """Blocks separated by line breaks, joining a line that continues in lower case."""
    blocks, begin = [], 0
    for match in _LINE.finditer(text):
        rest = _BLANKS.match(text, match.end()).end()  # read in place: copying the rest is quadratic
        if text[rest:rest + 1].islower() and not _BULLET.match(text, match.end()):
            continue
        blocks.append((begin, match.start()))
        begin = match.end()
    blocks.append((begin, len(text)))
    return blocks


def _skip_marker(text: str, begin: int, end: int) -> int:
    """Step over a bullet marker or a news dateline at the start of a block."""
    for pattern in (_BULLET, _DATELINE):
        match = pattern.match(text, begin, end)
        if match and match.end() < end:
            begin = match.end()
    return begin


def context_span(text: str, sentence: tuple[int, int], event: tuple[int, int],
                 limit: int = CONTEXT_LIMIT) -> tuple[int, int]:
    """The part of `sentence` kept with an event at `event`: all of it up to `limit` characters, else at
    most `limit` characters around the event, cut at white space where there is some."""
    start, end = sentence
    if end - start <= limit:
        return sentence
    around_start = min(max(start, event[0]), end)
    around_end = max(around_start, min(end, event[1], around_start + limit))
    low = max(start, around_start - (limit - (around_end - around_start)) // 2)
    high = min(end, low + limit)
    low = max(start, high - limit)
    if low > start and not text[low - 1].isspace() and (space := _WHITE.search(text, low, around_start)):
        low = space.end()
    if high < end and not text[high].isspace():
        spaces = [match.start() for match in _WHITE.finditer(text, around_end, high)]
        high = spaces[-1] if spaces else high
    while low < high and text[low].isspace():
        low += 1
    while high > low and text[high - 1].isspace():
        high -= 1
    return low, high


def _ends_sentence(text: str, match: re.Match[str], limit: int, data: Language) -> bool:
    """Whether the candidate end `match` really ends a sentence."""
    rest = _SPACE.match(text, match.end(), limit).end()  # read in place: copying the rest is quadratic
    if rest == limit:
        return False  # the block's end closes it anyway
    following = _OPENERS.match(text, rest, limit).end()
    if following == limit or text[following].islower() or text[following] in ",;:":
        return False  # "Stop!" he said. / U.S. officials
    mark = match.group()
    if mark.startswith(".") and not mark.startswith(".."):
        word = _WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())
        if word:
            token = word.group() + "."
            if len(word.group()) == 1 and word.group().isupper():
                return False  # an initial: John F. Kennedy
            if token in data.title_abbreviations:
                return False
            if token in data.abbreviations or token.lower() in data.abbreviations:
                next_word = _NEXT_WORD.match(text, following, limit)
                return bool(next_word) and next_word.group() in data.sentence_openers
    return True


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without surrounding white space, or None when nothing is left."""
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    tail = len(chunk.rstrip())
    return (start + lead, start + tail) if tail > lead else None
