"""POST /documents, POST /documents/batch, GET /documents/{id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse

from api.errors import problem
from api.schemas import Accepted, BatchAccepted, DocumentOut, Problem
from api.security import require_reader, require_writer
from chronicle.ingest import BatchIn, DocumentIn
from chronicle.store import DocumentView, get_document
from worker import dispatch

router = APIRouter(tags=["documents"])
DocumentId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The document's id")]
_ERRORS = {401: {"model": Problem}, 413: {"model": Problem}, 422: {"model": Problem}, 503: {"model": Problem}}


def _oversized(request: Request, documents: list[DocumentIn], prefix: list[object]) -> JSONResponse | None:
    limit = request.app.state.settings.max_text_bytes
    for index, document in enumerate(documents):
        size = len(document.text.encode("utf-8"))
        if size > limit:
            loc = [*prefix, index, "text"] if prefix else ["body", "text"]
            stored = " as stored (NUL characters are stored as U+FFFD, 3 bytes each)" if "\ufffd" in document.text else ""
            return problem(413, loc, f"text is {size} bytes{stored}; the limit is {limit} bytes", "too_large")
    return None


@router.post("/documents", status_code=202, response_model=Accepted, dependencies=[Depends(require_writer)],
             responses={**_ERRORS, 409: {"model": Problem}})
def submit_document(document: DocumentIn, request: Request) -> JSONResponse:
    """Store a document and queue it for processing (or find the existing copy of its content)."""
    refused = _oversized(request, [document], [])
    if refused is not None:
        return refused
    [answer] = dispatch.submit(request.app.state.celery, [document])
    if answer.id is None:
        return problem(409, ["body", "external_id"], answer.conflict or "conflict", "conflict")
    return JSONResponse(
        status_code=202, headers={"Location": f"/documents/{answer.id}"},
        content={"id": answer.id, "status": answer.status, "duplicate": answer.duplicate},
    )


@router.post("/documents/batch", status_code=202, response_model=BatchAccepted,
             dependencies=[Depends(require_writer)], responses=_ERRORS)
def submit_batch(batch: BatchIn, request: Request) -> JSONResponse:
    """Store several documents at once; each gets its own answer, in order."""
    limit = request.app.state.settings.max_batch_documents
    if len(batch.documents) > limit:
        return problem(413, ["body", "documents"],
                       f"{len(batch.documents)} documents in one batch; the limit is {limit}", "too_large")
    refused = _oversized(request, batch.documents, ["body", "documents"])
    if refused is not None:
        return refused
    answers = dispatch.submit(request.app.state.celery, batch.documents)
    items = [
        {"index": i, "id": a.id, "status": a.status, "duplicate": a.duplicate, "error": a.conflict}
        for i, a in enumerate(answers)
    ]
    return JSONResponse(status_code=202, content={"documents": items})


# Registered before GET /documents/{document_id}, which would otherwise take "batch" for a document id
# and answer 422: this path exists, only for POST.
@router.api_route("/documents/batch", methods=["GET", "HEAD"], include_in_schema=False,
                  dependencies=[Depends(require_reader)])
def batch_is_post_only() -> JSONResponse:
    """405 for reading the batch endpoint, with the method it takes."""
    return JSONResponse(status_code=405, content={"detail": "Method Not Allowed"}, headers={"Allow": "POST"})


@router.get("/documents/{document_id}", response_model=DocumentOut, dependencies=[Depends(require_reader)],
            responses={404: {"model": Problem}, **_ERRORS})
def read_document(document_id: DocumentId, request: Request) -> JSONResponse:
    """A document's status and, once processed, its timexes and events."""
    settings = request.app.state.settings
    with request.app.state.db.read() as session:
        view = get_document(session=session, document_id=document_id, max_results=settings.document_max_results)
    if view is None:
        return problem(404, ["path", "document_id"], f"document {document_id} not found", "not_found")
    return JSONResponse(content=_document_json(view))


def _document_json(view: DocumentView) -> dict[str, object]:
    return {
        "id": view.id, "status": view.status, "error": view.error,
        "published_at": view.published_at.isoformat() if view.published_at_has_time
        else view.published_at.date().isoformat(),
        "published_at_source": view.published_at_source,
        "timexes": [timex.to_json() for timex in view.timexes],
        "events": [event.to_json() for event in view.events],
        "collection": view.collection, "title": view.title, "source": view.source, "url": view.url,
        "external_id": view.external_id, "lang": view.lang, "attempts": view.attempts,
        "extractor_version": view.extractor_version, "created_at": view.created_at.isoformat(),
        "processed_at": view.processed_at.isoformat() if view.processed_at else None,
        "timexes_truncated": view.timexes_truncated, "events_truncated": view.events_truncated,
    }
