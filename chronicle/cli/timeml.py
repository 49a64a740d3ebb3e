"""`chronicle timeml`: annotate TempEval-3 input files with TIMEX3 tags."""

from __future__ import annotations

from pathlib import Path

import typer

from chronicle.cli.app import app


@app.command("timeml")
def timeml_command(
    in_dir: Path = typer.Argument(..., metavar="IN_DIR", help="Folder of TimeML input files (.tml) with a <DCT> and a <TEXT>."),
    out_dir: Path = typer.Argument(..., metavar="OUT_DIR", help="Folder to write the annotated files to, same names."),
    lang: str = typer.Option("en", "--lang", help="Language of the texts, or 'auto'."),
    prefer: str = typer.Option("auto", "--prefer", help="auto, past or future."),
) -> None:
    """Annotate each file's TEXT with TIMEX3 tags, resolved against its DCT; the text stays byte-identical."""
    from chronicle.evaluation.corpus import gold_files
    from chronicle.formats.timeml import TimeMLError, read_timeml, write_reannotated
    from chronicle.temporal import extract

    try:
        paths = gold_files(in_dir)
    except FileNotFoundError as error:
        raise typer.BadParameter(str(error), param_hint="IN_DIR") from None
    if out_dir.resolve() == in_dir.resolve():
        raise typer.BadParameter("OUT_DIR must differ from IN_DIR: input files are never overwritten",
                                 param_hint="OUT_DIR")
    # Read everything first, so a bad input file stops the run before anything is written.
    try:
        documents = [(path, read_timeml(path)) for path in paths]
    except TimeMLError as error:
        raise typer.BadParameter(str(error), param_hint="IN_DIR") from None
    for path, document in documents:
        target = out_dir / path.relative_to(in_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        timexes = extract(document.text, document.reference, lang=lang, prefer=prefer)
        write_reannotated(document, timexes, target)
    typer.echo(f"annotated {len(documents)} file(s) into {out_dir}")
