"""Evaluation results as plain data (for `--json`) and as rows of figures (for the table)."""

from __future__ import annotations

from chronicle.evaluation.corpus import Evaluation
from chronicle.evaluation.errors import KIND_TITLES, frequent_errors
from chronicle.evaluation.scoring import MEASURES, Counts


def counts_json(name: str, counts: Counts) -> dict:
    """One corpus's (or the total's) sizes and P/R/F1 per measure, as fractions."""
    row = {"name": name, "documents": counts.documents, "gold": counts.gold, "system": counts.system}
    for measure in MEASURES:
        score = counts.scores(measure)
        row[measure] = {
            "correct": score.correct,
            "precision": round(score.precision, 4),
            "recall": round(score.recall, 4),
            "f1": round(score.f1, 4),
        }
    return row


def evaluation_json(evaluation: Evaluation, errors: int = 0) -> dict:
    """The whole evaluation; with `errors` > 0, the most frequent error groups per kind."""
    data = {
        "corpora": [counts_json(corpus.name, corpus.counts) for corpus in evaluation.corpora],
        "overall": counts_json("overall", evaluation.overall),
    }
    if errors > 0:
        data["errors"] = [
            {
                "kind": kind,
                "title": KIND_TITLES[kind],
                "count": total,
                "groups": [
                    {"key": group.key, "count": group.count, "example": group.example.to_json()}
                    for group in groups
                ],
            }
            for kind, total, groups in frequent_errors(evaluation.documents, errors)
        ]
    return data
