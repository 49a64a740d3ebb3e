"""GET /health: can the database and the broker be reached?"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.schemas import HealthOut
from chronicle.store import StoreUnavailable

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthOut, responses={503: {"model": HealthOut}})
def health(request: Request) -> JSONResponse:
    """200 when the database (and the broker, if one is configured) answer; 503 otherwise."""
    state = request.app.state
    try:
        state.db.ping()
        database = "ok"
    except StoreUnavailable:
        database = "unavailable"
    broker = "embedded" if state.settings.embedded else _broker(state.celery)
    healthy = database == "ok" and broker in ("ok", "embedded")
    return JSONResponse(status_code=200 if healthy else 503,
                        content={"status": "ok" if healthy else "unavailable", "database": database, "broker": broker})


def _broker(celery) -> str:  # type: ignore[no-untyped-def]
    try:
        with celery.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # any failure to connect means the same to a health check
        return "unavailable"
    return "ok"
