"""Relation to the time and flags (negated, hypothetical, conditional, future) from the words around."""

from __future__ import annotations

from collections.abc import Sequence

from chronicle.events.resources import Language
from chronicle.events.tokens import Token


def relation(before: Sequence[Token], timex_text: str, data: Language) -> str:
    """DURING, BEFORE or AFTER from the words right before a time expression (or its own first words)."""
    own = tuple(timex_text.lower().split())
    for size in (3, 2, 1):
        if own[:size] in data.relations:
            return data.relations[own[:size]]
    words = tuple(t.low for t in before)
    for size in (3, 2, 1):
        if len(words) >= size and words[-size:] in data.relations:
            return data.relations[words[-size:]]
    return "DURING"


def contains(words: Sequence[str], phrases: Sequence[tuple[str, ...]]) -> bool:
    """Whether any phrase occurs as consecutive words in `words`."""
    present = set(words)
    for phrase in phrases:
        if phrase and phrase[0] not in present:
            continue  # the common case, told without a walk
        size = len(phrase)
        for i in range(len(words) - size + 1):
            if tuple(words[i:i + size]) == phrase:
                return True
    return False


def group_flags(group_words: Sequence[str], after: Sequence[str], data: Language) -> list[str]:
    """Flags carried by a verb group's words (and the two words after it, for "going to")."""
    flags = []
    if contains(group_words, data.negation):
        flags.append("negated")
    if contains(group_words, data.hypothetical):
        flags.append("hypothetical")
    if contains(list(group_words) + list(after[:2]), data.future):
        flags.append("future")
    return flags
