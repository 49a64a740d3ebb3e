"""Throughput of event extraction on TBAQ, as a ratio against peers timed in the same run.

Usage: python -m benchmarks.events_speed [--corpus ../shared/corpora/tbaq] [--rounds 3]

Peers: the sentence splitter alone (a floor: what reading the text at all costs) and, when present,
`chronicle.temporal.extract` (the step before events in the worker). Event extraction is fed the gold
time expressions, so its figure does not include temporal work. Wall-clock times on a shared machine are
noisy: the best of several rounds is kept, and only the ratios are meant for comparison.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import chronicle.temporal as temporal
from benchmarks.events_sample import interval, read
from chronicle.events import extract
from chronicle.events.sentences import sentence_spans
from chronicle.temporal import Timex


def _best(rounds: int, work) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        begin = time.perf_counter()
        work()
        times.append(time.perf_counter() - begin)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared/corpora/tbaq")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"TBAQ not found at {args.corpus}")
    documents = []
    for path in sorted(args.corpus.glob("*/*.tml")):
        raw, gold, _, _, reference, _ = read(path)
        timexes = []
        for start, end, attrs in gold:
            resolved = interval(attrs.get("value", ""))
            timexes.append(Timex(start=start, end=end, text=raw[start:end], type=attrs.get("type", "DATE"),
                                 value=attrs.get("value", ""), interval=resolved[0] if resolved else None,
                                 grain=resolved[1] if resolved else None))
        documents.append((raw, timexes, reference))
    chars = sum(len(raw) for raw, _, _ in documents)
    timings = {
        "sentence splitting": _best(args.rounds, lambda: [sentence_spans(raw) for raw, _, _ in documents]),
        "event extraction": _best(args.rounds, lambda: [extract(raw, tx, reference=ref) for raw, tx, ref in documents]),
    }
    if hasattr(temporal, "extract"):
        timings["temporal extraction"] = _best(
            args.rounds, lambda: [temporal.extract(raw, ref) for raw, _, ref in documents])
    events = timings["event extraction"]
    print(f"{len(documents)} documents, {chars:,} characters, best of {args.rounds} rounds")
    for name, seconds in timings.items():
        print(f"  {name:22} {seconds:7.3f} s  {chars / seconds / 1000:8.0f} kchar/s  "
              f"event extraction takes {events / seconds:5.2f}x its time")


if __name__ == "__main__":
    main()
