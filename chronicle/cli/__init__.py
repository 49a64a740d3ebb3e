"""The `chronicle` command line. Each module below registers its commands on `app`;
heavy imports (SQLAlchemy, Celery, uvicorn) stay inside the command functions so that
`chronicle parse` starts fast."""

from chronicle.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
