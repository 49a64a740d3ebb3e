"""Run an annotator over folders of gold TimeML files and score it, per folder and overall."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterable, Sequence

from chronicle.evaluation.scoring import Alignment, Counts, Span, align, count
from chronicle.formats.timeml_reader import TimeMLDocument, read_timeml

Annotator = Callable[[str, "date | datetime"], Sequence[Span]]


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """One gold document, what the annotator found in it, and how the two align."""

    path: Path
    document: TimeMLDocument
    system: tuple[Span, ...]
    alignment: Alignment
    counts: Counts

    @property
    def gold(self) -> tuple:
        """The gold timexes."""
        return self.document.timexes


@dataclass(slots=True)
class CorpusResult:
    """The documents of one gold folder and their summed counts."""

    name: str
    path: Path
    documents: list[DocumentResult] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)


@dataclass(slots=True)
class Evaluation:
    """Every corpus evaluated in one run, and the counts over all of them."""

    corpora: list[CorpusResult]
    overall: Counts

    @property
    def documents(self) -> Iterable[DocumentResult]:
        """Every document of every corpus, in order."""
        for corpus in self.corpora:
            yield from corpus.documents


def gold_files(directory: str | Path) -> list[Path]:
    """The `.tml` files under a folder (recursively), sorted; a clear error when there are none."""
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"gold folder {directory} does not exist")
    files = sorted(path for path in directory.rglob("*.tml") if path.is_file())
    if not files:
        raise FileNotFoundError(f"gold folder {directory} holds no .tml files")
    return files


def evaluate_document(path: Path, annotate: Annotator) -> DocumentResult:
    """Annotate one gold document's raw text with its DCT as reference, and score it."""
    document = read_timeml(path)
    system = tuple(annotate(document.text, document.reference))
    alignment = align(document.timexes, system)
    return DocumentResult(path, document, system, alignment, count(document.timexes, system, alignment))


def evaluate_corpus(directory: str | Path, annotate: Annotator, *, name: str | None = None) -> CorpusResult:
    """Evaluate every gold file under one folder."""
    directory = Path(directory)
    result = CorpusResult(name=name or _corpus_name(directory), path=directory)
    for path in gold_files(directory):
        document = evaluate_document(path, annotate)
        result.documents.append(document)
        result.counts.add(document.counts)
    return result


def evaluate(directories: Sequence[str | Path], annotate: Annotator) -> Evaluation:
    """Evaluate several gold folders, each a corpus of its own, and their total."""
    for directory in directories:
        gold_files(directory)  # fail on a bad folder before spending time on the good ones
    corpora = [evaluate_corpus(directory, annotate) for directory in directories]
    overall = Counts()
    for corpus in corpora:
        overall.add(corpus.counts)
    return Evaluation(corpora, overall)


def _corpus_name(directory: Path) -> str:
    """A folder's name, with its parent's when the name alone says little (`tweets/test`)."""
    resolved = directory.resolve()
    if resolved.name.lower() in {"test", "train", "dev", "tml", "data", "gold"} and resolved.parent.name:
        return f"{resolved.parent.name}/{resolved.name}"
    return resolved.name
