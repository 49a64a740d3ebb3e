"""Whether the worker's analysis of one document stays linear in its size on hostile inputs.

For every case of `benchmarks.hostile_inputs`, the text is cleaned as ingestion cleans it and run
through `chronicle.pipeline.analyse` (time expressions, then events: all a worker does between loading
and storing) at 1x, 2x, 4x, 8x and 16x, where 16x is the case's full size (about 1 MB). Reported: CPU
seconds of this process at each size (the best of three runs below a second), the growth (CPU seconds
per MB at 16x over 1x: 1.0 is linear, 2.0 means the time per byte doubled), the growth of each step
alone, and each case's seconds per MB at 16x next to ordinary news text measured in the same run.
Pinned to one core; CPU time, so other processes on a shared machine slow the wall clock, not this.

    python benchmarks/hostile.py [--quick] [--only SUBSTRING]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.hostile_inputs import CASES  # noqa: E402
from benchmarks.pathological import Case  # noqa: E402

FACTORS = (1, 2, 4, 8, 16)
REFERENCE = date(2024, 7, 12)
CLOCK = time.process_time
REPEAT_BELOW_S = 1.0  # runs shorter than this are repeated (best of three): small times are noisy


def _time(work) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    start = CLOCK()
    result = work()
    return CLOCK() - start, result


def measure(case: Case, scale: float) -> dict:
    """CPU seconds of temporal and event extraction on `case` at each factor of `scale`."""
    from chronicle import events, temporal
    from chronicle.ingest.normalise import clean_text

    rows = {}
    for factor in FACTORS:
        text = clean_text(case.build(scale * factor / 16))
        best = None
        for _ in range(3):
            temporal_s, timexes = _time(lambda: temporal.extract(text, REFERENCE))
            events_s, found = _time(lambda: events.extract(text, timexes, reference=REFERENCE))  # noqa: B023
            if best is None or temporal_s + events_s < best["seconds"]:
                best = {"temporal": temporal_s, "events": events_s, "seconds": temporal_s + events_s,
                        "timexes": len(timexes), "found": len(found)}  # type: ignore[arg-type]
            if temporal_s + events_s >= REPEAT_BELOW_S:
                break
        best["mb"] = len(text.encode("utf-8")) / 1e6
        rows[factor] = best
    first, last = rows[FACTORS[0]], rows[FACTORS[-1]]

    def growth(key: str) -> float:
        per_mb = lambda row: max(row[key], 1e-4) / row["mb"]  # noqa: E731 - a floor for steps that take nothing
        return per_mb(last) / per_mb(first)

    return {"case": case.name, "rows": rows, "growth": growth("seconds"), "temporal_growth": growth("temporal"),
            "events_growth": growth("events"), "s_per_mb": last["seconds"] / last["mb"]}


def report(results: list[dict], scale: float) -> None:
    """Print the table."""
    news = results[0]["s_per_mb"]
    print(f"worker analysis (temporal + events) on hostile inputs, CPU seconds, pinned to one core; "
          f"16x = {scale:g} x the full size")
    head = "".join(f"{f'{f}x s':>8}" for f in FACTORS)
    print(f"{'case':46}{'16x MB':>7}{head}{'growth':>8}{'temporal':>9}{'events':>8}{'s/MB':>7}{'x news':>8}")
    for row in results:
        times = "".join(f"{row['rows'][f]['seconds']:>8.2f}" for f in FACTORS)
        print(f"{row['case']:46}{row['rows'][16]['mb']:>7.2f}{times}{row['growth']:>8.2f}"
              f"{row['temporal_growth']:>9.2f}{row['events_growth']:>8.2f}{row['s_per_mb']:>7.2f}"
              f"{row['s_per_mb'] / news:>8.1f}")
    print("growth = CPU s per MB at 16x / at 1x (1.00 = linear), for the whole analysis and each step; "
          "x news = s/MB at 16x over the news text's")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: measure every case (or those matching --only) and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a sixteenth of the sizes, to check it runs")
    parser.add_argument("--only", default="", help="only cases whose name contains this (news is always run)")
    options = parser.parse_args(argv)
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_setaffinity") else None
    if cores:
        os.sched_setaffinity(0, {min(cores)})
    try:
        from chronicle import pipeline

        pipeline.warm_up()  # compiling resources is not part of any document's time
        scale = 1 / 16 if options.quick else 1.0
        cases = [case for i, case in enumerate(CASES) if i == 0 or options.only.lower() in case.name.lower()]
        results = []
        for case in cases:
            results.append(measure(case, scale))
            print(f"measured: {case.name}", file=sys.stderr, flush=True)
        report(results, scale)
    finally:
        if cores:
            os.sched_setaffinity(0, cores)  # called from a test, the process goes on using every core
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
