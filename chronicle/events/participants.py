"""Named actors of a clause — people, countries, organisations, places — from capitalisation and
gazetteer data files, with surnames resolved to the full name seen earlier in the document."""

from __future__ import annotations

from chronicle.events.resources import Language
from chronicle.events.tokens import Token

_JOINERS = frozenset({"of", "for", "the", "and", "de", "al"})


class People:
    """Full names of people seen so far in one document, so that "Biden" reads as "Joe Biden"."""

    def __init__(self) -> None:
        self.by_surname: dict[str, str] = {}

    def full(self, name: str) -> str:
        """The full name for a bare surname, else the name itself; remembers multi-word names."""
        words = name.split()
        if len(words) == 1:
            return self.by_surname.get(name, name)
        self.by_surname.setdefault(words[-1], name)
        return name


def participants(tokens: list[Token], data: Language, people: People) -> tuple[str, ...]:
    """The named actors among `tokens` (one clause), canonical names first-seen first."""
    found: dict[str, None] = {}  # ordered, and a clause may name thousands
    titles = data.titles_by_first
    i, count = 0, len(tokens)
    while i < count:
        text = tokens[i].text
        if not text[:1].isupper() and text not in titles:
            i += 1  # the common case, decided here as _name_at would
            continue
        name, i = _name_at(tokens, i, data, people)
        if name:
            found[name] = None
    return tuple(found)


def _name_at(tokens: list[Token], i: int, data: Language, people: People) -> tuple[str | None, int]:
    """The actor starting at token i (or None) and the index to go on from."""
    names = data.gazetteer.names
    tok = tokens[i]
    if not tok.capitalised and tok.text not in data.titles_by_first:
        return None, i + 1  # names and titles start with a capital, bar "spokesman" and kin
    for size in data.gazetteer.sizes_by_first.get(tok.text, ()) if tok.capitalised else ():
        if size > 4 or i + size > len(tokens):
            continue
        words = tokens[i:i + size]
        phrase = _join(words) if size > 1 else tok.text
        if phrase in names and not any(t.tag == "TIME" for t in words):  # no name runs into a time
            return names[phrase], i + size
    if tok.tag == "TIME" or not tok.text[:1].isalpha():
        return None, i + 1
    if "-" in tok.text and tok.capitalised:  # US-supplied, American-made
        head = tok.text.split("-")[0]
        return names.get(head), i + 1
    title = _title_at(tokens, i, data)
    if title:
        run = _capitalised_run(tokens, i + title, data)
        if run > i + title:
            return people.full(_join(tokens[i + title:run])), run
        return None, i + title
    if not tok.capitalised or not _may_be_name(tokens, i, data):
        return None, i + 1
    run = _capitalised_run(tokens, i, data)
    if run == i:
        return None, i + 1
    name = _join(tokens[i:run])
    if name.isupper() and name not in names:
        return None, run  # an unknown acronym is more often a thing (ATACMS) than an actor
    return people.full(name), run


def _title_at(tokens: list[Token], i: int, data: Language) -> int:
    """How many tokens a title ("President", "spokesman") starting at i takes, or 0."""
    for title in data.titles_by_first.get(tokens[i].text, ()):
        words = tokens[i:i + len(title)]
        if len(words) == len(title) and all(w.text == t for w, t in zip(words, title)):
            return len(title)
    return 0


def _capitalised_run(tokens: list[Token], i: int, data: Language) -> int:
    """The end of a run of capitalised words starting at i (joiners allowed inside)."""
    j = i
    while j < len(tokens):
        tok = tokens[j]
        if tok.capitalised and tok.text[:1].isalpha() and tok.tag != "TIME" and tok.text not in data.not_names:
            j += 1
        elif tok.low in _JOINERS and j > i and j + 1 < len(tokens) and tokens[j + 1].capitalised:
            j += 1
        else:
            break
    while j > i and tokens[j - 1].low in _JOINERS:
        j -= 1
    return j


def _may_be_name(tokens: list[Token], i: int, data: Language) -> bool:
    """Whether a capitalised word can start a name (not a capitalised common word)."""
    tok = tokens[i]
    if tok.text in data.not_names:
        return False
    first = i == 0 or tokens[i - 1].text in ("“", '"', "‘", "(", "—", "–", ":")
    if first and (tok.low in data.function_words or tok.verb or tok.low in data.verb_forms):
        return False
    return tok.tag in ("PROPN", "NOUN", "ADJ")


def _join(tokens: list[Token]) -> str:
    """The words of tokens joined as written (one space between words)."""
    return " ".join(t.text for t in tokens)
