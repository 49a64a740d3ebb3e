"""Whether two reports tell the same event: content words (lemmatised, synonyms folded) and actors."""

from __future__ import annotations

import re
from functools import lru_cache

from chronicle.events.resources import Language, language
from chronicle.timeline.entry import TimelineEvent

_WORD = re.compile(r"[A-Za-z]+")
_TITLES = frozenset({"president", "minister", "prime", "secretary", "spokesman", "spokeswoman", "official",
                     "officials", "chancellor", "leader", "leaders", "mr", "mrs", "ms", "dr", "gen"})


def _lemma(word: str, data: Language) -> str:
    readings = data.verb_forms.get(word)
    if readings:
        word = readings.get("VB") or next(iter(readings.values()))
    elif word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    return data.synonyms.get(word, word)


@lru_cache(maxsize=4096)
def content_words(text: str, names: tuple[str, ...] = (), lang: str = "en") -> frozenset[str]:
    """The lemmatised, synonym-folded content words of an event text, less its actors' names."""
    data = language(lang)
    skip = {w.lower() for name in names for w in _WORD.findall(name)}
    aliases = {alias.lower() for alias in data.gazetteer.names}
    words = set()
    for word in _WORD.findall(text):
        low = word.lower()
        if low in skip or low in data.function_words or low in _TITLES or len(low) < 3:
            continue
        if low in aliases or word in data.gazetteer.names:
            continue  # a country, demonym or capital: compared as an actor
        if word[0].isupper() and low not in data.verb_forms and word != text.split(" ", 1)[0]:
            continue  # a name: compared as an actor
        words.add(_lemma(low, data))
    words.discard("say")  # "said" tells nothing about what happened; what was said does
    return frozenset(words)


def actors(event: TimelineEvent, lang: str = "en") -> frozenset[str]:
    """Participants compared loosely: a capital counts as its country, a person by surname."""
    data = language(lang)
    keys = set()
    for name in event.participants:
        canonical = data.gazetteer.names.get(name, name)
        canonical = data.gazetteer.capital_of.get(canonical, canonical)
        kind = data.gazetteer.kinds.get(canonical)
        keys.add(canonical.lower() if kind else canonical.split()[-1].lower())
    return frozenset(keys)


def trigger_class(event: TimelineEvent, lang: str = "en") -> str | None:
    """The trigger's lemma with synonyms folded ("approved" and "authorized" -> "allow")."""
    return _lemma(event.trigger.lower(), language(lang)) if event.trigger else None


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two word sets (0 when both are empty)."""
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def text_similarity(a: TimelineEvent, b: TimelineEvent) -> float:
    """How alike two event texts are, 0..1, names aside."""
    names = tuple(a.participants) + tuple(b.participants)
    return dice(content_words(a.text, names), content_words(b.text, names))


def overlaps(a: TimelineEvent, b: TimelineEvent) -> bool:
    """Whether the two events' half-open intervals share any instant."""
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return False
    return a.start < b.end and b.start < a.end


def _bound_only(event: TimelineEvent) -> bool:
    """Dated to the publication date only because it happened by then ("has said"): no real date to
    merge on or to disagree with."""
    return "publication_date" in event.flags


MERGE_SAME_TRIGGER = 0.25  # text similarity enough to merge when the triggers agree
MERGE_ANY_TRIGGER = 0.5    # text similarity enough to merge whatever the triggers
CONFLICT = 0.35            # text similarity for "the same event" when the dates disagree


def same_event_score(a: TimelineEvent, b: TimelineEvent) -> float:
    """0 when a and b cannot be one event reported twice, else how alike they are (higher is closer).
    Needs two documents and a shared actor (when both name any); see docs/decisions.md."""
    if a.document_id == b.document_id or _bound_only(a) or _bound_only(b):
        return 0.0
    actors_a, actors_b = actors(a), actors(b)
    if actors_a and actors_b and not actors_a & actors_b:
        return 0.0
    score = text_similarity(a, b)
    if trigger_class(a) == trigger_class(b) and trigger_class(a) is not None:
        return score if score >= MERGE_SAME_TRIGGER else 0.0
    return score if score >= MERGE_ANY_TRIGGER else 0.0


def conflicting(a: TimelineEvent, b: TimelineEvent) -> bool:
    """One event (same trigger, shared actor, alike text) that two sources date to disjoint times."""
    if a.start is None or b.start is None or overlaps(a, b) or a.document_id == b.document_id:
        return False
    if _bound_only(a) or _bound_only(b):
        return False
    if a.source is not None and a.source == b.source:
        return False
    if trigger_class(a) != trigger_class(b) or not (actors(a) & actors(b)):
        return False
    return text_similarity(a, b) >= CONFLICT
