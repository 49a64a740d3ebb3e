"""TempEval-3 evaluation of time expression annotation against TimeML gold. Pure Python."""

from chronicle.evaluation.corpus import Evaluation, evaluate, evaluate_corpus, gold_files
from chronicle.evaluation.scoring import MEASURES, Alignment, Counts, Score, align, count

__all__ = [
    "MEASURES", "Alignment", "Counts", "Evaluation", "Score", "align", "count", "evaluate",
    "evaluate_corpus", "gold_files",
]
