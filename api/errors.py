"""Error answers: every 4xx names the field; an unreachable database is a 503, never a 500."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from chronicle.store import InvalidCursor, StoreUnavailable


def problem(status: int, loc: list[Any], msg: str, kind: str) -> JSONResponse:
    """A JSON error naming where the problem is."""
    return JSONResponse(status_code=status, content={"detail": [{"loc": loc, "msg": msg, "type": kind}]})


def _field_errors(error: RequestValidationError) -> list[dict[str, Any]]:
    # The submitted value is not echoed back: it may be megabytes of text, or a secret.
    return [
        {"loc": list(item.get("loc", ())), "msg": str(item.get("msg", "")).removeprefix("Value error, "),
         "type": item.get("type", "value_error")}
        for item in error.errors()
    ]


def install(app: FastAPI) -> None:
    """Register the handlers on `app`."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": _field_errors(error)})

    @app.exception_handler(InvalidCursor)
    async def _cursor(_request: Request, error: InvalidCursor) -> JSONResponse:
        return problem(422, ["query", "cursor"], str(error), "invalid_cursor")

    @app.exception_handler(StoreUnavailable)
    async def _store_down(_request: Request, _error: StoreUnavailable) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": "database unavailable, try again later"},
                            headers={"Retry-After": "5"})
