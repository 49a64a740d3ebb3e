"""Load a language's resource folder and compile it: tables, blocks, rules and the anchor scan.

A language is a folder `resources/<lang>/` holding vocabulary.yaml (word tables), patterns.yaml
(regular-expression blocks and anchors), rules.yaml (named rules) and tense.yaml (tense markers).
Each file starts with a header describing its format. Nothing here knows any one language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from chronicle.temporal import convert
from chronicle.temporal.follow import narrowed, rule_follows

RESOURCES = Path(__file__).parent / "resources"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ResourceError(ValueError):
    """A resource file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Table:
    """A word table: lower-case word -> value; words in `exact` keep their capitalisation."""

    name: str
    values: dict[str, Any]
    exact: frozenset[str]
    trigger: str | None

    def lookup(self, text: str) -> Any:
        """The value of a matched word (case and spacing normalised)."""
        lowered = text.lower()
        found = self.values.get(lowered)
        return found if found is not None else self.values[" ".join(lowered.split())]


@dataclass(frozen=True)
class Block:
    """A named regular expression with the converter that turns its match into a slot value."""

    name: str
    regex: str
    convert: str | None
    trigger: str | None


@dataclass(eq=False)
class Rule:
    """A named record: pattern, the kind of reading it makes, fixed slots, context vetoes.

    Group names in `regex` carry the prefix `r<index>_` so that no two rules' groups collide.
    """

    name: str
    index: int
    regex: re.Pattern[str]
    first: frozenset[str] | None  # characters a match can start with (None: any)
    kind: str
    fixed: dict[str, Any]
    groups: dict[str, tuple[str, str | None]]  # group -> (slot, table or block; None: raw text)
    classes: frozenset[str]
    type: str | None = None
    unless_before: str | None = None
    unless_after: str | None = None
    source: str = ""                             # the regex's source (the compiled one keeps none)
    first_words: frozenset[str] | None = None    # words a match can begin with (None: any)
    parsed: Any = field(default=None, repr=False)  # the parsed pattern, for `follows` (then dropped)

    @cached_property
    def follows(self) -> tuple[dict[str, frozenset[str] | None] | None, frozenset[str] | None]:
        """On ASCII text, the characters that can come after the first word (per word) and after a
        first number, past whitespace (follow.py); None: any character. Analysed on first use."""
        parsed = self.parsed
        if parsed is None:  # another thread has just analysed the rule (and stored the result first)
            return self.__dict__["follows"]
        found = self.__dict__["follows"] = rule_follows(parsed, self.first_words, self.first)
        self.parsed = None  # the parse tree serves nothing else: let it go
        return found

    @property
    def after_word(self) -> dict[str, frozenset[str] | None] | None:
        """The characters that can follow each first word (see `follows`)."""
        return self.follows[0]

    @property
    def after_number(self) -> frozenset[str] | None:
        """The characters that can follow a first number (see `follows`)."""
        return self.follows[1]

    @property
    def prefix(self) -> str:
        """The prefix of this rule's group names."""
        return f"r{self.index}_"

    @cached_property
    def slot_groups(self) -> tuple[tuple[int, str, str | None], ...]:
        """(group number, slot, source) of `groups`, in order: a match's groups() read at once."""
        return tuple((self.regex.groupindex[group], slot, source) for group, (slot, source) in self.groups.items())

    @cached_property
    def span_group(self) -> str | None:
        """The name of the group that gives the span, when the match holds context around it."""
        name = self.prefix + "span"
        return name if name in self.regex.groupindex else None


@dataclass(frozen=True, slots=True)
class Dispatch:
    """The rules of one anchor class that could start at a token: by its first word when it begins
    with a letter (a rule that could begin with any word, by the word's first character), else by
    its first character. In each table the key "" holds the rules for any other character.

    On ASCII text the rules of a word, or of a number, are narrowed further by the character after
    it and its whitespace ("the" then "w": only the rules that can read "the w"): `after_word`
    and `after_number` (by the number's first digit) map that character to the rules left, or
    hold None where nothing narrows; both are filled on first use, so importing analyses nothing."""

    by_word: dict[str, tuple[Rule, ...]]
    any_word: dict[str, tuple[Rule, ...]]
    by_char: dict[str, tuple[Rule, ...]]
    after_word: dict[str, dict[str, tuple[Rule, ...]] | None] = field(default_factory=dict)
    after_number: dict[str, dict[str, tuple[Rule, ...]] | None] = field(default_factory=dict)

    def narrow_word(self, word: str) -> dict[str, tuple[Rule, ...]] | None:
        """The rules of `word` by the character after it (None: no narrowing), kept for next time."""
        rules = self.by_word[word]
        table = self.after_word[word] = narrowed(rules, tuple(
            None if rule.after_word is None else rule.after_word.get(word) for rule in rules))
        return table

    def narrow_number(self, digit: str) -> dict[str, tuple[Rule, ...]] | None:
        """The rules of a number beginning with `digit` by the character after the number."""
        rules = self.by_char.get(digit, self.by_char[""])
        table = self.after_number[digit] = narrowed(rules, tuple(rule.after_number for rule in rules))
        return table


@dataclass(eq=False)
class Language:
    """A compiled language: everything `recognise` and `tense` need."""

    code: str
    tables: dict[str, Table]
    blocks: dict[str, Block]
    rules: list[Rule]
    word_regex: re.Pattern[str]                  # a non-word character, then an anchor word (group 1), on
                                                 # lower-cased text after a leading space
    word_regex_ascii: re.Pattern[str]            # the same for pure-ASCII text (no Unicode lookups)
    word_regex_any_case: re.Pattern[str]         # the same, for text whose lower() changes length
    word_classes: dict[str, frozenset[str]]
    word_leads: dict[str, str]                   # an anchor word -> its leading letters ("" for "2day")
    digit_anchors: list[tuple[str, re.Pattern[str]]]
    digit_regex: re.Pattern[str]                 # the first digit of every run where some class matches
    digit_classes: re.Pattern[str]               # at such a digit: group i set when class i matches
    digit_regex_ascii: re.Pattern[str]           # digit_regex for pure-ASCII text
    prefix_words: frozenset[str]                 # words a rule may have before its anchor
    rules_by_class: dict[str, Dispatch]          # anchor class -> rules by first word or character
    tense: dict[str, Any] = field(default_factory=dict)

    def slot_value(self, source: str, text: str) -> Any:
        """Convert the text a table or block matched into its slot value."""
        table = self.tables.get(source)
        if table is not None:
            return table.lookup(text)
        block = self.blocks[source]
        if block.convert is None:
            return text
        return convert.CONVERTERS[block.convert](text, self)


@lru_cache(maxsize=1)
def available() -> tuple[str, ...]:
    """The language codes that have a resource folder."""
    return tuple(sorted(p.name for p in RESOURCES.iterdir() if (p / "rules.yaml").is_file()))


@lru_cache(maxsize=None)
def load(code: str) -> Language:
    """Read and compile the resource folder of language `code` (once per process)."""
    from chronicle.temporal.compile import Compiler, anchor_words, prefix_words, trie_regex

    folder = RESOURCES / code
    if not (folder / "rules.yaml").is_file():
        raise ValueError(f"lang {code!r} has no resources; available: {list(available())}")
    vocabulary = _read(folder / "vocabulary.yaml")
    patterns = _read(folder / "patterns.yaml")
    rule_specs = _read(folder / "rules.yaml") or []
    tables = {name: _table(name, spec, folder) for name, spec in (vocabulary.get("tables") or {}).items()}
    blocks = {
        name: Block(name, spec["regex"], spec.get("convert"), spec.get("trigger"))
        for name, spec in (patterns.get("blocks") or {}).items()
    }
    for block in blocks.values():
        if block.convert is not None and block.convert not in convert.CONVERTERS:
            raise ResourceError(f"{folder}/patterns.yaml: block {block.name!r} has unknown converter {block.convert!r}")
    compiler = Compiler(tables, blocks, folder)
    rules = [compiler.rule(i, spec) for i, spec in enumerate(rule_specs)]
    anchors = patterns.get("anchors") or {}
    word_classes = anchor_words(tables, anchors.get("words") or {})
    words = trie_regex(sorted(word_classes))
    digit_specs = anchors.get("digits") or {}
    digit_anchors = [(cls, re.compile(regex, re.IGNORECASE)) for cls, regex in digit_specs.items()]
    for cls, regex in digit_anchors:
        if regex.groups:  # recognise reads one group per class from a combined pattern
            raise ResourceError(f"{folder}/patterns.yaml: digit anchor {cls!r} has a capturing group; use (?:...)")
    # One scan finds the runs worth classifying: a look-ahead inside a one-character look-behind
    # tests every class at the run's first digit, and the leading \d keeps the engine's fast search.
    any_class = "|".join(f"(?:{regex})" for regex in digit_specs.values()) or "(?!)"
    # The ASCII twins spell their leading class as a set: the search tests every character against
    # it, and a set compiles to a bitmap test, cheaper than a category lookup.
    tense_file = folder / "tense.yaml"
    return Language(
        code, tables, blocks, rules,
        word_regex=re.compile(rf"\W({words})\b"),
        word_regex_ascii=re.compile(rf"[^A-Za-z0-9_]({words})\b", re.ASCII),
        word_regex_any_case=re.compile(rf"\W({words})\b", re.IGNORECASE),
        word_classes=word_classes,
        word_leads={word: re.match(r"[^\W\d_]*", word)[0] for word in word_classes},
        digit_anchors=digit_anchors,
        digit_regex=re.compile(rf"\d(?<!\d\d)(?<=(?={any_class})\d)", re.IGNORECASE),
        digit_regex_ascii=re.compile(rf"[0-9](?<![0-9][0-9])(?<=(?={any_class})[0-9])", re.IGNORECASE | re.ASCII),
        digit_classes=re.compile("".join(f"(?:(?=(?P<c{i}>{regex}))|)" for i, regex in enumerate(digit_specs.values())),
                                 re.IGNORECASE),
        prefix_words=prefix_words(tables, rule_specs, word_classes),
        rules_by_class=compiler.rules_by_class(rules),
        tense=_read(tense_file) if tense_file.is_file() else {},
    )


def _read(path: Path) -> Any:
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_LOADER)


def _table(name: str, spec: dict[str, Any], folder: Path) -> Table:
    words = spec.get("words")
    if spec.get("dateparser"):  # words from dateparser's locale data, then the folder's corrections
        from chronicle.temporal.locale_data import calendar_words

        words = {**calendar_words(folder.name)[spec["dateparser"]], **(words or {})}
        for word in spec.get("drop") or ():
            words.pop(word, None)
    if not isinstance(words, dict) or not words:
        raise ResourceError(f"{folder}/vocabulary.yaml: table {name!r} needs a non-empty `words` mapping")
    values = {" ".join(str(word).lower().split()): value for word, value in words.items()}
    return Table(name, values, frozenset(spec.get("exact") or ()), spec.get("trigger"))


