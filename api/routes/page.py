"""GET /: the timeline page (plain HTML, CSS and a little JavaScript, no build step), and GET
/collections, which its collection picker reads."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse

from api.security import require_reader
from chronicle.store import collections as list_collections

PAGE = Path(__file__).resolve().parents[1] / "page"
_ASSETS = {"page.css": "text/css; charset=utf-8", "page.js": "text/javascript; charset=utf-8"}
# The page loads nothing from elsewhere and runs no inline script; say so to the browser.
_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

router = APIRouter(tags=["page"])


@router.get("/", include_in_schema=False)
def page() -> FileResponse:
    """The timeline page; it reads its filters from the query string."""
    return FileResponse(PAGE / "index.html", media_type="text/html; charset=utf-8", headers=_HEADERS)


@router.get("/page/{name}", include_in_schema=False)
def asset(name: str) -> FileResponse:
    """The page's stylesheet and script (nothing else is served from the folder)."""
    if name not in _ASSETS:
        raise HTTPException(status_code=404, detail="Not Found")
    return FileResponse(PAGE / name, media_type=_ASSETS[name], headers=_HEADERS)


@router.get("/collections", dependencies=[Depends(require_reader)])
def collections(request: Request) -> JSONResponse:
    """Every collection with its number of documents and dated events."""
    with request.app.state.db.read() as session:
        rows = list_collections(session=session)
    return JSONResponse(content={"collections": [
        {"name": name, "documents": documents, "events": events} for name, documents, events in rows
    ]})
