"""Request bodies bounded in size, and non-UTF-8 bytes reported against the field that holds them.

A pure ASGI middleware: it reads at most `max_bytes` of a body (answering 413 past that, before any
parsing), and when the body is not valid UTF-8 it re-encodes the JSON with each bad byte as an
escaped surrogate, so validation names the field ("documents.3.text is not valid UTF-8") instead
of refusing the whole body with a generic parse error.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_METHODS_WITH_BODY = {"POST", "PUT", "PATCH"}


class BodyLimit:
    """Buffer request bodies up to `max_bytes`; 413 beyond; repair-for-reporting of bad UTF-8."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _METHODS_WITH_BODY:
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _too_large(send, self.max_bytes)
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _too_large(send, self.max_bytes)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = _reportable(b"".join(chunks))
        if body is None:
            await _refuse(send, 422, {"loc": ["body"], "type": "json_invalid",
                                      "msg": "is not JSON: a JSON body is UTF-8 text"})
            return
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if delivered:
                return await receive()
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def _reportable(body: bytes) -> bytes | None:
    """The body for the framework to parse, with bad UTF-8 inside JSON strings made reportable; None
    when it cannot be JSON at all, which the framework would answer with a bare 400."""
    try:
        body.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError:
        utf8 = False
    # The JSON parser guesses UTF-16 or UTF-32 from NULs in the first bytes, and fails without saying
    # where; JSON over HTTP is UTF-8, and a NUL can never start a JSON text.
    if utf8 and json.detect_encoding(body).startswith("utf-8"):
        return body
    try:
        data: Any = json.loads(body.decode("utf-8", errors="surrogateescape"))
    except ValueError:
        return None
    return json.dumps(data, ensure_ascii=True).encode("ascii")


async def _too_large(send: Send, limit: int) -> None:
    await _refuse(send, 413, {"loc": ["body"], "type": "too_large", "msg": f"request body exceeds {limit} bytes"})


async def _refuse(send: Send, status: int, error: dict[str, Any]) -> None:
    payload = json.dumps({"detail": [error]}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": payload})
