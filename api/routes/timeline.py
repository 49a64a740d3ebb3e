"""GET /timeline: a collection's events in time order, a page at a time, or the whole filtered
timeline, merged, in an export format (json, csv, ics, timelinejs)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from api.errors import problem
from api.schemas import ExportOut, Problem, TimelineJSOut, TimelineOut
from api.security import require_reader
from chronicle.exports import QueryError, TooManyEvents, export, parse_query, read_entries
from chronicle.ingest.schema import COLLECTION_PATTERN
from chronicle.store import query_events
from chronicle.temporal.timex import GRAINS

router = APIRouter(tags=["timeline"])
# Answers that are data, not pages: the browser must not guess another type from their content.
EXPORT_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
_EXPORTS = {
    "text/csv": {}, "text/calendar": {},
    "application/json": {"description": "format=json: {title, count, entries}; format=timelinejs: TimelineJS"},
}



class TimelineParams(BaseModel):
    """The query string of GET /timeline; a parameter it does not name is refused (422 naming it), as
    unknown fields in bodies are, so a misspelt filter cannot silently widen the answer."""

    model_config = ConfigDict(extra="forbid")

    collection: str = Field("default", pattern=COLLECTION_PATTERN)
    since: str | None = Field(None, alias="from", max_length=64,
                              description="Events ending after this ISO 8601 date or date-time")
    until: str | None = Field(None, alias="to", max_length=64,
                              description="Events starting before this ISO 8601 date or date-time")
    q: str | None = Field(None, max_length=200, description="Words the event text or its sentence contains")
    participant: str | None = Field(None, max_length=200, description="Part of a participant's name, any case")
    source: str | None = Field(None, max_length=200, description="Only events from this source (exact)")
    document: int | None = Field(None, ge=1, le=2**63 - 1, description="Only events of this document")
    min_precision: Literal[GRAINS] | None = Field(  # type: ignore[valid-type]
        None, description="Only events dated this precisely or finer, e.g. day")
    flagged: Literal["include", "exclude", "only"] = Field(
        "include", description="Hypothetical, negated, conditional and future events: include, exclude or only them")
    format: Literal["json", "csv", "ics", "timelinejs"] | None = Field(
        None, description="Export the whole filtered timeline in this format instead of a page of events")
    merge: bool = Field(True, description="In an export: one entry per event reported by several documents, "
                                          "with all its sources")
    limit: int | None = Field(None, ge=1, description="Page size (bounded by the server's maximum)")
    cursor: str | None = Field(None, max_length=500)


# The JSON answer is a page, or one of the two JSON exports: the schema says all three, so clients
# (and schemathesis) can check what they get.
@router.get("/timeline", response_model=TimelineOut | ExportOut | TimelineJSOut, dependencies=[Depends(require_reader)],
            responses={200: {"content": _EXPORTS}, 401: {"model": Problem}, 422: {"model": Problem},
                       503: {"model": Problem}})
def timeline(request: Request, params: Annotated[TimelineParams, Query()]) -> Response:
    """The events of a collection, ordered by when they happened (an unknown collection is empty).

    Without `format`: a page of events and the cursor of the next page. With `format`: every matching
    event, merged unless `merge=false`, as a file (conflicting dates are listed on both sides).
    """
    settings = request.app.state.settings
    try:
        query = parse_query(collection=params.collection, since=params.since, until=params.until, q=params.q,
                            participant=params.participant, source=params.source, document=params.document,
                            min_precision=params.min_precision, flagged=params.flagged, merge=params.merge)
    except QueryError as error:
        return problem(422, ["query", error.name], error.message, "value_error")
    if params.format is not None:
        return _export(request, query, params.format)
    limit = params.limit
    if limit is not None and limit > settings.timeline_max_limit:
        return problem(422, ["query", "limit"], f"limit must be at most {settings.timeline_max_limit}", "too_large")
    with request.app.state.db.read() as session:
        page = query_events(session=session, limit=limit or settings.timeline_default_limit, cursor=params.cursor or None,
                            **query.store_filters())
    return JSONResponse(content={"events": [event.to_json() for event in page.events], "next_cursor": page.next_cursor})


def _export(request: Request, query, fmt: str) -> Response:  # type: ignore[no-untyped-def]
    """The whole filtered timeline as a file named after the collection."""
    try:
        entries = read_entries(request.app.state.db, query, max_events=request.app.state.settings.export_max_events)
    except TooManyEvents as error:
        return problem(422, ["query"], str(error), "too_many")
    result = export(entries, query, fmt)
    headers = {**EXPORT_HEADERS, "Content-Disposition": f'attachment; filename="{result.filename}"'}
    return Response(content=result.body, media_type=result.media_type, headers=headers)
