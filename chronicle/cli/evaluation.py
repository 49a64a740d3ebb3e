"""`chronicle eval`: TempEval-3 Task A scores of the temporal engine against TimeML gold folders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List

import typer

from chronicle.cli.app import app


@app.command("eval")
def evaluate_command(
    gold_dirs: List[Path] = typer.Argument(..., help="Folders of gold TimeML (.tml) files; each is one corpus."),
    errors: int = typer.Option(0, "--errors", min=0, help="Show the N most frequent errors of each kind."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores (and errors) as JSON."),
    lang: str = typer.Option("en", "--lang", help="Language of the texts, or 'auto'."),
    prefer: str = typer.Option("auto", "--prefer", help="auto, past or future."),
) -> None:
    """Strip the gold tags, annotate the raw text with the gold DCT, and score like TempEval-3."""
    from chronicle.evaluation import evaluate
    from chronicle.evaluation.report import evaluation_json
    from chronicle.formats.timeml import TimeMLError
    from chronicle.temporal import extract

    def annotate(text, reference):
        return extract(text, reference, lang=lang, prefer=prefer)

    try:
        evaluation = evaluate(gold_dirs, annotate)
    except (FileNotFoundError, TimeMLError) as error:
        raise typer.BadParameter(str(error), param_hint="GOLD_DIR") from None
    if as_json:
        typer.echo(json.dumps(evaluation_json(evaluation, errors), indent=2, ensure_ascii=False))
        return
    from chronicle.cli.evaluation_view import print_errors, print_scores

    print_scores(evaluation)
    if errors:
        print_errors(evaluation, errors)
