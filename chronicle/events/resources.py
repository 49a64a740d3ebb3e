"""Language data for event extraction: plain-text files under resources/<lang>/, compiled once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as importlib_resources

TAGS = ("DET", "PRON", "POSS", "PREP", "CONJ", "SUB", "REL", "AUX", "MODAL", "NEG", "ADV", "TO", "NUM")
RELATIONS = ("DURING", "BEFORE", "AFTER")


def read_lines(lang: str, name: str) -> list[str]:
    """The non-blank, non-comment lines of resources/<lang>/<name>, stripped."""
    folder = importlib_resources.files("chronicle.events") / "resources" / lang
    if not folder.is_dir():
        raise ValueError(f"no event resources for language {lang!r}")
    text = (folder / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@dataclass(frozen=True)
class Gazetteer:
    """Named actors: alias -> canonical name, and capital -> its country."""

    names: dict[str, str]
    kinds: dict[str, str]
    capital_of: dict[str, str]
    # first word -> the word counts of the names it starts, longest first: most capitalised words
    # start no name, and are then passed over without building a phrase to look up
    sizes_by_first: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.sizes_by_first:
            sizes: dict[str, set[int]] = {}
            for alias in self.names:
                words = alias.split(" ")
                sizes.setdefault(words[0], set()).add(len(words))
            self.sizes_by_first.update((first, tuple(sorted(n, reverse=True))) for first, n in sizes.items())


@dataclass(frozen=True)
class Language:
    """Everything event extraction knows about one language, compiled from its data files."""

    lang: str
    abbreviations: frozenset[str]
    title_abbreviations: frozenset[str]
    sentence_openers: frozenset[str]
    function_words: dict[str, tuple[str, ...]]
    verb_forms: dict[str, dict[str, str]]  # form -> {tag: base}; tags VB VBZ VBD VBN VBG
    reporting_verbs: frozenset[str]
    relations: dict[tuple[str, ...], str]
    anaphora: frozenset[str]
    sequence: tuple[tuple[str, ...], ...]
    negation: tuple[tuple[str, ...], ...]
    hypothetical: tuple[tuple[str, ...], ...]
    conditional: tuple[tuple[str, ...], ...]
    future: tuple[tuple[str, ...], ...]
    gazetteer: Gazetteer
    titles: tuple[tuple[str, ...], ...]
    titles_by_first: dict[str, tuple[tuple[str, ...], ...]]
    not_names: frozenset[str]
    synonyms: dict[str, str]
    # The tagger's answers for words out of context, remembered across sentences and documents
    # (see tokens.remembered): most words of a text have been looked at before.
    word_answers: dict[object, object] = field(default_factory=dict, compare=False, repr=False)


def _phrases(lang: str, name: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(line.lower().split()) for line in read_lines(lang, name))


def _function_words(lang: str) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for line in read_lines(lang, "function_words.txt"):
        word, tag = line.split()
        if tag not in TAGS:
            raise ValueError(f"function_words.txt: unknown tag {tag!r} for {word!r}")
        table[word] = table.get(word, ()) + (tag,)
    return table


def _regular_forms(base: str) -> dict[str, set[str]]:
    """The -s, -ed and -ing forms of a regular verb, with common spelling variants."""
    vowels = "aeiou"
    if base.endswith(("s", "x", "z", "ch", "sh", "o")):
        third = {base + "es"}
    elif base.endswith("y") and base[-2:-1] not in vowels:
        third = {base[:-1] + "ies"}
    else:
        third = {base + "s"}
    if base.endswith("e"):
        past, ing = {base + "d"}, {base[:-1] + "ing"} if not base.endswith(("ee", "ye", "oe")) else {base + "ing"}
    elif base.endswith("y") and base[-2:-1] not in vowels:
        past, ing = {base[:-1] + "ied"}, {base + "ing"}
    else:
        past, ing = {base + "ed"}, {base + "ing"}
        if len(base) >= 3 and base[-1] not in vowels + "wxy" and base[-2] in vowels and base[-3] not in vowels:
            past.add(base + base[-1] + "ed")  # stop -> stopped, signal -> signalled
            ing.add(base + base[-1] + "ing")
    return {"VB": {base}, "VBZ": third, "VBD": past, "VBN": past, "VBG": ing}


def _verb_forms(lang: str, extra_bases: set[str]) -> dict[str, dict[str, str]]:
    forms: dict[str, dict[str, str]] = {}

    def add(form: str, tag: str, base: str) -> None:
        forms.setdefault(form, {}).setdefault(tag, base)

    for line in read_lines(lang, "verbs_irregular.txt"):
        base, past, participle = line.split()
        regular = _regular_forms(base)
        for tag in ("VB", "VBZ", "VBG"):
            for form in regular[tag]:
                add(form, tag, base)
        for form in past.split("/"):
            add(form, "VBD", base)
        for form in participle.split("/"):
            add(form, "VBN", base)
    for base in set(read_lines(lang, "verbs_regular.txt")) | extra_bases:
        for tag, words in _regular_forms(base).items():
            for form in words:
                add(form, tag, base)
    return forms


def _gazetteer(lang: str) -> Gazetteer:
    names: dict[str, str] = {}
    kinds: dict[str, str] = {}
    capital_of: dict[str, str] = {}

    def add(alias: str, canonical: str, kind: str) -> None:
        if alias:
            names.setdefault(alias, canonical)
            kinds.setdefault(canonical, kind)

    for line in read_lines(lang, "countries.txt"):
        canonical, aliases, capitals = (part.strip() for part in line.split("|"))
        add(canonical, canonical, "country")
        for alias in aliases.split(","):
            add(alias.strip(), canonical, "country")
        for capital in capitals.split(","):
            add(capital.strip(), capital.strip(), "capital")
            capital_of[capital.strip()] = canonical
    for name, kind in (("places.txt", "place"), ("organisations.txt", "organisation")):
        for line in read_lines(lang, name):
            canonical, _, aliases = (part.strip() for part in line.partition("|"))
            add(canonical, canonical, kind)
            for alias in aliases.split(","):
                add(alias.strip(), canonical, kind)
    return Gazetteer(names=names, kinds=kinds, capital_of=capital_of)


def _synonyms(lang: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in read_lines(lang, "synonyms.txt"):
        words = line.lower().split()
        for word in words:
            table.setdefault(word, words[0])
    return table


@lru_cache(maxsize=None)
def language(lang: str = "en") -> Language:
    """The compiled data of `lang` (read from disk once per process)."""
    abbreviations, titled = set(), set()
    for line in read_lines(lang, "abbreviations.txt"):
        abbr, _, kind = line.partition(" ")
        abbreviations.add(abbr)
        if kind.strip() == "title":
            titled.add(abbr)
    relations = {}
    for line in read_lines(lang, "relations.txt"):
        *words, relation = line.split()
        if relation not in RELATIONS:
            raise ValueError(f"relations.txt: unknown relation {relation!r}")
        relations[tuple(w.lower() for w in words)] = relation
    reporting = frozenset(read_lines(lang, "reporting_verbs.txt"))
    titles = tuple(sorted((tuple(t.split()) for t in read_lines(lang, "titles.txt")), key=len, reverse=True))
    return Language(
        lang=lang,
        abbreviations=frozenset(abbreviations),
        title_abbreviations=frozenset(titled),
        sentence_openers=frozenset(read_lines(lang, "sentence_openers.txt")),
        function_words=_function_words(lang),
        verb_forms=_verb_forms(lang, set(reporting)),
        reporting_verbs=reporting,
        relations=relations,
        anaphora=frozenset(line.lower() for line in read_lines(lang, "anaphora.txt")),
        sequence=_phrases(lang, "sequence.txt"),
        negation=_phrases(lang, "negation.txt"),
        hypothetical=_phrases(lang, "hypothetical.txt"),
        conditional=_phrases(lang, "conditional.txt"),
        future=_phrases(lang, "future.txt"),
        gazetteer=_gazetteer(lang),
        titles=titles,
        titles_by_first={first: tuple(t for t in titles if t[0] == first) for first in {t[0] for t in titles}},
        not_names=frozenset(read_lines(lang, "not_names.txt")),
        synonyms=_synonyms(lang),
    )
