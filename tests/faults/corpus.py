"""The documents the fault tests send, and what a clean run stores for them.

Exactly once is proven by comparison: every document's stored timexes and events, row for row
(all columns but the ids), must equal what an undisturbed in-process run stores for the same text,
and the tables must hold no row more than those.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from chronicle.ingest import DocumentIn
from chronicle.settings import load_settings
from chronicle.store import Database
from chronicle.store.migrate import upgrade
from chronicle.store.models import DocumentRow, EventRow, TimexRow
from tests.conftest import SEEDS

COLLECTION = "faults"
# 200 documents inside `make test`; `make faults` runs every scenario with 2,000.
DOCUMENTS = int(os.environ.get("CHRONICLE_FAULT_DOCS", "200"))

_OPENINGS = (
    "Officials met on {weekday} and agreed to resume the talks in late {month}.",
    "The ministry said two weeks ago that the inquiry would report by {day} {month} {year}.",
    "Negotiators returned on {weekday}; the following day they signed a memorandum.",
    "The council will vote next {weekday}, a spokesman said, after a delay since early {month}.",
    "Inspectors arrived {days} days ago and left on {month} {day}, {year}.",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_MONTHS = ("January", "March", "April", "June", "August", "October", "December")


def documents(count: int = DOCUMENTS) -> list[dict[str, str]]:
    """`count` distinct submissions: a varied opening sentence on one of the sample articles, with
    publication dates spread over two years, so every document resolves its times differently."""
    bodies = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    made = []
    for i in range(count):
        opening = _OPENINGS[i % len(_OPENINGS)].format(
            weekday=_WEEKDAYS[i % len(_WEEKDAYS)], month=_MONTHS[i % len(_MONTHS)], day=1 + i % 28,
            year=2023 + i % 3, days=2 + i % 9,
        )
        made.append({
            "text": f"Report {i}. {opening}\n{bodies[i % len(bodies)]}",
            "published_at": (date(2023, 1, 2) + timedelta(days=(i * 37) % 730)).isoformat(),
            "collection": COLLECTION, "source": "faults", "external_id": f"fault-{i}",
        })
    return made


@dataclass(frozen=True)
class Stored:
    """What a database holds for the fault collection: rows per document, keyed by external id."""

    statuses: dict[str, str]
    attempts: dict[str, int]
    timexes: dict[str, list[tuple[Any, ...]]]
    events: dict[str, list[tuple[Any, ...]]]
    counts: dict[str, int]  # rows in each table, whatever their document

    def problems(self) -> list[str]:
        """Documents not done, for failure messages."""
        return [f"{key}: {status}" for key, status in sorted(self.statuses.items()) if status != "done"]


_TIMEX_COLUMNS = [c for c in TimexRow.__table__.columns if c.name not in ("id", "document_id")]
_EVENT_COLUMNS = [c for c in EventRow.__table__.columns if c.name not in ("id", "document_id")]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return tuple(sorted((k, repr(v)) for k, v in value.items()))
    return value


def stored(database_url: str, collection: str = COLLECTION) -> Stored:
    """Read every document of `collection` with its timexes and events, ordered by position."""
    db = Database(database_url)
    try:
        with db.read() as session:
            documents = session.execute(
                select(DocumentRow.id, DocumentRow.external_id, DocumentRow.status, DocumentRow.attempts)
                .where(DocumentRow.collection == collection)
            ).all()
            key = {row.id: row.external_id for row in documents}
            timexes: dict[str, list[tuple[Any, ...]]] = {row.external_id: [] for row in documents}
            events: dict[str, list[tuple[Any, ...]]] = {row.external_id: [] for row in documents}
            for table, columns, into in ((TimexRow, _TIMEX_COLUMNS, timexes), (EventRow, _EVENT_COLUMNS, events)):
                query = (select(table.document_id, *columns).where(table.document_id.in_(list(key)))
                         .order_by(table.document_id, table.position))
                for row in session.execute(query):
                    into[key[row[0]]].append(tuple(_plain(value) for value in row[1:]))
            counts = {
                table.__tablename__: session.scalar(select(func.count()).select_from(table))
                for table in (DocumentRow, TimexRow, EventRow)
            }
    finally:
        db.dispose()
    return Stored(
        statuses={row.external_id: row.status for row in documents},
        attempts={row.external_id: row.attempts for row in documents},
        timexes=timexes, events=events, counts=counts,
    )


def clean_run(database_url: str, payloads: Sequence[dict[str, str]]) -> Stored:
    """Process the documents in-process (the embedded default, undisturbed) and read back what is stored."""
    from worker import dispatch
    from worker.app import create_app

    app = create_app(load_settings(database_url=database_url, broker_url=None))
    upgrade(app.chronicle.db())
    for start in range(0, len(payloads), 500):
        dispatch.submit(app, [DocumentIn(**payload) for payload in payloads[start:start + 500]])  # type: ignore[arg-type]
    app.chronicle.db().dispose()
    return stored(database_url)


def assert_same_as_clean(found: Stored, clean: Stored) -> None:
    """Every document done once, with exactly the clean run's timexes and events, and no row more."""
    assert found.problems() == [], f"{len(found.problems())} documents not done: {found.problems()[:10]}"
    assert set(found.statuses) == set(clean.statuses), "the documents stored differ from those submitted"
    differing = sorted(key for key in clean.statuses
                       if (found.timexes[key], found.events[key]) != (clean.timexes[key], clean.events[key]))
    assert differing == [], f"{len(differing)} documents differ from the clean run, e.g. {differing[:5]}"
    assert found.counts == clean.counts, f"row counts {found.counts} differ from the clean run's {clean.counts}"
