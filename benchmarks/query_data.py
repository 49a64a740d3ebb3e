"""A large, realistic timeline written straight into a migrated database, for the query benchmark.

Many collections of very different sizes (one holds about a fifth of all events, most hold a few
hundred), documents of 1 to 40 events, dates over seven decades (more of them recent), every grain
from seconds to centuries, and sentences made of real English words drawn with a Zipf law from the
project's own language data and sample articles, so a text filter can be common or rare. The same
seed gives the same rows on SQLite and PostgreSQL. PostgreSQL is loaded with COPY, SQLite with
executemany; both in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from chronicle.events.resources import read_lines
from chronicle.store import Database
from chronicle.store.models import DocumentRow, EventRow, TimexRow

REPO = Path(__file__).resolve().parents[1]
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
SOURCES = tuple(f"{name}-{kind}" for name in ("north", "harbour", "capital", "metro", "valley", "coast")
                for kind in ("wire", "times", "herald", "post", "radio"))
UNCERTAIN = ("hypothetical", "negated", "conditional", "future")
# (grain, share of dated events); the rest of the grains' shapes are in `_when`.
GRAIN_SHARES = (("day", 52), ("month", 16), ("year", 10), ("hour", 7), ("minute", 4), ("second", 1),
                ("week", 3), ("quarter", 2), ("season", 2), ("half", 1), ("decade", 1.5), ("century", 0.5))
FIRST_YEAR, LAST_YEAR = 1950, 2026


@dataclass
class Summary:
    """What was generated: counts, and each collection's number of dated events."""

    documents: int = 0
    events: int = 0
    dated_events: int = 0
    collections: dict[str, int] = field(default_factory=dict)

    def largest(self) -> str:
        """The collection with the most dated events."""
        return max(self.collections, key=lambda name: self.collections[name])


class Vocabulary:
    """Real words with Zipf weights, names of actors, and reporting phrases."""

    def __init__(self, rng: random.Random) -> None:
        seeds = " ".join(path.read_text(encoding="utf-8") for path in sorted((REPO / "seeds").glob("*.txt")))
        # The sample articles' words in their own order of frequency, then verb forms in a seeded order.
        counts = Counter(re.findall(r"[a-z]{3,}", seeds.lower()))
        verbs = read_lines("en", "verbs_regular.txt")
        forms = sorted({_past(verb) for verb in verbs} | set(verbs) - set(counts))
        rng.shuffle(forms)
        self.words = [word for word, _ in counts.most_common()] + forms
        self.word_weights = list(accumulate(1 / rank for rank in range(1, len(self.words) + 1)))
        self.verbs = [_past(verb) for verb in verbs]
        names = [line.split("|")[0].strip() for name in ("countries.txt", "places.txt", "organisations.txt")
                 for line in read_lines("en", name)]
        people = [f"{title} {surname}" for title in read_lines("en", "titles.txt")[:20]
                  for surname in ("Adams", "Baker", "Novak", "Kovalenko", "Moreau", "Schmidt", "Tanaka", "Silva")]
        self.actors = names + people
        self.actor_weights = list(accumulate(1 / rank for rank in range(1, len(self.actors) + 1)))

    def some_words(self, rng: random.Random, count: int) -> list[str]:
        """`count` words drawn by their Zipf weight."""
        return rng.choices(self.words, cum_weights=self.word_weights, k=count)

    def some_actors(self, rng: random.Random, count: int) -> list[str]:
        """`count` distinct actors drawn by their Zipf weight."""
        return list(dict.fromkeys(rng.choices(self.actors, cum_weights=self.actor_weights, k=count)))


def _past(verb: str) -> str:
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


def collection_sizes(events: int, rng: random.Random) -> dict[str, int]:
    """Target number of events per collection: a Zipf law, so one holds about a fifth and most a few hundred."""
    count = max(3, min(400, events // 2_500))
    weights = [1 / rank ** 1.1 for rank in range(1, count + 1)]
    total = sum(weights)
    sizes = {f"news-{rank:03d}": max(5, round(events * w / total)) for rank, w in enumerate(weights, 1)}
    names = list(sizes)
    rng.shuffle(names)  # the largest is not always the first by name
    return {name: sizes[original] for name, original in zip(names, sizes, strict=True)}


def _when(rng: random.Random) -> tuple[str, str, str | None, datetime, datetime]:
    """(grain, TIMEX3 value, mod, interval start, interval end) for one dated event, and its words."""
    year = max(FIRST_YEAR, LAST_YEAR - int(rng.expovariate(1 / 14)))
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    grain = rng.choices([g for g, _ in GRAIN_SHARES], weights=[w for _, w in GRAIN_SHARES])[0]
    start = datetime(year, month, day, tzinfo=UTC)
    if grain == "day":
        return grain, start.strftime("%Y-%m-%d"), None, start, start + timedelta(days=1)
    if grain in ("hour", "minute", "second"):
        start = start.replace(hour=rng.randint(0, 23), minute=rng.randint(0, 59) if grain != "hour" else 0,
                              second=rng.randint(0, 59) if grain == "second" else 0)
        step = {"hour": timedelta(hours=1), "minute": timedelta(minutes=1), "second": timedelta(seconds=1)}[grain]
        shape = {"hour": "%Y-%m-%dT%H", "minute": "%Y-%m-%dT%H:%M", "second": "%Y-%m-%dT%H:%M:%S"}[grain]
        return grain, start.strftime(shape), None, start, start + step
    if grain == "week":
        start -= timedelta(days=start.weekday())
        return grain, start.strftime("%G-W%V"), None, start, start + timedelta(days=7)
    if grain == "month":
        first = datetime(year, month, 1, tzinfo=UTC)
        after = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
        mod = rng.choice((None, None, "START", "MID", "END"))
        begin, end = {None: (first, after), "START": (first, first + timedelta(days=10)),
                      "MID": (first + timedelta(days=10), first + timedelta(days=20)),
                      "END": (first + timedelta(days=20), after)}[mod]
        return grain, first.strftime("%Y-%m"), mod, begin, end
    if grain in ("quarter", "season", "half"):
        parts = {"quarter": 4, "season": 4, "half": 2}[grain]
        part = rng.randint(1, parts)
        months = 12 // parts
        begin = datetime(year, (part - 1) * months + 1, 1, tzinfo=UTC)
        end = datetime(year + (part * months) // 12, (part * months) % 12 + 1, 1, tzinfo=UTC)
        label = {"quarter": f"Q{part}", "season": ("WI", "SP", "SU", "FA")[part - 1], "half": f"H{part}"}[grain]
        return grain, f"{year}-{label}", None, begin, end
    if grain == "year":
        return grain, str(year), None, datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    span = 10 if grain == "decade" else 100
    first = year - year % span
    return grain, str(first // span), None, datetime(first, 1, 1, tzinfo=UTC), datetime(first + span, 1, 1, tzinfo=UTC)


def _timex_words(grain: str, mod: str | None, start: datetime, end: datetime) -> str:
    """How a text would say this time."""
    month, date = MONTHS[start.month - 1], f"{MONTHS[start.month - 1]} {start.day}, {start.year}"
    return {
        "day": f"on {date}", "hour": f"at {start:%H}:00 on {date}", "minute": f"at {start:%H:%M} on {date}",
        "second": f"at {start:%H:%M:%S} on {date}", "week": f"in the week of {date}",
        "month": f"in {({'START': 'early ', 'MID': 'mid-', 'END': 'late '}.get(mod or '', ''))}{month} {start.year}",
        "quarter": f"in the quarter starting {month} {start.year}", "season": f"in the season of {month} {start.year}",
        "half": f"in the half-year from {month} {start.year}", "year": f"in {start.year}",
        "decade": f"in the {start.year}s", "century": f"in the {start.year // 100 + 1}th century",
    }[grain]


class Generator:
    """Builds the rows of documents, timexes and events, deterministically from a seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.vocabulary = Vocabulary(self.rng)
        self.created = datetime(2026, 1, 1, tzinfo=UTC)

    def rows(self, events: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], Summary]:
        """(documents, timexes, events, summary) holding about `events` events in all."""
        rng, summary = self.rng, Summary()
        documents: list[dict[str, Any]] = []
        timexes: list[dict[str, Any]] = []
        event_rows: list[dict[str, Any]] = []
        for collection, size in collection_sizes(events, rng).items():
            left = size
            while left > 0:
                count = min(left, rng.randint(1, 40))
                left -= count
                document_id = len(documents) + 1
                source = rng.choice(SOURCES) if rng.random() < 0.95 else None
                documents.append(self._document(document_id, collection, source))
                for position in range(count):
                    timex, event = self._event(document_id, position, collection, source)
                    if timex is not None:
                        timexes.append(timex)
                        summary.collections[collection] = summary.collections.get(collection, 0) + 1
                    event_rows.append(event)
        summary.documents, summary.events = len(documents), len(event_rows)
        summary.dated_events = len(timexes)
        return documents, timexes, event_rows, summary

    def _document(self, document_id: int, collection: str, source: str | None) -> dict[str, Any]:
        published = self.created - timedelta(minutes=document_id)
        body = f"Generated document {document_id}."
        return {
            "id": document_id, "collection": collection, "external_id": None, "source": source,
            "title": " ".join(self.vocabulary.some_words(self.rng, 5)).capitalize(),
            "url": f"https://example.org/{collection}/{document_id}", "lang": "en", "text": body,
            "content_hash": hashlib.sha256(body.encode()).hexdigest(), "published_at": published,
            "utc_offset_minutes": 0, "published_at_source": "given", "published_at_has_time": True,
            "status": "done", "error": None, "attempts": 1, "extractor_version": "generated",
            "created_at": published, "updated_at": published, "queued_at": published,
            "sent_at": published, "started_at": published, "processed_at": published,
        }

    def _event(self, document_id: int, position: int, collection: str,
               source: str | None) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        """One event row, and the timex row it hangs on (None for an undated "later" event)."""
        rng, words = self.rng, self.vocabulary
        actors = words.some_actors(rng, rng.choice((0, 1, 1, 2, 2, 3)))
        subject = actors[0] if actors else "The " + words.some_words(rng, 1)[0]
        verb = rng.choice(words.verbs)
        dated = position == 0 or rng.random() > 0.03
        when = _when(rng) if dated else None
        timex_words = _timex_words(when[0], when[2], when[3], when[4]) if when else "later"
        clause = f"{subject} {verb} {' '.join(words.some_words(rng, rng.randint(3, 9)))}"
        extra_actors = f" with {' and '.join(actors[1:])}" if len(actors) > 1 else ""
        event_text = f"{clause}{extra_actors} {timex_words}"
        reported = rng.random() < 0.3
        sentence = event_text + (f", {words.some_actors(rng, 1)[0]} said." if reported else ".")
        offset = position * 1_000  # sentences are laid out at fixed offsets in the (notional) text
        flags = (["reported"] if reported else []) + ([rng.choice(UNCERTAIN)] if rng.random() < 0.1 else [])
        event = {
            "document_id": document_id, "collection": collection, "source": source, "position": position,
            "sentence_start": offset, "sentence_end": offset + len(sentence), "sentence": sentence,
            "text": event_text, "trigger": verb, "timex_position": position if when else None,
            "relation": "DURING", "interval_start": when[3] if when else None,
            "interval_end": when[4] if when else None, "grain": when[0] if when else None,
            "value": when[1] if when else None, "mod": when[2] if when else None,
            "participants": actors, "flags": flags, "follows": None if when else position - 1,
            "rule": "generated", "extra": {},
        }
        if when is None:
            return None, event
        timex_start = offset + len(event_text) - len(timex_words)
        timex = {
            "document_id": document_id, "position": position, "start_offset": timex_start,
            "end_offset": timex_start + len(timex_words), "text": timex_words, "type": "DATE",
            "value": when[1], "mod": when[2], "interval_start": when[3], "interval_end": when[4],
            "grain": when[0], "rule": "generated",
        }
        return timex, event


def generate(db: Database, *, events: int, seed: int = 1) -> Summary:
    """Write about `events` events (with their documents and timexes) into the empty, migrated `db`."""
    documents, timexes, event_rows, summary = Generator(seed).rows(events)
    if db.dialect == "postgresql":
        _copy(db, documents, timexes, event_rows)
    else:
        with db.write() as session:
            for table, rows in ((DocumentRow, documents), (TimexRow, timexes), (EventRow, event_rows)):
                for begin in range(0, len(rows), 20_000):
                    session.execute(insert(table), rows[begin:begin + 20_000])
    analyze(db)
    return summary


def summarize(db: Database) -> Summary:
    """The Summary of the rows already in `db` (empty when it holds none)."""
    summary = Summary()
    with db.read() as session:
        summary.documents = session.execute(text("SELECT count(*) FROM documents")).scalar_one()
        for collection, events, dated in session.execute(text(
                "SELECT collection, count(*), count(interval_start) FROM events GROUP BY collection")):
            summary.events += events
            summary.dated_events += dated
            summary.collections[collection] = dated
    return summary


def analyze(db: Database) -> None:
    """Fresh statistics (and, on PostgreSQL, a visibility map), as autovacuum would leave them."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if db.dialect == "postgresql" else "ANALYZE"))


def _copy(db: Database, documents: list[dict[str, Any]], timexes: list[dict[str, Any]],
          event_rows: list[dict[str, Any]]) -> None:
    """Load the rows with COPY and move the id sequences past them."""
    with db.engine.begin() as connection:
        cursor = connection.connection.driver_connection.cursor()
        for table, rows in (("documents", documents), ("timexes", timexes), ("events", event_rows)):
            columns = list(rows[0])
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([json.dumps(v) if isinstance(v, list | dict) else v for v in row.values()])
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
