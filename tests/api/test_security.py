"""API keys: writes need one when keys are configured; reads too when asked; 401 says nothing more."""

from __future__ import annotations

from collections.abc import Callable

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
