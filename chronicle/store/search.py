"""Substring filters of the timeline query, and the text-search indexes that make them fast.

`q` keeps an event whose text or sentence contains the words, in any case. On PostgreSQL that is a
LIKE of the lowercased needle on `search_text`, the two columns kept lowercased (migration 0004),
which a trigram GIN index (pg_trgm) answers; participants have a trigram index too (0003). On SQLite
an FTS5 trigram table `events_search` finds the rows holding the needle's trigrams, and one ILIKE
per column decides. Either way the rows are exactly those of a plain scan.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Text,
    and_,
    bindparam,
    cast,
    column,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
)

from chronicle.store.models import EventRow

# Backend-specific objects of migrations 0003 and 0004 that the models do not describe.
SEARCH_OBJECTS = frozenset({"events_search", "events_search_data", "events_search_idx", "events_search_docsize",
                            "events_search_config", "ix_events_search_text", "ix_events_search_sentence",
                            "ix_events_search_participants", "search_text", "ix_events_search_lowered"})
# FTS5's trigram tokenizer cannot look up fewer characters than this.
TRIGRAM = 3

_events_search = table("events_search", column("rowid"))
# PostgreSQL only (migration 0004), so not in the models: lower(text) || '\n' || lower(sentence).
SEARCH_TEXT = literal_column("events.search_text", Text)


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """For Alembic's comparison with the models: leave out the text-search objects."""
    return name not in SEARCH_OBJECTS


def like_pattern(needle: str) -> str:
    """A LIKE pattern matching `needle` anywhere, its wildcards escaped with a backslash."""
    return "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# The needles travel as bound values, so a statement is built once for each way of matching.
TEXT_PATTERN = bindparam("text_pattern", type_=Text)
TEXT_PHRASE = bindparam("text_phrase", type_=Text)
PARTICIPANT_PATTERN = bindparam("participant_pattern", type_=Text)


def contains(target: Any, pattern: Any) -> ColumnElement[bool]:
    """`target` contains what the LIKE `pattern` (from `like_pattern`) matches, in any case."""
    return target.ilike(pattern, escape="\\")


def text_match(needle: str, dialect: str) -> str:
    """How `text_contains` matches this needle: "lowered" (PostgreSQL's `search_text`), "indexed"
    (SQLite's FTS5 candidates, then ILIKE) or "scan" (ILIKE on each row)."""
    if dialect == "postgresql" and "\n" not in needle:
        return "lowered"
    return "indexed" if dialect == "sqlite" and len(needle) >= TRIGRAM else "scan"


def text_values(needle: str) -> dict[str, str]:
    """The bound values of `text_contains` for this needle."""
    return {"text_pattern": like_pattern(needle), "text_phrase": '"' + needle.replace('"', '""') + '"'}


def text_contains(match: str, columns: Any = None) -> ColumnElement[bool]:
    """The event's text or sentence contains the needle, in any case (the `q` filter), matched as
    `text_match` chose; `columns` are those of `events` or of a selection from it that holds
    `search_columns(dialect)`.

    PostgreSQL's ILIKE is lower(value) LIKE lower(pattern) in a UTF-8 database, so the match is a
    LIKE on `search_text` (migration 0004: both columns lowercased, joined by a newline); a match
    cannot straddle the newline unless the needle holds one, which is checked on the columns.
    """
    source = EventRow if columns is None else columns
    if match == "lowered":
        lowered = SEARCH_TEXT if columns is None else columns.search_text
        return lowered.like(func.lower(TEXT_PATTERN), escape="\\")
    exact = or_(contains(source.text, TEXT_PATTERN), contains(source.sentence, TEXT_PATTERN))
    if match != "indexed" or columns is not None:
        return exact
    candidates = select(_events_search.c.rowid).where(literal_column("events_search").op("MATCH")(TEXT_PHRASE))
    return and_(EventRow.id.in_(candidates), exact)


def indexed_needle(needle: str, dialect: str) -> bool:
    """Whether PostgreSQL's trigram index can look `needle` up: it holds three letters or digits in
    a row (else the index has no trigram to look for and would return every row) and no newline."""
    return dialect == "postgresql" and "\n" not in needle and re.search(r"[^\W_]{3}", needle) is not None


def search_columns(dialect: str) -> list[Any]:
    """What `text_contains` reads besides the text and the sentence, for a selection it filters."""
    return [SEARCH_TEXT.label("search_text")] if dialect == "postgresql" else []


def participant_match(needle: str, dialect: str) -> str:
    """How `participant_contains` matches this needle: "indexed" (PostgreSQL's trigram index on the
    JSON text first), "prefiltered" (SQLite: the JSON text first, a LIKE far cheaper than reading
    the array) or "scan" (each element)."""
    if any(c in '"\\' or c < " " for c in needle):
        return "scan"
    if dialect == "postgresql" and len(needle) >= TRIGRAM:
        return "indexed"
    # SQLite's JSON text escapes every character beyond ASCII, so only an ASCII needle reads the same.
    return "prefiltered" if dialect == "sqlite" and needle.isascii() else "scan"


def participant_values(needle: str) -> dict[str, str]:
    """The bound values of `participant_contains` for this needle."""
    return {"participant_pattern": like_pattern(needle)}


def participant_contains(match: str, dialect: str, columns: Any = None) -> ColumnElement[bool]:
    """A participant's name contains the needle, in any case (the `participant` filter), matched as
    `participant_match` chose, on the `participants` of `events` or of `columns`.

    Otherwise the array's JSON text must contain the needle too, which PostgreSQL's trigram index
    answers: a needle without quotes, backslashes or control characters (and, on SQLite, all ASCII)
    reads the same in an element as in the JSON text, so this never drops a match, and the check on
    each element still decides.
    """
    participants = (EventRow if columns is None else columns).participants
    exact = any_element(participants, dialect, lambda value: contains(value, PARTICIPANT_PATTERN))
    if match == "scan":
        return exact
    return and_(contains(cast(participants, Text), PARTICIPANT_PATTERN), exact)


def any_element(target: Any, dialect: str, condition: Callable[[Any], ColumnElement[bool]]) -> ColumnElement[bool]:
    """EXISTS an element of the JSON array `target` satisfying `condition` (on a text column)."""
    if dialect == "postgresql":
        elements = func.jsonb_array_elements_text(target).table_valued("value").alias("element")
    else:
        elements = func.json_each(target).table_valued("value").alias("element")
    return exists(select(literal_column("1")).select_from(elements).where(condition(elements.c.value)))
