"""GET /timeline: a collection's events in time order, a page at a time, or the whole (filtered,
merged) timeline in an export format."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from api.errors import problem
from api.schemas import Problem, TimelineOut
from api.security import require_reader
from chronicle.formats.export import exporter
from chronicle.ingest.schema import COLLECTION_PATTERN, parse_moment
from chronicle.store import TimelineTooLarge, all_events, query_events, with_followers
from chronicle.temporal.timex import GRAINS
from chronicle.timeline import merge

router = APIRouter(tags=["timeline"])
# An export holds the whole filtered timeline in one answer; beyond this many events, narrow the filters.
MAX_EXPORT_EVENTS = 50_000


def _moment(value: str | None) -> datetime | None:
    if value is None:
        return None
    moment = parse_moment(value)
    if isinstance(moment, datetime):
        return moment
    return datetime(moment.year, moment.month, moment.day, tzinfo=UTC)


@router.get("/timeline", response_model=TimelineOut, dependencies=[Depends(require_reader)],
            responses={401: {"model": Problem}, 413: {"model": Problem}, 422: {"model": Problem},
                       503: {"model": Problem}})
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
    participant: Annotated[str | None, Query(max_length=200,
                                             description="Part of a participant's name (any case)")] = None,
    precision: Annotated[Literal[GRAINS] | None, Query(  # type: ignore[valid-type]
        description="Only events dated this precisely or better, e.g. day")] = None,
    flagged: Annotated[Literal["include", "exclude", "only"], Query(
        description="Hypothetical, negated, conditional and future events: include, exclude or only")] = "include",
    format: Annotated[Literal["json", "csv", "ics", "timelinejs"] | None, Query(
        description="Export the whole filtered timeline in this format instead of a page of events")] = None,
    merge_sources: Annotated[bool, Query(alias="merge", description=(
        "In an export, show one event reported by several documents once, with all its sources"))] = True,
    limit: Annotated[int | None, Query(ge=1, description="Page size (bounded by the server's maximum)")] = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Response:
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
    filters = dict(collection=collection, since=start, until=end, text=q or None, source=source,
                   document_id=document, participant=participant or None, min_precision=precision,
                   flagged=flagged)
    if format is not None:
        return _export(request, format, merge_sources, filters)
    with request.app.state.db.read() as session:
        page = query_events(session=session, limit=limit or settings.timeline_default_limit, cursor=cursor or None,
                            **filters)
    return JSONResponse(content={"events": [event.to_json() for event in page.events], "next_cursor": page.next_cursor})


def _export(request: Request, name: str, merge_sources: bool, filters: dict[str, object]) -> Response:
    """The whole filtered timeline, merged or not, rendered by the export format `name`."""
    with request.app.state.db.read() as session:
        try:
            events = all_events(session=session, max_events=MAX_EXPORT_EVENTS, **filters)
        except TimelineTooLarge as error:
            return problem(413, ["query"], str(error), "too_large")
        events = with_followers(session=session, events=events, **filters)
    fmt = exporter(name)
    collection = str(filters["collection"])
    body = fmt.render(merge(events, merge=merge_sources), title=collection)
    headers = {}
    if name in ("csv", "ics"):  # files to save; JSON stays readable in the browser
        headers["Content-Disposition"] = f'attachment; filename="{collection}.{fmt.EXTENSION}"'
    return Response(content=body, media_type=fmt.MEDIA_TYPE, headers=headers)
