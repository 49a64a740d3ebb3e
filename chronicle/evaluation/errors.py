"""Error analysis: every disagreement between gold and system, by kind, grouped by expression."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable

from chronicle.evaluation.corpus import DocumentResult

KINDS = ("missed", "spurious", "span", "value", "type")
KIND_TITLES = {
    "missed": "missed (gold timex with no overlapping system timex)",
    "spurious": "spurious (system timex with no overlapping gold timex)",
    "span": "wrong span boundary (overlapping, not identical)",
    "value": "wrong value (on a relaxed match)",
    "type": "wrong type (on a relaxed match)",
}
CONTEXT = 50


@dataclass(frozen=True, slots=True)
class Side:
    """One side of an error: the timex's text and TIMEX3 attributes."""

    text: str
    type: str
    value: str
    mod: str | None

    @classmethod
    def of(cls, timex) -> Side:
        """The parts of a gold or system timex an error report shows."""
        return cls(timex.text, timex.type, timex.value, getattr(timex, "mod", None))

    def describe(self) -> str:
        """`"late May" DATE 2024-05 END`."""
        mod = f" {self.mod}" if self.mod else ""
        return f"{self.text!r} {self.type} {self.value}{mod}"


@dataclass(frozen=True, slots=True)
class ErrorExample:
    """One error: its kind, where it is, the text around it, and gold vs system."""

    kind: str
    document: str
    context: str
    gold: Side | None
    system: Side | None

    @property
    def key(self) -> str:
        """What errors of the same kind are grouped by."""
        if self.kind == "missed":
            return _normal(self.gold.text)
        if self.kind == "spurious":
            return _normal(self.system.text)
        if self.kind == "span":
            return f"{_normal(self.gold.text)} | {_normal(self.system.text)}"
        if self.kind == "type":
            return f"{self.gold.type} -> {self.system.type}"
        return _normal(self.gold.text)

    def to_json(self) -> dict:
        """Plain data for `--json`."""
        side = lambda s: None if s is None else {"text": s.text, "type": s.type, "value": s.value, "mod": s.mod}  # noqa: E731
        return {"kind": self.kind, "document": self.document, "context": self.context,
                "gold": side(self.gold), "system": side(self.system)}


@dataclass(frozen=True, slots=True)
class ErrorGroup:
    """Errors of one kind sharing a key, most frequent first, with the first one as example."""

    key: str
    count: int
    example: ErrorExample


def errors_of(document: DocumentResult) -> Iterable[ErrorExample]:
    """Every error in one evaluated document."""
    text, name = document.document.text, document.path.name
    gold, system = document.gold, document.system
    for i in document.alignment.missed:
        yield ErrorExample("missed", name, _context(text, gold[i]), Side.of(gold[i]), None)
    for j in document.alignment.spurious:
        yield ErrorExample("spurious", name, _context(text, system[j]), None, Side.of(system[j]))
    for i, j in document.alignment.pairs:
        g, s = gold[i], system[j]
        for kind, wrong in (("span", (g.start, g.end) != (s.start, s.end)),
                            ("value", g.value != s.value), ("type", g.type != s.type)):
            if wrong:
                yield ErrorExample(kind, name, _context(text, g, s), Side.of(g), Side.of(s))


def frequent_errors(documents: Iterable[DocumentResult], limit: int) -> list[tuple[str, int, list[ErrorGroup]]]:
    """Per error kind, most frequent kind first: its total and its `limit` most frequent groups."""
    by_kind: dict[str, list[ErrorExample]] = defaultdict(list)
    for document in documents:
        for error in errors_of(document):
            by_kind[error.kind].append(error)
    report = []
    for kind in sorted(by_kind, key=lambda k: (-len(by_kind[k]), KINDS.index(k))):
        examples = by_kind[kind]
        tally = Counter(error.key for error in examples)
        first = {}
        for error in examples:
            first.setdefault(error.key, error)
        groups = [ErrorGroup(key, n, first[key]) for key, n in tally.most_common(limit)]
        report.append((kind, len(examples), groups))
    return report


def _context(text: str, timex, other=None) -> str:
    """The text around a timex on one line, the timex in [brackets] (and the other's span in {braces})."""
    start, end = timex.start, timex.end
    marks = [(start, "["), (end, "]")]
    if other is not None:
        marks += [(other.start, "{"), (other.end, "}")]
        start, end = min(start, other.start), max(end, other.end)
    left, right = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    pieces, position = [], left
    for offset, mark in sorted(marks, key=lambda m: (m[0], m[1] in "[{")):
        pieces += [text[position:offset], mark]
        position = offset
    pieces.append(text[position:right])
    line = re.sub(r"\s+", " ", "".join(pieces)).strip()
    return ("…" if left else "") + line + ("…" if right < len(text) else "")


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())
