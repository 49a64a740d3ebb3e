"""The `chronicle` command line. Each module below registers its commands on `app`;
heavy imports (SQLAlchemy, Celery, uvicorn) stay inside the command functions so that
`chronicle parse` starts fast."""

from chronicle.cli.app import app
from chronicle.cli import evaluation as _evaluation  # noqa: F401  (registers `eval`)
from chronicle.cli import parse as _parse  # noqa: F401  (registers `parse`)
from chronicle.cli import timeml as _timeml  # noqa: F401  (registers `timeml`)
from chronicle.cli import service as _service  # noqa: F401  (registers ingest, serve, worker, db, ...)
from chronicle.cli import timeline as _timeline  # noqa: F401  (registers `timeline`)

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
