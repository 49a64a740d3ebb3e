"""Compile a language's resources: expand {macros}, build rule regexes, anchor words and the trie."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from re import _compiler, _parser  # to analyse a rule's parsed pattern before compiling it

from chronicle.temporal.first import first_and_empty, first_chars, first_words
from chronicle.temporal.language import Block, Dispatch, ResourceError, Rule, Table

_MACRO = re.compile(r"\{(=?)([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z_][A-Za-z0-9_]*))?\}")
_RAW_GROUP = re.compile(r"\(\?P<([A-Za-z_][A-Za-z0-9_]*)>")
# Every rule starts and ends at a word edge, never inside a number, a decimal or an amount of money.
_LEFT_EDGE = r"(?<![\w$£€¥#@])(?<!\d[.,:/-])"
_RIGHT_EDGE = r"(?!\w)(?![.,:/-]\d)(?!\s?%)"
# The flag as a plain int: the parser and compiler test flags thousands of times, and each test on
# the RegexFlag enum is a Python-level call (re.compile converts it the same way).
_IGNORECASE = re.IGNORECASE.value
KINDS = ("date", "offset", "duration", "set", "generic", "anaphor", "range")
SPAN_GROUPS = ("span", "span1", "span2")


def _phrase_regex(word: str, exact: bool) -> str:
    body = r"\s+".join(re.escape(part) for part in word.split())
    return f"(?-i:{body})" if exact else body


def _spaces(pattern: str) -> str:
    """A space outside a character class matches any run of whitespace (a quantified space, " ?",
    one whitespace character under that quantifier)."""
    out, depth, escaped = [], 0, False
    for index, char in enumerate(pattern):
        if escaped:
            out.append(char)
            escaped = False
            continue
        if char == "\\":
            escaped = True
        elif char == "[":
            depth += 1
        elif char == "]" and depth:
            depth -= 1
        elif char == " " and depth == 0:
            quantified = pattern[index + 1:index + 2] in ("?", "*", "+", "{")
            out.append(r"\s" if quantified else r"\s+")
            continue
        out.append(char)
    return "".join(out)


class _Nullable(Exception):
    """A macro that can match nothing cannot stand in for its first characters."""


class Compiler:
    """Expands {macros} into regular expressions and compiles rules."""

    def __init__(self, tables: dict[str, Table], blocks: dict[str, Block], folder: Path) -> None:
        self.tables, self.blocks, self.folder = tables, blocks, folder
        self._inline: dict[str, str] = {}
        self._firsts: dict[str, tuple[frozenset[str] | None, bool]] = {}

    def inline(self, name: str, where: str) -> str:
        """The non-capturing regex of a table or block."""
        if name in self._inline:
            return self._inline[name]
        if name in self.tables:
            table = self.tables[name]
            exact = {word.lower(): word for word in table.exact}
            alternatives = [_phrase_regex(exact[word], True)
                            for word in sorted(table.values, key=lambda w: (-len(w), w)) if word in exact]
            inexact = sorted(w for w in table.values if w not in exact)
            if inexact:
                alternatives.append(trie_regex(inexact))
            regex = "(?:" + "|".join(alternatives) + ")"
        elif name in self.blocks:
            inner = _MACRO.sub(lambda m: self.inline(m.group(2), f"block {name!r}"), self.blocks[name].regex)
            regex = "(?:" + _spaces(inner) + ")"
        else:
            raise ResourceError(f"{self.folder}: {where} refers to unknown table or block {{{name}}}")
        self._inline[name] = regex
        return regex

    def rule(self, index: int, spec: dict[str, Any]) -> Rule:
        """Compile one rule record (its groups prefixed r<index>_), checking it compiles alone."""
        name = spec.get("name")
        where = f"{self.folder}/rules.yaml: rule {name or index!r}"
        if not name or "pattern" not in spec:
            raise ResourceError(f"{where} needs a name and a pattern")
        kind = spec.get("make")
        if kind not in KINDS:
            raise ResourceError(f"{where} has make={kind!r}; expected one of {KINDS}")
        prefix = f"r{index}_"
        groups: dict[str, tuple[str, str | None]] = {}
        classes: set[str] = set()

        def raw(match: re.Match[str]) -> str:
            group = match.group(1)
            if group not in SPAN_GROUPS:
                groups[prefix + group] = (group, None)
            return f"(?P<{prefix}{group}>"

        def expand(match: re.Match[str]) -> str:
            silent, source, slot = match.group(1), match.group(2), match.group(3) or match.group(2)
            regex = self.inline(source, where)
            trigger = (self.tables.get(source) or self.blocks.get(source)).trigger
            if trigger is None and source in self.blocks:
                trigger = _nested_trigger(self.blocks[source].regex, self.tables, self.blocks)
            # A table the rule only rules out ("(?! {=unit})") is no reason to try the rule.
            if trigger and not any(start <= match.start() < end for start, end in negative):
                classes.add(trigger)
            if silent:
                return regex
            group = f"{prefix}{slot}__{len(groups)}"
            groups[group] = (slot, source)
            return f"(?P<{group}>{regex})"

        spaced = _RAW_GROUP.sub(raw, _spaces(spec["pattern"]))
        negative = _negative_lookarounds(spaced)
        body = _MACRO.sub(expand, spaced)
        for table in ("unless_before", "unless_after"):
            if spec.get(table) and spec[table] not in self.tables:
                raise ResourceError(f"{where}: {table} names unknown table {spec[table]!r}")
        classes.update(spec.get("anchors") or ())
        if spec.get("runs_on"):
            classes = set(spec["runs_on"])
        if not classes:
            raise ResourceError(f"{where} uses no anchor table or block, so it could never run")
        source = _LEFT_EDGE + "(?:" + body + ")" + _RIGHT_EDGE
        try:  # parsed once: the parse serves both the first-word analysis and the compiled pattern
            parsed = _parser.parse(source, _IGNORECASE)
            regex = _compiler.compile(parsed, _IGNORECASE)
        except re.error as error:
            raise ResourceError(f"{where} does not compile: {error}") from None
        rule = Rule(name, index, regex, self._first(spaced), kind, dict(spec.get("with") or {}), groups, frozenset(classes),
                    spec.get("type"), spec.get("unless_before"), spec.get("unless_after"),
                    source=source, first_words=first_words(parsed), parsed=parsed)
        return rule

    def _first(self, pattern: str) -> frozenset[str] | None:
        """A rule's first characters, from its skeleton: each {macro} a placeholder character
        standing for the macro's own first characters (analysed once per macro)."""
        placeholders: dict[str, frozenset[str] | None] = {}

        def stand_in(match: re.Match[str]) -> str:
            chars, empty = self._macro_first(match.group(2))
            if empty:
                raise _Nullable
            char = chr(0xE000 + len(placeholders))
            placeholders[char] = chars
            return char

        try:
            skeleton = _LEFT_EDGE + "(?:" + _MACRO.sub(stand_in, pattern) + ")"
        except _Nullable:
            skeleton = _LEFT_EDGE + "(?:" + _MACRO.sub(lambda m: self.inline(m.group(2), "rule"), pattern) + ")"
        return first_chars(skeleton, placeholders=placeholders)

    def _macro_first(self, name: str) -> tuple[frozenset[str] | None, bool]:
        if name not in self._firsts:
            self._firsts[name] = first_and_empty(self.inline(name, "rule"))
        return self._firsts[name]

    def rules_by_class(self, rules: list[Rule]) -> dict[str, Dispatch]:
        """Anchor class -> the rules that could start at a given word or character (in file order)."""
        by_class: dict[str, list[Rule]] = {}
        for rule in rules:
            for cls in rule.classes:
                by_class.setdefault(cls, []).append(rule)
        dispatch: dict[str, Dispatch] = {}
        for cls, members in by_class.items():
            any_word = [rule for rule in members if rule.first_words is None]
            words = set().union(*(rule.first_words for rule in members if rule.first_words is not None))
            by_word = {word: tuple(r for r in members if r.first_words is None or word in r.first_words)
                       for word in words}
            dispatch[cls] = Dispatch(by_word, _by_first_char(any_word), _by_first_char(members))
        return dispatch


def _by_first_char(rules: list[Rule]) -> dict[str, tuple[Rule, ...]]:
    """First character -> the rules that could start with it; "" -> those that could start anywhere."""
    chars = set().union(*(rule.first for rule in rules if rule.first is not None))
    table = {char: tuple(r for r in rules if r.first is None or char in r.first) for char in chars}
    table[""] = tuple(rule for rule in rules if rule.first is None)
    return table


def _negative_lookarounds(pattern: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of every negative look-ahead or look-behind in a pattern."""
    spans, open_groups, in_class, escaped = [], [], False, False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            open_groups.append((index, pattern.startswith(("(?!", "(?<!"), index)))
        elif char == ")" and open_groups:
            start, negative = open_groups.pop()
            if negative:
                spans.append((start, index + 1))
    return spans


def _nested_trigger(regex: str, tables: dict[str, Table], blocks: dict[str, Block]) -> str | None:
    for match in _MACRO.finditer(regex):
        source = tables.get(match.group(2)) or blocks.get(match.group(2))
        if source is not None and source.trigger:
            return source.trigger
    return None


_TOKENS = re.compile(r"[^\W_]+")


def anchor_word(phrase: str, own_keys: frozenset[str] | set[str] = frozenset()) -> str:
    """What the first scan looks for to find a table's word: the word itself; for a phrase, a word
    of it that is a key of the same table ("christmas" in "christmas day"), else the whole phrase
    ("good friday", "these days") so that common words ("day") do not run the table's rules."""
    tokens = _TOKENS.findall(phrase.lower())
    if len(tokens) <= 1:
        return tokens[0] if tokens else phrase.lower()
    own = [t for t in tokens if t in own_keys]
    if own:
        return own[-1]
    return normal_phrase(phrase)


def normal_phrase(text: str) -> str:
    """Lower case, single spaces, straight apostrophes, no final dot: how anchor phrases are keyed."""
    return " ".join(text.lower().replace("’", "'").split()).rstrip(".")


def anchor_words(tables: dict[str, Table], extra: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """Anchor word or phrase -> the classes it anchors: tables' trigger words plus the listed ones."""
    classes: dict[str, set[str]] = {}
    for table in tables.values():
        if table.trigger:
            single = {word for word in table.values if len(_TOKENS.findall(word)) == 1}
            for word in table.values:
                classes.setdefault(anchor_word(word, single), set()).add(table.trigger)
    for cls, words in extra.items():
        for word in words:
            classes.setdefault(anchor_word(str(word)), set()).add(cls)
    return {word: frozenset(found) for word, found in classes.items()}


def prefix_words(tables: dict[str, Table], rules: list[dict[str, Any]], anchors: dict[str, Any]) -> frozenset[str]:
    """Every word a rule can spell or a table can match: only these may precede an anchor in a match."""
    words = set(anchors)
    for table in tables.values():
        for phrase in table.values:
            words.update(t for t in _TOKENS.findall(phrase) if not t.isdigit())
    words.update(word.lower() for word in _TOKENS.findall(" ".join(anchors)))
    for spec in rules:
        literal = re.sub(r"\\[A-Za-z]|\{[^}]*\}|\(\?P?<[^>]*>", " ", str(spec.get("pattern", "")))
        words.update(w.lower() for w in re.findall(r"[^\W\d_]+", literal))  # any alphabet
    return frozenset(words)


def trie_regex(words: list[str]) -> str:
    """A regex equivalent to an alternation of `words`, shaped as a trie so it fails fast."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = []
        for char in sorted(k for k in node if k):
            piece = r"\s+" if char == " " else "['’]" if char == "'" else re.escape(char)
            branches.append(piece + emit(node[char]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return "(?:" + emit(trie) + ")"
