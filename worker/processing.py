"""What a processing task does: claim documents, run the core on each, store every outcome."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from chronicle import pipeline
from chronicle.store import ClaimedDocument, Database, Outcome, StoreUnavailable, claim_documents, save_outcomes
from worker.limits import TimeLimitExceeded, time_limit

log = logging.getLogger(__name__)
_MAX_ERROR = 2_000


def process(ids: Sequence[int], *, db: Database, soft_time_limit: float, max_attempts: int,
            last_try: bool = False) -> list[Outcome]:
    """Process the documents among `ids` still waiting; return what became of each.

    Each transaction is short: the claim is committed before extraction starts, and the results are
    written after it ends. When the database stays unavailable for the results and this is the
    `last_try`, the documents are marked failed with the reason (if the database takes that much),
    rather than left processing until the reconciler finds them.
    """
    with db.write() as session:
        claimed = claim_documents(session=session, ids=ids, now=datetime.now(UTC), max_attempts=max_attempts)
    outcomes = [analyse(document, soft_time_limit) for document in claimed]
    try:
        with db.write() as session:
            save_outcomes(session=session, outcomes=outcomes, extractor_version=pipeline.EXTRACTOR_VERSION,
                          now=datetime.now(UTC))
    except StoreUnavailable as error:
        if last_try:
            _give_up(db, outcomes, error)
        raise
    except Exception:  # one document's results the database refuses must not sink the others
        log.exception("storing %d outcomes together failed; storing them one by one", len(outcomes))
        for outcome in outcomes:
            _save_alone(db, outcome)
    return outcomes


def analyse(document: ClaimedDocument, soft_time_limit: float) -> Outcome:
    """Run the core on one document within its time limit; a failure becomes the outcome's error."""
    try:
        with time_limit(soft_time_limit):
            timexes, events = pipeline.analyse(document.text, reference=document.reference, lang=document.lang)
    except TimeLimitExceeded as error:
        return Outcome(document_id=document.id, error=str(error))
    except Exception as error:
        log.exception("extraction failed for document %s", document.id)
        return Outcome(document_id=document.id, error=_describe("extraction failed", error))
    return Outcome(document_id=document.id, timexes=tuple(timexes), events=tuple(events))


def _save_alone(db: Database, outcome: Outcome) -> None:
    now = datetime.now(UTC)
    try:
        with db.write() as session:
            save_outcomes(session=session, outcomes=[outcome], extractor_version=pipeline.EXTRACTOR_VERSION, now=now)
    except StoreUnavailable:
        raise
    except Exception as error:
        failed = Outcome(document_id=outcome.document_id, error=_describe("results could not be stored", error))
        with db.write() as session:
            save_outcomes(session=session, outcomes=[failed], extractor_version=pipeline.EXTRACTOR_VERSION, now=now)


def _give_up(db: Database, outcomes: Sequence[Outcome], error: StoreUnavailable) -> None:
    reason = _describe("results could not be stored, the last try failed", error)
    failed = [Outcome(document_id=outcome.document_id, error=reason) for outcome in outcomes]
    try:
        with db.write() as session:
            save_outcomes(session=session, outcomes=failed, extractor_version=pipeline.EXTRACTOR_VERSION,
                          now=datetime.now(UTC))
    except StoreUnavailable as again:  # the reconciler sends them again once the database is back
        log.warning("could not mark %d documents failed: %s", len(failed), again)


def _describe(what: str, error: BaseException) -> str:
    return f"{what}: {type(error).__name__}: {error}"[:_MAX_ERROR]
