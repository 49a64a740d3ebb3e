"""Event text: the words of a clause, cleaned to read as a headline."""

from __future__ import annotations

import re
from collections.abc import Iterable

from chronicle.events.tokens import QUOTES, Token

_DROP = QUOTES | frozenset("[]{}")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:?!%…])")
_EDGE_PUNCT = ",;:—–-.…?! "
MAX_LENGTH = 180


def render(text: str, tokens: list[Token], indexes: Iterable[int]) -> str:
    """The tokens at `indexes` as text: original spacing between neighbours, quotes and brackets dropped,
    edge punctuation trimmed, first letter capitalised."""
    pieces: list[str] = []
    previous: int | None = None
    for index in sorted(set(indexes)):
        tok = tokens[index]
        if previous is not None:
            gap = text[tokens[previous].end:tok.start] if index == previous + 1 else " "
            pieces.append(" " if gap.strip() == "" and gap else ("" if not gap else " "))
        previous = index
        if tok.text in _DROP:
            continue
        pieces.append(tok.text)
    line = re.sub(r"\s+", " ", "".join(pieces))
    line = _SPACE_BEFORE_PUNCT.sub(r"\1", line).strip(_EDGE_PUNCT)
    line = re.sub(r",(\s*,)+", ",", line)
    if len(line) > MAX_LENGTH:
        cut = line.rfind(",", 0, MAX_LENGTH)
        cut = cut if cut > MAX_LENGTH // 2 else line.rfind(" ", 0, MAX_LENGTH)
        line = line[:cut].rstrip(_EDGE_PUNCT) + "…"
    return line[:1].upper() + line[1:]
