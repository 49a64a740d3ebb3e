"""GET /timeline: a collection's events in time order, a page at a time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from api.errors import problem
from api.schemas import Problem, TimelineOut
from api.security import require_reader
from chronicle.ingest.schema import COLLECTION_PATTERN, parse_moment
from chronicle.store import query_events

router = APIRouter(tags=["timeline"])


def _moment(value: str | None) -> datetime | None:
    if value is None:
        return None
    moment = parse_moment(value)
    if isinstance(moment, datetime):
        return moment
    return datetime(moment.year, moment.month, moment.day, tzinfo=UTC)


@router.get("/timeline", response_model=TimelineOut, dependencies=[Depends(require_reader)],
            responses={401: {"model": Problem}, 422: {"model": Problem}, 503: {"model": Problem}})
def timeline(
    request: Request,
    collection: Annotated[str, Query(pattern=COLLECTION_PATTERN)] = "default",
    since: Annotated[str | None, Query(alias="from", max_length=64,
                                       description="Events ending after this ISO 8601 date or date-time")] = None,
    until: Annotated[str | None, Query(alias="to", max_length=64,
                                       description="Events starting before this ISO 8601 date or date-time")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Words the event text contains")] = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
    document: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
    limit: Annotated[int | None, Query(ge=1, description="Page size (bounded by the server's maximum)")] = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> JSONResponse:
    """The events of a collection, ordered by when they happened (an unknown collection is empty)."""
    settings = request.app.state.settings
    if limit is not None and limit > settings.timeline_max_limit:
        return problem(422, ["query", "limit"], f"limit must be at most {settings.timeline_max_limit}", "too_large")
    moments = {}
    for name, value in (("from", since), ("to", until)):
        try:
            moments[name] = _moment(value)
        except ValueError as error:
            return problem(422, ["query", name], str(error), "value_error")
    start, end = moments["from"], moments["to"]
    if start is not None and end is not None and end <= start:
        return problem(422, ["query", "to"], "'to' must be after 'from'", "value_error")
    with request.app.state.db.read() as session:
        page = query_events(
            session=session, collection=collection, since=start, until=end, text=q or None, source=source,
            document_id=document, limit=limit or settings.timeline_default_limit, cursor=cursor or None,
        )
    return JSONResponse(content={"events": [event.to_json() for event in page.events], "next_cursor": page.next_cursor})
