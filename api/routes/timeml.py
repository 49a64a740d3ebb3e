"""GET /documents/{id}/timeml: one processed document as TimeML, its time expressions as TIMEX3 tags."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from api.errors import problem
from api.schemas import Problem
from api.security import require_reader
from chronicle.formats.timeml import timeml_document
from chronicle.store import get_document, get_text

router = APIRouter(tags=["documents"])
MEDIA_TYPE = "application/xml; charset=utf-8"


@router.get("/documents/{document_id}/timeml", dependencies=[Depends(require_reader)],
            responses={200: {"content": {"application/xml": {}}}, 401: {"model": Problem},
                       404: {"model": Problem}, 409: {"model": Problem}, 503: {"model": Problem}})
def document_timeml(
    document_id: Annotated[int, Path(ge=1, le=2**63 - 1, description="The document's id")], request: Request,
) -> Response:
    """The document's text with a TIMEX3 tag on each time expression and its publication date as the DCT."""
    limit = request.app.state.settings.document_max_results
    with request.app.state.db.read() as session:
        view = get_document(session=session, document_id=document_id, max_results=limit)
        text = get_text(session=session, document_id=document_id) if view is not None else None
    if view is None or text is None:
        return problem(404, ["path", "document_id"], f"document {document_id} not found", "not_found")
    if view.status != "done":
        return problem(409, ["path", "document_id"],
                       f"document {document_id} is {view.status}; its TimeML is ready once it is processed", "not_ready")
    if view.timexes_truncated:
        return problem(409, ["path", "document_id"],
                       f"document {document_id} has more than {limit} time expressions to write", "too_large")
    dct = view.published_at if view.published_at_has_time else view.published_at.date()
    try:
        body = timeml_document(text, dct, view.timexes, doc_id=view.external_id or f"chronicle-{document_id}")
    except ValueError as error:  # text XML cannot carry, or spans that do not fit the text
        return problem(409, ["path", "document_id"], f"document {document_id} cannot be written as TimeML: {error}",
                       "unwritable")
    return Response(content=body, media_type=MEDIA_TYPE, headers={
        "Content-Disposition": f'attachment; filename="document-{document_id}.tml"',
        "X-Content-Type-Options": "nosniff",
    })
