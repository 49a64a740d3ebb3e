"""Clauses of a tagged sentence: where they start, their verb groups, and which one a time attaches to."""

from __future__ import annotations

from dataclasses import dataclass, field

from chronicle.events.tokens import QUOTES, Token, is_finite

_CUT_AFTER = frozenset({",", ";", ":", "—", "–", "--", "(", ")", "…"})
_BE_FORMS = frozenset({"is", "are", "was", "were", "am", "'s", "'re", "'m", "be"})
_PREPOSITION_LIKE = frozenset({"as", "since", "after", "before", "until", "till", "once", "so", "like", "than"})


@dataclass(slots=True)
class Group:
    """A verb group: auxiliaries, adverbs and negation around a head verb ("would not allow")."""

    indexes: list[int]
    head: int
    finite: bool


@dataclass(slots=True)
class Segment:
    """A stretch of a sentence between clause boundaries, with its verb groups."""

    start: int  # token indexes [start, end)
    end: int
    groups: list[Group] = field(default_factory=list)
    kind: str = "verbless"  # main, sub, rel, coord, participle, verbless
    finite: Group | None = field(init=False, default=None)  # the first finite verb group, if any

    def __post_init__(self) -> None:
        # Found once: it is asked for again for every time expression of a long sentence.
        self.finite = next((g for g in self.groups if g.finite), None)


def verb_groups(tokens: list[Token], start: int, end: int) -> list[Group]:
    """The verb groups among tokens[start:end]."""
    groups: list[Group] = []
    i = start
    while i < end:
        if tokens[i].verb is None:
            i += 1
            continue
        indexes = [i]
        j = i + 1
        while j < end:
            tok = tokens[j]
            if tok.verb is not None and (tokens[indexes[-1]].verb == "AUX" or tok.verb == "AUX"):
                indexes.append(j)
            elif tok.tag in ("ADV", "NEG") or tok.text in QUOTES:
                pass
            else:
                break
            j += 1
        verbs = [k for k in indexes if tokens[k].verb != "AUX"]
        head = verbs[-1] if verbs else indexes[-1]
        last = indexes[-1]
        if (tokens[head].low in _BE_FORMS or tokens[head].low == "going") and last + 2 < end \
                and tokens[last + 1].tag == "TO" and tokens[last + 2].verb in ("VB", "AUX"):
            k = last + 2  # "is to come", "is going to meet", "were to be delisted"
            while k + 1 < end and tokens[k].verb == "AUX" and tokens[k + 1].verb is not None:
                k += 1
            indexes += list(range(last + 1, k + 1))
            head = k
        groups.append(Group(indexes=indexes, head=head, finite=is_finite(tokens[indexes[0]])))
        i = indexes[-1] + 1
    return groups


def segment(tokens: list[Token]) -> list[Segment]:
    """Cut a tagged sentence into clause-like segments and classify them."""
    cuts = [0]
    for i, tok in enumerate(tokens):
        if i == 0:
            continue
        if tok.tag in ("SUB", "REL", "CONJ") or tokens[i - 1].text in _CUT_AFTER:
            if cuts[-1] != i:
                cuts.append(i)
    cuts.append(len(tokens))
    segments = [Segment(a, b, verb_groups(tokens, a, b)) for a, b in zip(cuts, cuts[1:]) if a < b]
    scan = _Scan(tokens)
    segments = _merge(tokens, segments, scan)
    for seg in segments:
        seg.kind = _kind(tokens, seg, scan)
    return segments


class _Scan:
    """Where, from each token on, the first word past adverbs and joiners is, and the first token that
    is not a conjunction or a mark: a segment's first word is then found without walking it (a
    sentence may be a million commas)."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        n = len(tokens)
        self.next_word, self.next_non_joiner = [n] * (n + 1), [n] * (n + 1)
        for i in range(n - 1, -1, -1):
            tok = tokens[i]
            skipped = tok.tag in ("ADV", "CONJ", "NEG") or tok.text in QUOTES or tok.text == ","
            self.next_word[i] = self.next_word[i + 1] if skipped else i
            joiner = tok.tag in ("CONJ", "PUNCT")
            self.next_non_joiner[i] = self.next_non_joiner[i + 1] if joiner else i

    def starts_with_verb(self, seg: Segment) -> bool:
        """Whether the segment's first word (past adverbs and conjunctions) is a verb: no subject of its own."""
        first = self.next_word[seg.start]
        return first < seg.end and self.tokens[first].verb is not None

    def only_joiners(self, seg: Segment) -> bool:
        """Whether the segment holds nothing but conjunctions and marks."""
        return self.next_non_joiner[seg.start] >= seg.end


def _lead(tokens: list[Token], seg: Segment) -> Token:
    return tokens[seg.start]


def _merge(tokens: list[Token], segments: list[Segment], scan: _Scan) -> list[Segment]:
    """Glue back pieces that are no clause of their own (appositions, prepositional uses of "as")."""
    merged: list[Segment] = []
    pending: Segment | None = None  # verbless pieces at the sentence start, waiting for a clause
    for seg in segments:
        if pending is not None:
            seg = _joined(pending, seg)
            pending = None
        lead = _lead(tokens, seg)
        no_clause = seg.finite is None and (
            lead.tag == "CONJ" or lead.low in _PREPOSITION_LIKE or lead.low == "that" or lead.tag == "REL"
        ) or (lead.tag == "CONJ" and merged and merged[-1].finite is None and merged[-1].kind != "participle"
              and not scan.starts_with_verb(seg) and _lead(tokens, merged[-1]).tag == "SUB")
        if not seg.groups or no_clause:
            if merged and not scan.only_joiners(seg) and (not scan.starts_with_verb(seg) or no_clause):
                last = merged.pop()
                merged.append(_joined(last, seg))
            else:
                pending = seg
            continue
        merged.append(seg)
    if pending is not None:
        if merged:
            last = merged.pop()
            merged.append(_joined(last, pending))
        else:
            merged.append(pending)
    return merged


def _joined(first: Segment, second: Segment) -> Segment:
    """Two neighbouring segments as one; it takes over the first's list of groups, which is not used again.

    No verb group crosses a cut (a clause word or a mark after which segments are cut is never part
    of one), so the groups of the whole are those of the parts. Neither scanning the whole again nor
    copying its groups keeps a sentence of many short pieces glued together linear.
    """
    joined = Segment(first.start, second.end)
    joined.groups = first.groups
    joined.groups.extend(second.groups)
    joined.finite = first.finite or second.finite
    return joined


def _kind(tokens: list[Token], seg: Segment, scan: _Scan) -> str:
    lead = _lead(tokens, seg)
    if seg.finite is None:
        first = seg.groups[0] if seg.groups else None
        if first and tokens[first.indexes[0]].verb in ("VBG", "VBN") and first.indexes[0] <= seg.start + 1:
            return "participle"
        return "verbless" if not seg.groups else "participle"
    if lead.tag == "REL":
        return "rel"
    if lead.tag == "SUB":
        return "sub"
    if lead.tag == "CONJ" and scan.starts_with_verb(seg):
        return "coord"
    return "main"


def subject_end(tokens: list[Token], seg: Segment) -> int:
    """The token index where the segment's first finite verb group begins (its subject ends there)."""
    group = seg.finite or (seg.groups[0] if seg.groups else None)
    return group.indexes[0] if group else seg.end
