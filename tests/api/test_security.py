"""API keys: writes need one when keys are configured; reads too when asked; 401 says nothing more."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.security import key_matches

KEY, OTHER = "k" * 24, "0123456789abcdef-second"


def test_writes_need_a_key(make_client: Callable[..., TestClient]) -> None:
    client = make_client(api_keys=f"{KEY},{OTHER}")
    for headers in ({}, {"Authorization": "Bearer wrong-key-wrong-key"}, {"Authorization": KEY},
                    {"Authorization": f"Basic {KEY}"}):
        response = client.post("/documents", json={"text": "Hello."}, headers=headers)
        assert response.status_code == 401 and response.json() == {"detail": "Unauthorized"}
        assert response.headers["www-authenticate"] == "Bearer"
    for key in (KEY, OTHER):
        response = client.post("/documents", json={"text": f"Hello {key}."}, headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 202
    assert client.get("/timeline").status_code == 200  # reads stay open by default


def test_reads_need_a_key_when_protected(make_client: Callable[..., TestClient]) -> None:
    client = make_client(api_keys=KEY, protect_reads=True)
    assert client.get("/timeline").status_code == 401
    assert client.get("/documents/1").status_code == 401
    assert client.get("/timeline", headers={"Authorization": f"Bearer {KEY}"}).status_code == 200
    assert client.get("/health").status_code == 200  # health stays open for probes


def test_key_matching() -> None:
    assert key_matches(f"Bearer {KEY}", (OTHER, KEY))
    assert key_matches(f"bearer  {KEY}", (KEY,))
    assert not key_matches(f"Bearer {KEY[:-1]}", (KEY,))
    assert not key_matches(None, (KEY,))
    assert not key_matches("Bearer ", (KEY,))
    assert not key_matches(f"Bearer {KEY}", ())


# Served to anyone even when reads are protected: the probe, and the page's static files (no data).
OPEN_READS = {"/health", "/", "/page/{name}"}
PATH_VALUES = {"document_id": "1", "name": "page.js"}


def _api_routes(routes: list[Any]) -> Iterator[Any]:
    from fastapi.routing import APIRoute

    for route in routes:
        included = getattr(route, "original_router", None)  # an included router (no prefixes here)
        if included is not None:
            yield from _api_routes(included.routes)
        elif isinstance(route, APIRoute):
            yield route


def _served(client: TestClient) -> list[tuple[str, str, str]]:
    """(method, route path, a concrete URL) for every route the app itself declares."""
    found = []
    for route in _api_routes(client.app.routes):  # type: ignore[attr-defined]
        url = route.path_format.format(**{name: PATH_VALUES[name] for name in route.param_convertors})
        found += [(method, route.path, url) for method in sorted(route.methods)]
    return found


def test_every_write_route_needs_a_key_and_stores_nothing_without_one(make_client: Callable[..., TestClient]) -> None:
    client = make_client(api_keys=KEY)
    writes = [(method, url) for method, _, url in _served(client) if method not in ("GET", "HEAD")]
    assert {url for _, url in writes} >= {"/documents", "/documents/batch"}
    bodies = ({"text": "Talks resumed on Monday."}, {"documents": [{"text": "Talks resumed on Monday."}]},
              {"nonsense": True})  # an invalid body is refused as unauthorised too, before it is read
    for method, url in writes:
        for body in bodies:
            for headers in ({}, {"Authorization": f"Bearer {OTHER}"}):
                answer = client.request(method, url, json=body, headers=headers)
                assert (answer.status_code, answer.json()) == (401, {"detail": "Unauthorized"}), (method, url, body)
    assert client.get("/collections").json() == {"collections": []}


def test_every_read_route_needs_a_key_when_reads_are_protected(make_client: Callable[..., TestClient]) -> None:
    client = make_client(api_keys=KEY, protect_reads=True)
    reads = [(path, url) for method, path, url in _served(client) if method == "GET"]
    assert {path for path, _ in reads} >= {"/timeline", "/collections", "/documents/{document_id}",
                                           "/documents/{document_id}/timeml"}
    for path, url in reads:
        answer = client.get(url)
        if path in OPEN_READS:
            assert answer.status_code in (200, 503), url
        else:
            assert (answer.status_code, answer.json()) == (401, {"detail": "Unauthorized"}), url
            assert client.get(url, headers={"Authorization": f"Bearer {KEY}"}).status_code != 401, url


def test_every_key_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import api.security

    compared: list[tuple[int, int]] = []
    real = api.security.hmac.compare_digest

    def recording(a: bytes, b: bytes) -> bool:
        compared.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(api.security.hmac, "compare_digest", recording)
    keys = (KEY, OTHER, "z" * 40)
    for header in (f"Bearer {KEY}", "Bearer k", f"Bearer {'z' * 40}", None):
        compared.clear()
        key_matches(header, keys)
        # Every key, whichever matched or none: digests of one length, so no early exit and no length leak.
        assert compared == [(32, 32)] * len(keys), header
