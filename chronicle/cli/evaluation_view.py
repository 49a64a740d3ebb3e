"""Rich tables for `chronicle eval`: scores per corpus, and the most frequent errors."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from chronicle.evaluation.corpus import Evaluation
from chronicle.evaluation.errors import KIND_TITLES, frequent_errors
from chronicle.evaluation.scoring import Counts

PIPE_WIDTH = 140  # when printing to a file or a pipe, where no terminal sets the width


def _console() -> Console:
    console = Console()
    return console if console.is_terminal else Console(width=PIPE_WIDTH)


def print_scores(evaluation: Evaluation, console: Console | None = None) -> None:
    """One row per corpus and one for all of them: sizes, strict and relaxed P/R/F1, value and type F1."""
    console = console or _console()
    table = Table(title="TempEval-3 Task A (timexes)", title_justify="left")
    table.add_column("corpus", style="bold")
    for name in ("docs", "gold", "system"):
        table.add_column(name, justify="right")
    for group in ("strict", "relaxed"):
        for part in ("P", "R", "F1"):
            table.add_column(f"{group}\n{part}", justify="right", style="cyan" if part == "F1" else None)
    table.add_column("value\nF1", justify="right", style="green")
    table.add_column("type\nF1", justify="right", style="green")
    rows = [(corpus.name, corpus.counts) for corpus in evaluation.corpora]
    if len(rows) > 1:
        rows.append(("overall", evaluation.overall))
    for index, (name, counts) in enumerate(rows):
        table.add_row(*map(escape, _cells(name, counts)), end_section=len(rows) > 1 and index == len(rows) - 2)
    console.print(table)


def _cells(name: str, counts: Counts) -> list[str]:
    strict, relaxed = counts.scores("strict"), counts.scores("relaxed")
    figures = [strict.precision, strict.recall, strict.f1, relaxed.precision, relaxed.recall, relaxed.f1,
               counts.scores("value").f1, counts.scores("type").f1]
    return [name, str(counts.documents), str(counts.gold), str(counts.system)] + [
        f"{100 * figure:.1f}" for figure in figures
    ]


def print_errors(evaluation: Evaluation, limit: int, console: Console | None = None) -> None:
    """Each error kind, most frequent first, with its `limit` most frequent expressions and an example."""
    console = console or _console()
    for kind, total, groups in frequent_errors(evaluation.documents, limit):
        table = Table(title=f"{KIND_TITLES[kind]}: {total}", title_justify="left", show_lines=True)
        table.add_column("n", justify="right")
        table.add_column("expression" if kind != "type" else "gold -> system type")
        table.add_column("example in context ([gold] {system})", ratio=3)
        table.add_column("gold")
        table.add_column("system")
        for group in groups:
            example = group.example
            table.add_row(
                str(group.count),
                escape(group.key),
                f"{escape(example.context)}\n[dim]{escape(example.document)}[/dim]",
                escape(example.gold.describe()) if example.gold else "—",
                escape(example.system.describe()) if example.system else "—",
            )
        console.print(table)
