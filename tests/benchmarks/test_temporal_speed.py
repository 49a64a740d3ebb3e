"""The speed benchmark still runs and reports every section (its figures are not checked here)."""

import re
import subprocess
import sys

import pytest

from benchmarks.pathological import CASES
from tests.conftest import REPO, corpus_dir


@pytest.mark.corpus
def test_quick_benchmark_reports_throughput_import_time_and_linearity():
    corpus_dir("tbaq")
    result = subprocess.run(
        [sys.executable, "benchmarks/temporal_speed.py", "--quick", "--rounds", "1"],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.search(r"corpus: 2[0-9][0-9] TBAQ news documents", out)
    assert re.search(r"^chronicle extract\s+256\s", out, re.M)
    assert re.search(r"^dateparser search_dates\s+20\s", out, re.M)
    assert re.search(r"ratio extract / search_dates: [\d.]+x docs/s", out)
    assert re.search(r"import chronicle.temporal: [\d.]+ s", out)
    for case in CASES:
        assert re.search(rf"^{re.escape(case.name)}\s+[\d.]+\s+[\d.]+", out, re.M), case.name


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_pathological_inputs_grow_with_the_factor(case):
    small, large = case.build(1 / 256), case.build(4 / 256)
    assert 3.5 < len(large) / len(small) < 4.5
    assert case.build(1 / 256) == small  # deterministic, so runs compare
