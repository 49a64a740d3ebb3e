"""Reading documents from files: kinds, metadata beside or inside, errors named by file and line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from chronicle.ingest import DocumentIn, content_hash, normalise_text
from chronicle.ingest.files import discover, read


def test_discover_skips_sidecars_and_other_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A")
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("B")
    (tmp_path / "sub" / "c.jsonl").write_text("")
    (tmp_path / "d.json").write_text("[]")
    (tmp_path / "notes.yaml").write_text("x: 1")
    (tmp_path / ".hidden.txt").write_text("H")
    names = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert names == ["a.txt", "d.json", "sub/b.md", "sub/c.jsonl"]
    with pytest.raises(FileNotFoundError, match="nowhere"):
        discover([tmp_path / "nowhere"])


def test_markdown_front_matter_and_sidecar(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("---\ntitle: B\npublished_at: 2024-07-12\n---\nBody on Monday.\n")
    (tmp_path / "b.json").write_text(json.dumps({"title": "from sidecar", "source": "wire"}))
    [record] = read(tmp_path / "b.md")
    assert record.data == {"title": "B", "source": "wire", "published_at": date(2024, 7, 12),
                           "text": "Body on Monday.\n"}
    assert DocumentIn.model_validate(record.data).published_at == date(2024, 7, 12)


@pytest.mark.parametrize(("name", "content", "error"), [
    ("x.txt", b"\xff\xfe\x00", "is not valid UTF-8"),
    ("x.json", b"{", "is not valid JSON"),
    ("x.json", b"[1]", "must be a JSON object"),
    ("x.md", b"---\n[unclosed\n---\nbody", "unreadable front matter"),
    ("x.md", b"---\n- a list\n---\nbody", "must be a mapping"),
])
def test_unreadable_files_are_explained(tmp_path: Path, name: str, content: bytes, error: str) -> None:
    (tmp_path / name).write_bytes(content)
    [record] = read(tmp_path / name)
    assert record.data is None and record.error is not None and error in record.error


def test_json_shapes(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(json.dumps({"text": "One."}))
    (tmp_path / "wrapped.json").write_text(json.dumps({"documents": [{"text": "A."}, {"text": "B."}]}))
    (tmp_path / "lines.jsonl").write_text('{"text": "L1."}\n\n[2]\n{"text": "L4."}\n')
    assert [r.data for r in read(tmp_path / "one.json")] == [{"text": "One."}]
    assert [r.origin.rsplit("/", 1)[1] for r in read(tmp_path / "wrapped.json")] == ["wrapped.json[0]", "wrapped.json[1]"]
    lines = list(read(tmp_path / "lines.jsonl"))
    assert [(r.origin.rsplit(":", 1)[1], r.error is None) for r in lines] == [("1", True), ("3", False), ("4", True)]


def test_hash_ignores_spacing_and_composition() -> None:
    assert normalise_text("  Caf\u0065\u0301\n\n au   lait ") == "Caf\u00e9 au lait"
    assert content_hash("Café au lait") == content_hash("Cafe\u0301  au\tlait\n")
    assert content_hash("Café au lait") != content_hash("café au lait")
