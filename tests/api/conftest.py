"""API tests: the real app on a SQLite file, processing in-process (the embedded default)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from chronicle.settings import Settings, load_settings
from tests.conftest import SEEDS

SEED_TEXT = (SEEDS / "us-strike-restrictions.txt").read_text(encoding="utf-8")
SEED_META = json.loads((SEEDS / "us-strike-restrictions.json").read_text(encoding="utf-8"))


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    """Build a client for an app with settings overridden; each app gets its own SQLite file."""
    clients: list[TestClient] = []

    def build(**overrides: object) -> TestClient:
        values: dict[str, object] = {"database_url": f"sqlite:///{tmp_path / f'api{len(clients)}.db'}",
                                     "broker_url": None}
        values.update(overrides)
        client = TestClient(create_app(load_settings(**values)))
        client.__enter__()
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    """A client for an app with the default settings."""
    return make_client()


def settings_of(client: TestClient) -> Settings:
    """The settings the client's app runs with."""
    return client.app.state.settings  # type: ignore[attr-defined,no-any-return]


def seed_payload(**changes: object) -> dict[str, object]:
    """The seed article as a POST /documents body."""
    body: dict[str, object] = {"text": SEED_TEXT, "title": SEED_META["title"], "source": SEED_META["source"],
                               "published_at": SEED_META["published_at"], "collection": "ukraine-strikes"}
    body.update(changes)
    return body
