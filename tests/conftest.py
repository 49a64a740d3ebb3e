"""Shared test fixtures: where the repository, the seeds and the shared corpora are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
CORPORA = Path(os.environ.get("CHRONICLE_CORPORA", REPO.parent / "shared" / "corpora"))


def corpus_dir(name: str) -> Path:
    """The folder of a shared corpus, or skip the test with the reason when it is absent."""
    path = CORPORA / name
    if not path.is_dir():
        pytest.skip(f"corpus {name!r} not found at {path} (set CHRONICLE_CORPORA to its parent folder)")
    return path
