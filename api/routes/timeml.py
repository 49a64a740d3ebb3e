"""GET /documents/{id}/timeml: one processed document as TimeML, its time expressions as TIMEX3 tags."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from api.errors import problem
from api.routes.documents import DocumentId
from api.schemas import Problem
from api.security import require_reader
from chronicle.formats.timeml import timeml_document
from chronicle.store import get_document, get_text

router = APIRouter(tags=["documents"])
# TimeML holds every time expression of the document; beyond this many, the answer would be cut.
MAX_TIMEXES = 100_000


@router.get("/documents/{document_id}/timeml", dependencies=[Depends(require_reader)],
            responses={200: {"content": {"application/xml": {}}}, 404: {"model": Problem},
                       409: {"model": Problem}, 413: {"model": Problem}})
def timeml(document_id: DocumentId, request: Request) -> Response:
    """The document's text with its TIMEX3 tags and its publication date as the DCT."""
    with request.app.state.db.read() as session:
        view = get_document(session=session, document_id=document_id, max_results=MAX_TIMEXES)
        text = get_text(session=session, document_id=document_id) if view is not None else None
    if view is None or text is None:
        return problem(404, ["path", "document_id"], f"document {document_id} not found", "not_found")
    if view.status != "done":
        return problem(409, ["path", "document_id"], f"document {document_id} is {view.status}, not processed",
                       "not_processed")
    if view.timexes_truncated:
        return problem(413, ["path", "document_id"], f"more than {MAX_TIMEXES} time expressions", "too_large")
    dct = view.published_at if view.published_at_has_time else view.published_at.date()
    body = timeml_document(text, dct, view.timexes, doc_id=str(view.id))
    return Response(content=body, media_type="application/xml; charset=utf-8")
