"""The page in a real headless Chromium (Debian's package) driven by Playwright, against the API
under uvicorn on a free port with its own SQLite file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import REPO, SEEDS
from tests.servers import free_port, missing

CHRONICLE = str(Path(sys.executable).with_name("chronicle"))
CHROMIUM = os.environ.get("CHRONICLE_TEST_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = REPO / "artifacts"
# The flags every test browser runs with: no sandbox (root in a container), no GPU, and nothing that
# would reach the network on its own.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


def _environment(database: Path) -> dict[str, str]:
    base = {key: value for key, value in os.environ.items() if not key.startswith("CHRONICLE_")}
    return {**base, "CHRONICLE_DATABASE_URL": f"sqlite:///{database}"}


class Server:
    """`chronicle serve` on a free port over one SQLite file; documents go in with `chronicle ingest`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.env = _environment(directory / "page.db")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = directory / "serve.log"
        self.process: subprocess.Popen[bytes] | None = None

    def ingest(self, *paths: Path, collection: str) -> None:
        """Submit files with the CLI; they are processed before it returns (no broker)."""
        result = subprocess.run([CHRONICLE, "ingest", *map(str, paths), "--collection", collection],
                                env=self.env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr

    def start(self) -> None:
        """Run the API and wait until it answers."""
        self.process = subprocess.Popen(
            [CHRONICLE, "serve", "--port", str(self.port), "--log-level", "warning"], env=self.env,
            stdout=self.log.open("wb"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"chronicle serve exited:\n{self.log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        pytest.fail(f"chronicle serve did not answer in 60 s:\n{self.log.read_text(errors='replace')}")

    def stop(self) -> None:
        """Stop the API."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


@pytest.fixture(scope="package")
def seeded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The API with seeds/ ingested into the collection ukraine-strikes."""
    server = Server(tmp_path_factory.mktemp("page"))
    server.ingest(SEEDS, collection="ukraine-strikes")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def chromium() -> Iterator[Callable[..., Any]]:
    """Open a page in a fresh headless Chromium profile: `chromium(viewport=...)` gives a Playwright page."""
    if not Path(CHROMIUM).is_file():
        missing(f"Chromium is not installed at {CHROMIUM} (`make test` installs Debian's chromium package)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright package is not installed (make venv installs it)")
    profiles: list[str] = []
    contexts: list[Any] = []
    with sync_playwright() as playwright:

        def open_page(viewport: dict[str, int] | None = None, **options: Any) -> Any:
            profile = tempfile.mkdtemp(prefix="chronicle-chromium-")
            profiles.append(profile)
            context = playwright.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS,
                viewport=viewport or {"width": 1280, "height": 900}, **options)
            contexts.append(context)
            return context.pages[0] if context.pages else context.new_page()

        yield open_page
        for context in contexts:
            context.close()
    for profile in profiles:
        shutil.rmtree(profile, ignore_errors=True)


def artifact(name: str) -> Path:
    """A path under artifacts/ (git-ignored) for a file a test leaves for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name
