"""How fast chronicle.temporal.extract is, next to dateparser's search_dates, on one core.

Reports, in one run pinned to one CPU core:
1. throughput on a news corpus built from the TBAQ texts (all 256 TimeBank + AQUAINT documents, each
   with its DCT as reference): docs/s and MB/s of `extract` and of
   `dateparser.search.search_dates(text, languages=['en'], settings={'RELATIVE_BASE': reference})`,
   measured document by document in alternation, and their ratio;
2. the time to `import chronicle.temporal` and compile its resources, in fresh interpreters;
3. linearity on pathological inputs: seconds per MB at 1x, 4x and 16x the size, and the growth factor.

Throughput and linearity count the CPU time of this process, which other processes on a shared
machine do not inflate; import time is wall-clock time, what a user waits. MB are 10**6 bytes of
UTF-8 text. Nothing is written anywhere: the figures are printed.

    python benchmarks/temporal_speed.py [--rounds N] [--quick] [--no-linearity]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, time as clock
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.pathological import CASES  # noqa: E402

CORPORA = Path(os.environ.get("CHRONICLE_CORPORA", REPO.parent / "shared" / "corpora"))
MIN_DOCUMENTS = 200
REFERENCE = date(2024, 7, 12)
# CPU time of this process: other processes on a shared machine slow the wall clock, not this.
CLOCK = time.process_time
LIMIT_S = 600  # a linearity size predicted to take longer than this is skipped (and said so)
LIMIT_QUICK_S = 5
IMPORT_PROBE = """
import time
start, cpu = time.perf_counter(), time.process_time()
import chronicle.temporal as temporal
imported = time.perf_counter()
reference = __import__("datetime").date(2024, 7, 12)
temporal.extract("It happened on May 3, 2024, and again last Thursday.", reference)
english, english_cpu = time.perf_counter(), time.process_time()
from chronicle.temporal.detect import languages
for code in languages():
    temporal.extract("2024-05-03", reference, lang=code)
print(imported - start, english - start, time.perf_counter() - start, len(languages()), english_cpu - cpu,
      time.process_time() - cpu)
"""


def pin_to_one_core() -> int:
    """Run on one CPU core (the lowest the process may use), so both libraries get the same one."""
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return core


def news_corpus() -> list[tuple[str, date | datetime]]:
    """The raw texts of every TBAQ document with its DCT."""
    from chronicle.formats.timeml import read_timeml

    folder = CORPORA / "tbaq"
    if not folder.is_dir():
        sys.exit(f"TBAQ corpus not found at {folder} (set CHRONICLE_CORPORA to the corpora folder)")
    documents = [read_timeml(path) for path in sorted(folder.rglob("*.tml"))]
    if len(documents) < MIN_DOCUMENTS:
        sys.exit(f"only {len(documents)} TBAQ documents under {folder}; the benchmark needs {MIN_DOCUMENTS}")
    return [(document.text, document.reference) for document in documents]


def as_datetime(reference: date | datetime) -> datetime:
    """dateparser's RELATIVE_BASE wants a datetime."""
    return reference if isinstance(reference, datetime) else datetime.combine(reference, clock())


def throughput(corpus, rounds: int, peer_documents: int | None) -> dict:
    """CPU seconds of extract and of search_dates over the corpus, alternating document by document."""
    from dateparser.search import search_dates

    from chronicle.temporal import extract

    peers = len(corpus) if peer_documents is None else peer_documents
    extract(*corpus[0])  # warm both up: first calls load and compile language data
    search_dates(corpus[0][0], languages=["en"], settings={"RELATIVE_BASE": as_datetime(corpus[0][1])})
    ours, theirs = [], []
    for _ in range(rounds):
        mine = peer = 0.0
        for index, (text, reference) in enumerate(corpus):
            start = CLOCK()
            extract(text, reference)
            mine += CLOCK() - start
            if index < peers:
                base = as_datetime(reference)
                start = CLOCK()
                search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base})
                peer += CLOCK() - start
        ours.append(mine)
        theirs.append(peer)
    return {
        "chronicle extract": _rate(corpus, statistics.median(ours)),
        "dateparser search_dates": _rate(corpus[:peers], statistics.median(theirs)),
    }


def _rate(corpus, seconds: float) -> dict:
    size = sum(len(text.encode("utf-8")) for text, _ in corpus)
    return {"documents": len(corpus), "mb": size / 1e6, "seconds": seconds,
            "docs_per_s": len(corpus) / seconds, "mb_per_s": size / 1e6 / seconds}


def import_time(runs: int) -> dict:
    """Median seconds to import chronicle.temporal, then to compile English, then every language."""
    samples = []
    for _ in range(runs):
        output = subprocess.run(
            [sys.executable, "-c", IMPORT_PROBE], cwd=REPO, check=True, capture_output=True, text=True
        ).stdout.split()
        samples.append([float(figure) for figure in output[:3]] + [int(output[3])] + [float(f) for f in output[4:6]])
    import_s, english_s, every_s = (statistics.median(sample[i] for sample in samples) for i in range(3))
    return {"runs": runs, "import_s": import_s, "import_and_first_extract_s": english_s,
            "every_language_s": every_s, "languages": samples[0][3],
            "import_and_first_extract_cpu_s": statistics.median(sample[4] for sample in samples),
            "every_language_cpu_s": statistics.median(sample[5] for sample in samples)}


def linearity(scale: float, limit_s: float) -> list[dict]:
    """Seconds per MB of each pathological input at 1x, 4x and 16x its base size."""
    from chronicle.temporal import extract

    rows = []
    for case in CASES:
        timings = {}
        for factor in (1, 4, 16):
            previous = timings.get(factor // 4)
            if previous and previous["seconds"] * 4 * 1.5 > limit_s:
                break  # would take too long; the rows so far already show the growth
            text = case.build(scale * factor)
            start = CLOCK()
            found = extract(text, REFERENCE)
            seconds = CLOCK() - start
            mb = len(text.encode("utf-8")) / 1e6
            timings[factor] = {"mb": mb, "seconds": seconds, "s_per_mb": seconds / mb, "timexes": len(found)}
        base = timings[1]["s_per_mb"]
        growth = {factor: row["s_per_mb"] / base for factor, row in timings.items()}
        rows.append({"case": case.name, "timings": timings, "growth": growth})
    return rows


def report(results: dict) -> None:
    """Print every figure of a run."""
    print(f"chronicle temporal speed — Python {sys.version.split()[0]}, pinned to CPU core {results['core']}")
    print(f"corpus: {results['documents']} TBAQ news documents, {results['mb']:.3f} MB, {results['rounds']} rounds "
          "alternating document by document (median round); seconds are CPU seconds of this process\n")
    print(f"{'':26}{'docs':>6}{'MB':>8}{'CPU s':>10}{'docs/s':>10}{'MB/s':>9}")
    for name, rate in results["throughput"].items():
        print(f"{name:26}{rate['documents']:>6}{rate['mb']:>8.3f}{rate['seconds']:>10.3f}"
              f"{rate['docs_per_s']:>10.1f}{rate['mb_per_s']:>9.3f}")
    ours, theirs = results["throughput"].values()
    print(f"ratio extract / search_dates: {ours['docs_per_s'] / theirs['docs_per_s']:.1f}x docs/s, "
          f"{ours['mb_per_s'] / theirs['mb_per_s']:.1f}x MB/s\n")
    imports = results["import"]
    print(f"import chronicle.temporal: {imports['import_s']:.3f} s; with compiling English and a first extract: "
          f"{imports['import_and_first_extract_s']:.3f} s; with all {imports['languages']} languages: "
          f"{imports['every_language_s']:.3f} s (wall clock, median of {imports['runs']} fresh interpreters; "
          f"CPU: {imports['import_and_first_extract_cpu_s']:.3f} s to the first extract, "
          f"{imports['every_language_cpu_s']:.3f} s with every language)\n")
    if not results["linearity"]:
        return
    print("linearity on pathological input (CPU seconds per MB; growth = s/MB at Nx ÷ s/MB at 1x)")
    print(f"{'case':34}{'1x MB':>8}{'1x s/MB':>9}{'4x s/MB':>9}{'16x s/MB':>10}{'growth 4x':>11}"
          f"{'growth 16x':>12}{'timexes 1x':>12}")
    for row in results["linearity"]:
        timings, growth = row["timings"], row["growth"]
        cell = lambda factor, key: f"{timings[factor][key]:.3f}" if factor in timings else "skipped"  # noqa: E731
        grow = lambda factor: f"{growth[factor]:.2f}" if factor in growth else "skipped"  # noqa: E731
        print(f"{row['case']:34}{timings[1]['mb']:>8.2f}{cell(1, 's_per_mb'):>9}{cell(4, 's_per_mb'):>9}"
              f"{cell(16, 's_per_mb'):>10}{grow(4):>11}{grow(16):>12}{timings[1]['timexes']:>12}")
    if any(16 not in row["timings"] for row in results["linearity"]):
        print(f"skipped: predicted to take over {results['limit_s']} s from the size before it")


def run(rounds: int = 3, quick: bool = False, with_linearity: bool = True) -> dict:
    """Every measurement of the benchmark, as data."""
    core = pin_to_one_core()
    corpus = news_corpus()
    return {
        "core": core,
        "documents": len(corpus),
        "mb": sum(len(text.encode("utf-8")) for text, _ in corpus) / 1e6,
        "rounds": rounds,
        "throughput": throughput(corpus, rounds, peer_documents=20 if quick else None),
        "import": import_time(runs=2 if quick else 5),
        "linearity": linearity(scale=1 / 64 if quick else 1.0, limit_s=LIMIT_QUICK_S if quick else LIMIT_S)
        if with_linearity else [],
        "limit_s": LIMIT_QUICK_S if quick else LIMIT_S,
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: run and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of both libraries (median kept)")
    parser.add_argument("--quick", action="store_true", help="small sizes and a 20-document peer, to check it runs")
    parser.add_argument("--no-linearity", action="store_true", help="throughput and import time only (minutes faster)")
    options = parser.parse_args(argv)
    report(run(rounds=max(1, options.rounds), quick=options.quick, with_linearity=not options.no_linearity))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
