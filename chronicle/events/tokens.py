"""Tokens with offsets and a light, rule-based part-of-speech tag (no model, data files only)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from dataclasses import dataclass

from chronicle.events.resources import Language

_TOKEN = re.compile(
    r"""(?:[A-Za-z]\.){2,}"""          # U.S., a.m.
    r"""|\w+(?=n[’']t\b)|n[’']t\b"""    # would|n't
    r"""|[’'](?:s|ve|re|ll|d|m)\b"""    # 's 've 're 'll 'd 'm
    r"""|\d+(?:[.,:]\d+)*(?:[-–]\w+)*%?"""  # 1,000  3.5  10:30  39-year-old
    r"""|\w+(?:[-–]\w+)*"""             # cross-border, US-supplied
    r"""|--"""                          # a typed dash
    r"""|\S""",
    re.UNICODE,
)
QUOTES = frozenset("\"“”‘’'`«»")
PUNCT = frozenset(",;:()[]{}—–-…!?.") | QUOTES
# Tags: the function-word tags of resources.TAGS, plus VERB (finite or not, see `verb`), NOUN, PROPN,
# ADJ (demonyms and -al/-ous/-ive/-ful words), ADV, PUNCT.


@dataclass(slots=True)
class Token:
    """One word or mark of a sentence: its text, document offsets, tag and verb reading."""

    text: str
    start: int
    end: int
    tag: str
    low: str
    verb: str | None = None   # VB VBZ VBP VBD VBN VBG when read as a verb
    base: str | None = None   # the verb's base form

    @property
    def capitalised(self) -> bool:
        """Whether the token starts with a capital letter."""
        return self.text[:1].isupper()


def tokenize(text: str, offset: int, data: Language, times: Sequence[tuple[int, int]] = ()) -> list[Token]:
    """Tokens of `text` (offsets shifted by `offset`), tagged in context; `times` are the document
    spans of time expressions, whose words are tagged TIME."""
    tokens: list[Token] = []
    inside = _covered(times) if times else None
    answers = data.word_answers
    for match in _TOKEN.finditer(text):
        word = match.group()
        start, end = match.span()
        start += offset
        end += offset
        if word == "." and tokens and tokens[-1].end == start and tokens[-1].text + "." in data.abbreviations:
            last = tokens.pop()  # "Ltd." "Ga." "Mr." stay one word
            word, start = last.text + ".", last.start
        known = answers.get(word)  # (its lower case, its tag as a sentence's first word, elsewhere)
        if known is None:
            low = word.lower().replace("’", "'")
            known = remembered(answers, word, (low, _lexical_tag(word, low, data, first=True),
                                                _lexical_tag(word, low, data, first=False)))
        tag = "TIME" if inside is not None and inside(start, end) else known[2 if tokens else 1]
        tokens.append(Token(word, start, end, tag, known[0]))
    _tag_verbs(tokens, data)
    return tokens


_MAX_ANSWERS = 200_000


def remembered(answers: dict, key: object, answer):  # type: ignore[no-untyped-def]
    """Store and return `answer` under `key`; forget everything once the table is full (a stream
    of unseen words, numbers or names must not grow a worker without bound)."""
    if len(answers) >= _MAX_ANSWERS:
        answers.clear()
    answers[key] = answer
    return answer


def _covered(times: Sequence[tuple[int, int]]):  # type: ignore[no-untyped-def]
    """A test of whether [start, end) lies inside one of `times`, in logarithmic time (a sentence
    may hold thousands of time expressions)."""
    if not times:
        return lambda start, end: False
    ordered = sorted(times)
    starts = [s for s, _ in ordered]
    furthest = list(accumulate((e for _, e in ordered), max))  # furthest end among spans starting so far

    def inside(start: int, end: int) -> bool:
        k = bisect_right(starts, start)
        return k > 0 and furthest[k - 1] >= end

    return inside


def _lexical_tag(word: str, low: str, data: Language, *, first: bool) -> str:
    """The out-of-context tag of a word."""
    tags = data.function_words.get(low)
    if tags and not (word.isupper() and len(word) > 1) and not (tags[0] == "MODAL" and word[0].isupper() and not first):
        return tags[0]  # ("US" is a country, "May" mid-sentence a month)
    if not word[0].isalnum():
        return "PUNCT"
    if word[0].isdigit():
        return "NUM"
    if data.gazetteer.names.get(word) and data.gazetteer.names[word] != word and word.endswith(
        ("an", "ans", "ese", "ish", "i", "ch", "ic")
    ):
        return "ADJ"  # a demonym: Ukrainian, Chinese, Israeli
    if low.endswith(("ly",)) and len(low) > 4 and (first or not word[0].isupper()):
        return "ADV"  # but "Emily", "Italy" mid-sentence are names
    if low.endswith(("al", "ous", "ive", "ful", "ible", "able", "ic")) and not word[0].isupper():
        return "ADJ"
    return "PROPN" if word[0].isupper() else "NOUN"


_VERB_PREFIXES = ("re", "un", "over", "out", "under", "mis", "pre", "co", "dis")
_NOMINAL_BEFORE = frozenset({"DET", "POSS", "ADJ", "NUM", "PREP"})
_SUBJECT_BEFORE = frozenset({"PROPN", "NOUN", "PRON", "REL", "TIME"})
_FINITE_AUX = frozenset({"am", "is", "are", "was", "were", "has", "have", "had", "do", "does", "did"})


def _verb_readings(token: Token, data: Language) -> dict[str, str]:
    """The verb tags a token could have, with their base form (a shared table: not to be changed)."""
    key = (token.low, token.tag == "NOUN")
    found = data.word_answers.get(key)
    if found is None:
        found = remembered(data.word_answers, key, _readings(token, data))
    return found  # type: ignore[return-value]


def _readings(token: Token, data: Language) -> dict[str, str]:
    readings = dict(data.verb_forms.get(token.low, {}))
    if not readings:
        for prefix in _VERB_PREFIXES:  # retook, overran, unveiled
            if token.low.startswith(prefix) and len(token.low) > len(prefix) + 3:
                stem = data.verb_forms.get(token.low[len(prefix):])
                if stem:
                    return {tag: prefix + base for tag, base in stem.items()}
    if not readings and token.tag == "NOUN" and len(token.low) > 4:
        if token.low.endswith("ed"):
            readings = {"VBD": token.low[:-2], "VBN": token.low[:-2]}
        elif token.low.endswith("ing") and len(token.low) > 5:
            readings = {"VBG": token.low[:-3]}
    return readings


_BREAKS = frozenset({",", "--", "—", "–"})


class _LookBack:
    """Answers about the words before a token of one sentence, each in amortised constant time.

    A sentence may be hundreds of thousands of tokens long; walking back from every word to find its
    neighbour would make tagging quadratic. Walks are remembered: the words before a token are final
    once it is tagged (the one later change, a verb retagged as a noun, moves no walk).
    """

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.time_start: list[int] = []  # where the run of TIME words holding each token begins
        self.last_break: list[int] = []  # the nearest comma or dash at or before each token, or -1
        for i, tok in enumerate(tokens):
            inside_time = tok.tag == "TIME" and i > 0 and tokens[i - 1].tag == "TIME"
            self.time_start.append(self.time_start[i - 1] if inside_time else i)
            self.last_break.append(i if tok.text in _BREAKS else (self.last_break[i - 1] if i else -1))
        self._previous: dict[int, Token | None] = {}

    def previous(self, index: int) -> Token | None:
        """The nearest earlier token that is not an adverb, a negation or a quotation mark."""
        tokens, path = self.tokens, []
        j, found = index - 1, None
        while j >= 0:
            if j in self._previous:
                found = self._previous[j]
                break
            path.append(j)
            if tokens[j].tag in ("ADV", "NEG") or tokens[j].text in QUOTES:
                j -= 1
                continue
            if tokens[j].tag == "TIME":
                begin = self.time_start[j]
                if begin > 0 and tokens[begin - 1].tag in ("PREP", "TO"):
                    j = begin - 2  # "Moscow on Monday accused": skip the adverbial
                    continue
                if begin > 0 and tokens[begin - 1].tag not in ("PUNCT", "CONJ", "SUB"):
                    j = begin - 1  # "stock fell yesterday", "said Thursday"
                    continue
                if "-" in tokens[j].text:
                    break  # "Third-quarter results": a modifier, not a subject
            found = tokens[j]
            break
        for step in path:
            self._previous[step] = found
        return found

    def after_interruption(self, i: int) -> bool:
        """Whether the stretch before token i's comma or dash opened with a participle or a relative
        pronoun, so that token i may be the main verb the interruption held back."""
        j = self.last_break[i - 2] if i >= 2 else -1
        first = self.tokens[j + 1] if j + 1 < i - 1 else None
        return first is not None and (first.verb == "VBG" or first.tag == "REL") and j >= 0


_BOUNDARY_TAGS = frozenset({"SUB", "REL", "CONJ"})


def _tag_verbs(tokens: list[Token], data: Language) -> None:
    """Decide, left to right, which words are verbs here and in which form."""
    finite_seen = False  # a finite verb since the last clause boundary
    sentence_finite = False  # a finite verb outside relative and subordinate clauses
    subordinate = False
    finite_in_relative = False  # the last finite verb sat in a relative clause ("who had been searching")
    finite_count = 0  # finite verbs among the tokens tagged so far
    look = _LookBack(tokens)
    for i, token in enumerate(tokens):
        if token.tag in _BOUNDARY_TAGS or token.text in (",", ";", ":", "—", "–", "(", ")"):
            finite_seen = False
            subordinate = token.tag in ("REL", "SUB")
        if token.tag in ("AUX", "MODAL"):
            token.verb = "AUX"
            if token.low == "'s" and i > 0 and tokens[i - 1].tag != "PRON":
                token.verb, token.tag = None, "POSS"  # Ukraine's, not it's
            finite_seen = finite_seen or is_finite(token)
            sentence_finite = sentence_finite or (is_finite(token) and not subordinate)
            if is_finite(token):
                finite_count += 1
                finite_in_relative = subordinate and any(t.tag == "REL" for t in tokens[max(0, i - 3):i])
            continue
        if token.tag not in ("NOUN", "PROPN", "ADJ", "ADV") or (token.tag == "PROPN" and i > 0):
            continue
        readings = _verb_readings(token, data)
        if not readings:
            continue
        prev = look.previous(i)
        if prev is tokens[i - 1] and prev.verb in ("VBZ", "VBP") and prev.low.endswith("s") and "VBD" in readings:
            prev.verb, prev.base, prev.tag = None, None, "NOUN"  # "bombs exploded": the -s word was a noun
            finite_count -= 1
            finite_seen = sentence_finite = finite_count > 0
        if prev is not None and prev.tag == "CONJ" and i >= 2 and tokens[i - 1] is prev \
                and tokens[i - 2].verb is None and tokens[i - 2].low.endswith("ed"):
            continue  # "dismembered and decapitated body": coordinated adjectives
        tag = _choose(readings, prev, token, tokens[i + 1] if i + 1 < len(tokens) else None)
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if tag in ("VBZ", "VBP") and finite_seen and (prev is None or prev.verb != "AUX"):
            tag = None  # "approved cross-border attacks": a second finite verb needs a new clause
        if tag in ("VBZ", "VBP") and following is not None and following.tag in ("AUX", "MODAL"):
            tag = None  # "air strikes could do": a verb is not followed by an auxiliary
        if tag == "VBP" and prev is not None and prev.tag == "NOUN" and not prev.low.endswith("s"):
            tag = None  # "a large plant": a singular noun takes -s in the present
        if tag in ("VBZ", "VBP") and following is not None and following.text == "," and i + 2 < len(tokens) \
                and tokens[i + 2].tag == "REL":
            tag = None  # "Williams shares, which ...": a noun before its relative clause
        if tag is None and prev is not None and prev.text in (",", "--", "—", "–") and following is not None \
                and following.tag != "PUNCT" and (not sentence_finite or look.after_interruption(i)):
            # "President Clinton, meantime, glossed over"; "Westinghouse, capitalizing on ..., expects"
            tag = "VBD" if "VBD" in readings else ("VBZ" if "VBZ" in readings else None)
        if tag == "VBD" and finite_seen and not finite_in_relative and "VBN" in readings \
                and prev is not None and prev.tag in ("NOUN", "PROPN", "TIME") \
                and not any(t.base in data.reporting_verbs for t in tokens[max(0, i - 8):i] if t.verb):
            tag = "VBN"  # "found the body wrapped in bags": a participle, not a second finite verb
        if tag:
            base = readings.get(tag) or readings.get("VB") or next(iter(readings.values()))
            token.verb, token.base, token.tag = tag, base, "VERB"
            finite_seen = finite_seen or is_finite(token)
            sentence_finite = sentence_finite or (is_finite(token) and not subordinate)
            if is_finite(token):
                finite_count += 1
                finite_in_relative = subordinate and any(t.tag == "REL" for t in tokens[max(0, i - 3):i])


def _choose(readings: dict[str, str], prev: Token | None, token: Token, following: Token | None) -> str | None:
    """The verb form a word takes after `prev`, or None when it reads as a noun or adjective here."""
    if prev is None:
        # Sentence-initial: "Speaking at ..." is a participle, "Approved by ..." too; a base form is an
        # imperative only before a determiner or pronoun.
        if "VBG" in readings:
            return "VBG"
        if "VBN" in readings and following is not None and following.low == "by":
            return "VBN"
        return None
    if prev.verb == "AUX":
        if prev.low in ("has", "have", "had", "having", "been", "'ve", "'s") and "VBN" in readings:
            return "VBN"
        if prev.low in ("am", "is", "are", "was", "were", "be", "been", "being", "'re", "'m"):
            return "VBG" if "VBG" in readings else ("VBN" if "VBN" in readings else None)
        return "VB" if "VB" in readings else next(iter(readings))
    if prev.tag == "TO":
        return "VB" if "VB" in readings else None
    if "VBG" in readings:
        return None if prev.tag in ("DET", "POSS", "ADJ") else "VBG"
    if prev.tag in _NOMINAL_BEFORE:
        return None
    if prev.tag == "NOUN" and "VBN" in readings and following is not None and following.low == "by":
        return "VBN"  # "territories claimed by Ukraine"
    if prev.tag in _SUBJECT_BEFORE or prev.tag == "PUNCT" and prev.text in QUOTES:
        for tag in ("VBD", "VBZ", "VB"):
            if tag in readings:
                return "VBP" if tag == "VB" else tag
        return None
    if prev.tag == "VERB" and prev.verb in ("VBD", "VBZ", "VBP") and "VBN" in readings:
        return None  # "accused Kiev", "gave permitted" — an object, not a second verb
    if prev.text == "," and "VBN" in readings and following is not None and following.low == "by":
        return "VBN"
    if prev.tag == "CONJ" and ("VBD" in readings or "VBZ" in readings):
        return "VBD" if "VBD" in readings else "VBZ"
    return None


def is_finite(token: Token) -> bool:
    """Whether a verb token carries tense on its own (said, sees, was, will)."""
    if token.verb == "AUX":
        return token.low in _FINITE_AUX or token.tag == "MODAL" or token.low in ("'s", "'re", "'m", "'ve", "'ll", "'d")
    return token.verb in ("VBD", "VBZ", "VBP")
