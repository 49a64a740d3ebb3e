"""Storage: the only code that imports SQLAlchemy. Documents, their timexes and events, the timeline.

Functions take the session and keyword-only arguments; `Database.write()` and `Database.read()`
give sessions whose transaction the caller owns.
"""

from chronicle.store.documents import add_documents, count_by_status, mark_unsent, statuses
from chronicle.store.engine import Database, StoreUnavailable, database, reset
from chronicle.store.processing import (
    claim_documents,
    due_for_sending,
    requeue_failed,
    requeue_outdated,
    save_outcomes,
)
from chronicle.store.records import ClaimedDocument, DocumentView, NewDocument, Outcome, Submission
from chronicle.store.timeline import (
    InvalidCursor,
    TimelinePage,
    TimelineTooLarge,
    all_events,
    collections,
    followers,
    query_events,
    with_followers,
)
from chronicle.store.views import get_document, get_text

__all__ = [
    "ClaimedDocument", "Database", "DocumentView", "InvalidCursor", "NewDocument", "Outcome",
    "StoreUnavailable", "Submission", "TimelinePage", "TimelineTooLarge", "add_documents", "all_events",
    "claim_documents", "collections", "count_by_status", "database", "due_for_sending", "followers",
    "get_document", "get_text", "mark_unsent", "query_events", "requeue_failed", "requeue_outdated",
    "reset", "save_outcomes", "statuses", "with_followers",
]
