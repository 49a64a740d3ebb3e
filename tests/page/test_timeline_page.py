"""The timeline page in a real headless Chromium against `chronicle serve`, with the seeds ingested.

Chromium is Debian's `chromium` package (`make test` installs it when missing); without it the test is
skipped, or fails under CI=true. The screenshot is kept in artifacts/ as a test artifact.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO, SEEDS
from tests.servers import free_port, missing

CHRONICLE = str(Path(sys.executable).with_name("chronicle"))
ARTIFACTS = REPO / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]


def chromium() -> str:
    """The Chromium binary, or skip (fail under CI=true)."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        missing("Debian's chromium is not installed (apt-get install chromium)")
    return binary  # type: ignore[return-value]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`chronicle serve` on a free port over a SQLite file holding the seeds."""
    folder = tmp_path_factory.mktemp("page")
    env = {key: value for key, value in os.environ.items() if not key.startswith("CHRONICLE_")}
    env["CHRONICLE_DATABASE_URL"] = f"sqlite:///{folder / 'page.db'}"
    ingest = subprocess.run([CHRONICLE, "ingest", str(SEEDS), "--collection", "ukraine-strikes"], env=env,
                            cwd=folder, capture_output=True, text=True, timeout=300)
    assert ingest.returncode == 0, ingest.stderr
    port = free_port()
    log = (folder / "serve.log").open("wb")
    server = subprocess.Popen([CHRONICLE, "serve", "--port", str(port), "--log-level", "warning"], env=env,
                              cwd=folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("chronicle serve did not answer /health:\n" + (folder / "serve.log").read_text())
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def render(url: str, profile: Path) -> str:
    """The page's DOM after its scripts ran, as Chromium dumps it."""
    result = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=10000",
                             "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


class Entries(HTMLParser):
    """The drawn entries: each one's date (its group's label) and headline, in page order."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[tuple[str, str]] = []
        self.marks: list[str] = []
        self._when, self._grab = "", ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div" and "when" in classes:
            self._grab = "when"
        elif tag == "h2":
            self._grab = "headline"
        elif tag == "mark":
            self._grab = "mark"

    def handle_data(self, data: str) -> None:
        if self._grab == "when":
            self._when = data
        elif self._grab == "headline":
            self.entries.append((self._when, data))
        elif self._grab == "mark":
            self.marks.append(data)
        self._grab = ""


def entries(dom: str) -> Entries:
    parsed = Entries()
    parsed.feed(dom)
    return parsed


def test_the_seed_events_appear_in_order_with_their_dates_and_a_filter_narrows_them(
        api: str, tmp_path: Path) -> None:
    dom = render(f"{api}/?collection=ukraine-strikes&merge=false&source=seed", tmp_path / "profile1")
    assert 'data-ready="true"' in dom, dom[-2000:]
    page = entries(dom)
    dated = [(when, text) for when, text in page.entries]
    expected = [("late May 2024", "Washington approved Ukrainian cross-border attacks"),
                ("late May 2024", "Biden said the US was permitting strikes"),
                ("late June 2024", "Moscow accused Kiev"),
                ("July 11, 2024", "Biden signaled the US had no plans to loosen restrictions further")]
    positions = [next(i for i, (when, text) in enumerate(dated) if when == w and text.startswith(t))
                 for w, t in expected]
    assert positions == sorted(positions), dated
    assert {"late May", "at the time", "late June", "Thursday"} <= set(page.marks)
    narrowed = entries(render(f"{api}/?collection=ukraine-strikes&merge=false&source=seed&q=accused+Kiev",
                              tmp_path / "profile2"))
    assert [text for _, text in narrowed.entries] == [dated[positions[2]][1]]


def test_the_merged_page_shows_sources_conflicts_and_export_links_and_is_saved_as_a_screenshot(
        api: str, tmp_path: Path) -> None:
    dom = render(f"{api}/?collection=ukraine-strikes", tmp_path / "profile")
    assert "Dated differently: " in dom and "Harbor Times (sample)" in dom
    assert re.search(r'href="/timeline\?collection=ukraine-strikes&amp;merge=true&amp;format=ics"', dom)
    assert '<option value="ukraine-strikes">' in dom
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "timeline-page.png"
    shot.unlink(missing_ok=True)
    result = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={tmp_path / 'shot'}", "--virtual-time-budget=10000",
                             "--window-size=1280,2400", f"--screenshot={shot}", f"{api}/?collection=ukraine-strikes"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and shot.exists() and shot.stat().st_size > 20_000, result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_document_text_is_never_markup(api: str, tmp_path: Path) -> None:
    hostile = "<img src=x onerror=alert(1)> <script>alert(2)</script>"
    body = {"text": f"Rebels seized the airport on Monday. {hostile}", "title": hostile, "source": "<b>x</b>",
            "published_at": "2024-07-12", "collection": "hostile"}
    assert httpx.post(f"{api}/documents", json=body, timeout=30).status_code == 202
    dom = render(f"{api}/?collection=hostile", tmp_path / "profile")
    assert "Rebels seized the airport" in dom and "<img" not in dom and "<b>x</b>" not in dom
    assert "&lt;b&gt;x&lt;/b&gt;" in dom
