"""Getting documents in: the submission schema, content hashes, datelines, and reading files.

Pure Python (pydantic for validation); the API and the `chronicle ingest` command share it, so a
document is judged the same way whichever door it comes through.
"""

from chronicle.ingest.dateline import find_dateline
from chronicle.ingest.normalise import clean_text, content_hash, normalise_text
from chronicle.ingest.prepare import prepare
from chronicle.ingest.schema import BatchIn, DocumentIn

__all__ = [
    "BatchIn", "DocumentIn", "clean_text", "content_hash", "find_dateline", "normalise_text", "prepare",
]
