"""Documents from files: .txt and .md (front matter, or a sidecar .json beside them), .json, .jsonl.

Each document comes out as a raw dict plus where it came from (`file:line`), or as an error naming
the file, so one bad file is reported and the rest still go in.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

TEXT_SUFFIXES = (".txt", ".md")
DATA_SUFFIXES = (".json", ".jsonl")


@dataclass(frozen=True, slots=True)
class Record:
    """One document read from a file (`data`), or why it could not be read (`error`)."""

    origin: str
    data: dict[str, Any] | None = None
    error: str | None = None


def discover(paths: Iterable[Path]) -> list[Path]:
    """The document files named by `paths`, folders searched recursively, in a stable order.

    A .json beside a .txt or .md of the same name is that file's metadata, not a document.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and _is_document(p)))
        elif path.exists():
            found.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return list(dict.fromkeys(found))


def _is_document(path: Path) -> bool:
    if path.name.startswith("."):
        return False
    if path.suffix in TEXT_SUFFIXES or path.suffix == ".jsonl":
        return True
    return path.suffix == ".json" and _text_beside(path) is None


def _text_beside(sidecar: Path) -> Path | None:
    for suffix in TEXT_SUFFIXES:
        candidate = sidecar.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def read(path: Path) -> Iterator[Record]:
    """The documents in one file."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        yield Record(str(path), error=f"cannot be read: {error.strerror or error}")
        return
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        yield Record(str(path), error=f"is not valid UTF-8 (byte {error.start})")
        return
    if path.suffix in TEXT_SUFFIXES:
        yield _text_document(path, content)
    elif path.suffix == ".jsonl":
        yield from _json_lines(path, content)
    elif path.suffix == ".json":
        yield from _json_documents(path, content)
    else:
        yield Record(str(path), error=f"has an unknown kind ({path.suffix or 'no suffix'}); "
                                      "expected .txt, .md, .json or .jsonl")


def _text_document(path: Path, content: str) -> Record:
    metadata: dict[str, Any] = {}
    if path.suffix == ".md" and content.startswith("---"):
        head, separator, body = content[3:].partition("\n---")
        if separator:
            try:
                loaded = yaml.safe_load(head)
            except yaml.YAMLError as error:
                return Record(str(path), error=f"has unreadable front matter: {error}")
            if loaded is not None and not isinstance(loaded, dict):
                return Record(str(path), error="front matter must be a mapping of field: value")
            metadata = loaded or {}
            content = body.split("\n", 1)[1] if "\n" in body else ""
    sidecar = path.with_suffix(".json")
    if sidecar.is_file():
        try:
            loaded = json.loads(sidecar.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            return Record(str(path), error=f"its metadata {sidecar.name} cannot be read: {error}")
        if not isinstance(loaded, dict):
            return Record(str(path), error=f"its metadata {sidecar.name} must be a JSON object")
        metadata = {**loaded, **metadata}
    if "text" in metadata:
        return Record(str(path), error="metadata must not carry 'text': the file's content is the text")
    return Record(str(path), data={**metadata, "text": content})


def _json_documents(path: Path, content: str) -> Iterator[Record]:
    try:
        loaded = json.loads(content)
    except ValueError as error:
        yield Record(str(path), error=f"is not valid JSON: {error}")
        return
    if isinstance(loaded, dict) and isinstance(loaded.get("documents"), list) and "text" not in loaded:
        loaded = loaded["documents"]
    items = loaded if isinstance(loaded, list) else [loaded]
    for index, item in enumerate(items):
        origin = f"{path}[{index}]" if isinstance(loaded, list) else str(path)
        if isinstance(item, dict):
            yield Record(origin, data=item)
        else:
            yield Record(origin, error="must be a JSON object with a 'text' field")


def _json_lines(path: Path, content: str) -> Iterator[Record]:
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        origin = f"{path}:{number}"
        try:
            item = json.loads(line)
        except ValueError as error:
            yield Record(origin, error=f"is not valid JSON: {error}")
            continue
        if isinstance(item, dict):
            yield Record(origin, data=item)
        else:
            yield Record(origin, error="must be a JSON object with a 'text' field")
