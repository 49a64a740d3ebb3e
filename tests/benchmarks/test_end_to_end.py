"""The end-to-end benchmark still runs through a real stack and reports every figure (not checked)."""

import re
import shutil
import subprocess
import sys

from benchmarks.end_to_end import task_chunks
from tests.conftest import REPO
from tests.servers import missing, postgres_database


def test_ceiling_tasks_are_cut_like_the_api_cuts_requests():
    chunks = task_chunks(documents=530, request_size=250, batch_size=20)
    assert [len(chunk) for chunk in chunks[:13]] == [20] * 12 + [10]
    assert [i for chunk in chunks for i in chunk] == list(range(530))
    assert len(chunks) == 13 + 13 + 2


def test_quick_benchmark_reports_the_ceiling_the_pipeline_and_their_ratio(tmp_path):
    if shutil.which("redis-server") is None:
        missing("redis-server is not installed")
    with postgres_database():  # skips (or fails under CI=true) when PostgreSQL is missing
        pass
    result = subprocess.run(
        [sys.executable, "benchmarks/end_to_end.py", "--documents", "60", "--rounds", "1", "--request-size", "30",
         "--profile-sample", "5", "--out", str(tmp_path / "report.json")],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert re.search(r"^extraction ceiling\s+[\d.]+ docs/s", out, re.M)
    assert re.search(r"^pipeline\s+[\d.]+ docs/s .*; 0 failed; [1-9]\d* events", out, re.M)
    assert re.search(r"^ratio to the ceiling\s+[\d.]+\s+wall clock; [\d.]+ in CPU time", out, re.M)
    assert re.search(r"^Celery no-op\s+[\d.]+ docs/s", out, re.M)
    assert (tmp_path / "report.json").exists()
