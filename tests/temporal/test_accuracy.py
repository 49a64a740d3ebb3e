"""Regression floors for the engine's accuracy on the shared gold corpora (TempEval-3 Task A).

The floors sit a little under what the engine reaches; a change that costs accuracy fails here.
Run `chronicle eval ../shared/corpora/tbaq/TimeBank ../shared/corpora/tbaq/AQUAINT --errors 30`
to see the scores and the errors behind them.
"""

from __future__ import annotations

import pytest

from chronicle.evaluation import evaluate
from chronicle.temporal import extract
from tests.conftest import corpus_dir

pytestmark = pytest.mark.corpus

# corpus folder -> minimum F1 (percent) per measure
FLOORS = {
    ("tbaq", "TimeBank"): {"strict": 90.4, "relaxed": 94.5, "value": 82.2, "type": 91.2},
    ("tbaq", "AQUAINT"): {"strict": 86.0, "relaxed": 93.9, "value": 76.0, "type": 88.4},
    ("wikiwars", "tml"): {"strict": 88.0, "relaxed": 95.0, "value": 74.0},
    ("tweets", "train"): {"strict": 86.8, "relaxed": 91.9, "type": 85.6},
}


@pytest.mark.parametrize("where", list(FLOORS), ids=lambda where: "/".join(where))
def test_f1_stays_above_its_floor(where):
    folder = corpus_dir(where[0]) / where[1]
    if not folder.is_dir():
        pytest.skip(f"corpus folder {folder} not found")
    result = evaluate([folder], lambda text, reference: extract(text, reference))
    counts = result.overall
    scores = {measure: round(counts.scores(measure).f1 * 100, 1) for measure in FLOORS[where]}
    below = {m: (scores[m], floor) for m, floor in FLOORS[where].items() if scores[m] < floor}
    assert not below, f"{'/'.join(where)} F1 below its floor (score, floor): {below}"
