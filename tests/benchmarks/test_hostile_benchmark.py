"""The hostile-input benchmark runs and reports every size, and its inputs build as they claim."""

import re

import pytest

from benchmarks import hostile
from benchmarks.hostile_inputs import CASES


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_hostile_inputs_are_deterministic_and_grow_with_the_factor(case):
    small, large = case.build(1 / 256), case.build(4 / 256)
    assert 3.5 < len(large) / len(small) < 4.5
    assert case.build(1 / 256) == small


def test_quick_run_reports_every_factor_and_the_growth(capsys):
    assert hostile.main(["--quick", "--only", "line without spaces"]) == 0
    out = capsys.readouterr().out
    for name in ("news (the seed article, repeated)", "1 MB line without spaces"):
        row = re.search(rf"^{re.escape(name)}\s+(.*)$", out, re.M)
        assert row, out
        assert len(row.group(1).split()) == 1 + len(hostile.FACTORS) + 5  # MB, times, growths, s/MB, x news
