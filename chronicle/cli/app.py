"""The Typer application every command module registers on."""

import typer

app = typer.Typer(
    name="chronicle",
    help="Find what happened when in documents, and keep it as ordered timelines.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def root() -> None:
    """Find what happened when in documents, and keep it as ordered timelines."""


@app.command()
def version() -> None:
    """Print chronicle's version."""
    from chronicle import __version__

    typer.echo(__version__)
