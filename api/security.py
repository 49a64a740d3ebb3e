"""API keys: `Authorization: Bearer <key>`, compared in constant time; 401 that says nothing more."""

from __future__ import annotations

import hashlib
import hmac

from fastapi import HTTPException, Request, status

_UNAUTHORISED = HTTPException(
    status_code=status.HTTP_401_UNAUTHORIZED, detail="Unauthorized", headers={"WWW-Authenticate": "Bearer"},
)


def key_matches(header: str | None, keys: tuple[str, ...]) -> bool:
    """True when the Authorization header carries one of `keys`.

    Digests of equal length are compared, and every key is compared, so neither the time taken nor
    an early exit tells how close a guess came or which key it resembled.
    """
    scheme, _, token = (header or "").partition(" ")
    offered = hashlib.sha256(token.strip().encode("utf-8", "surrogateescape")).digest()
    matched = False
    for key in keys:
        matched |= hmac.compare_digest(offered, hashlib.sha256(key.encode()).digest())
    return matched and scheme.lower() == "bearer"


def require_writer(request: Request) -> None:
    """Dependency: when API keys are configured, the request must carry one."""
    keys = request.app.state.settings.api_keys
    if keys and not key_matches(request.headers.get("authorization"), keys):
        raise _UNAUTHORISED


def require_reader(request: Request) -> None:
    """Dependency: reads need a key too when CHRONICLE_PROTECT_READS is set."""
    settings = request.app.state.settings
    if settings.protect_reads and settings.api_keys and not key_matches(
        request.headers.get("authorization"), settings.api_keys
    ):
        raise _UNAUTHORISED
