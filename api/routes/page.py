"""GET /: the timeline page (plain HTML, CSS and a little JavaScript under api/page/, no build step),
its assets, and GET /collections, which its collection picker reads."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, JSONResponse, Response

from api.errors import problem
from api.schemas import CollectionsOut, Problem
from api.security import require_reader
from chronicle.store import collections as list_collections

PAGE = Path(__file__).resolve().parents[1] / "page"
ASSETS = {"page.css": "text/css; charset=utf-8", "page.js": "text/javascript; charset=utf-8",
          "model.js": "text/javascript; charset=utf-8", "draw.js": "text/javascript; charset=utf-8",
          "icon.svg": "image/svg+xml"}
# The page loads nothing from elsewhere, runs no inline script or style, and may not even build DOM
# from strings (Trusted Types with no policy): document text can only ever become text.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'; "
    "require-trusted-types-for 'script'; trusted-types 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-cache",
}

router = APIRouter()


@router.get("/", include_in_schema=False)
def timeline_page() -> FileResponse:
    """The timeline page; it reads its collection and filters from the query string."""
    return FileResponse(PAGE / "index.html", media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)


@router.get("/page/{name}", include_in_schema=False)
def page_asset(name: str) -> Response:
    """The page's stylesheet, script and icon; nothing else in the folder is served."""
    if name not in ASSETS:
        return problem(404, ["path", "name"], f"no page asset {name!r}", "not_found")
    return FileResponse(PAGE / name, media_type=ASSETS[name], headers=PAGE_HEADERS)


@router.get("/collections", tags=["timeline"], dependencies=[Depends(require_reader)], response_model=CollectionsOut,
            responses={401: {"model": Problem}, 503: {"model": Problem}})
def collections(request: Request) -> JSONResponse:
    """Every collection by name, with its number of documents and of dated events."""
    with request.app.state.db.read() as session:
        rows = list_collections(session=session)
    return JSONResponse(content={"collections": [
        {"name": name, "documents": documents, "events": events} for name, documents, events in rows
    ]})
