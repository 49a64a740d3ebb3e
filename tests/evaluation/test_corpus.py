"""Evaluating folders of gold TimeML: per corpus, overall, error groups and the JSON report."""

from dataclasses import dataclass

import pytest

from chronicle.evaluation import evaluate, gold_files
from chronicle.evaluation.errors import errors_of, frequent_errors
from chronicle.evaluation.report import evaluation_json

TEMPLATE = (
    '<?xml version="1.0" ?>\n<TimeML>\n<DOCID>{name}</DOCID>\n'
    '<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}">{dct}</TIMEX3></DCT>\n<TEXT>{body}</TEXT>\n</TimeML>\n'
)


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None


def write_gold(folder, name, body, dct="2024-07-12"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.tml").write_text(TEMPLATE.format(name=name, dct=dct, body=body), encoding="utf-8")


def fixed_rules(text, reference):
    """A small rule set that is right about some expressions and wrong about others."""
    found = []
    for word, kind, value in (("Thursday", "DATE", "2024-07-11"), ("today", "DATE", "WRONG"),
                              ("two weeks", "DATE", "P2W"), ("Sun", "DATE", "XXXX-WXX-7")):
        at = text.find(word)
        if at >= 0:
            found.append(Found(at, at + len(word), word, kind, value))
    return found


@pytest.fixture
def gold_dirs(tmp_path):
    news, more = tmp_path / "news", tmp_path / "more"
    write_gold(news, "a", 'Talks on <TIMEX3 tid="t1" type="DATE" value="2024-07-11">Thursday</TIMEX3> and '
               '<TIMEX3 tid="t2" type="DATE" value="2024-07-12">today</TIMEX3>.')
    write_gold(news, "b", 'It lasted <TIMEX3 tid="t1" type="DURATION" value="P2W">two weeks</TIMEX3>, the Sun said.')
    write_gold(more, "c", 'Since <TIMEX3 tid="t1" type="DATE" value="2023">last year</TIMEX3>, nothing.')
    return news, more


def test_each_folder_is_a_corpus_and_overall_adds_them(gold_dirs):
    evaluation = evaluate(gold_dirs, fixed_rules)
    news, more = evaluation.corpora
    assert (news.name, news.counts.documents, news.counts.gold, news.counts.system) == ("news", 2, 3, 4)
    assert (news.counts.strict, news.counts.value, news.counts.type) == (3, 2, 2)
    assert (more.counts.gold, more.counts.system, more.counts.relaxed) == (1, 0, 0)
    assert evaluation.overall.gold == 4 and evaluation.overall.system == 4 and evaluation.overall.strict == 3


def test_errors_are_sorted_by_kind_frequency_with_examples(gold_dirs):
    evaluation = evaluate(gold_dirs, fixed_rules)
    report = {kind: (total, groups) for kind, total, groups in frequent_errors(evaluation.documents, 5)}
    assert set(report) == {"missed", "spurious", "value", "type"}
    assert report["missed"][0] == 1 and report["missed"][1][0].key == "last year"
    spurious = report["spurious"][1][0].example
    assert spurious.system.text == "Sun" and spurious.gold is None
    assert "[Sun]" in spurious.context and spurious.document == "b.tml"
    value = report["value"][1][0].example
    assert (value.gold.value, value.system.value) == ("2024-07-12", "WRONG")
    assert report["type"][1][0].key == "DURATION -> DATE"


def test_span_errors_mark_both_spans_in_context(tmp_path):
    write_gold(tmp_path, "d", 'Seen <TIMEX3 tid="t1" type="DATE" value="2024-05" mod="END">late May</TIMEX3> here.')

    def shifted(text, reference):
        at = text.index("May")
        return [Found(at, at + 3, "May", "DATE", "2024-05")]

    evaluation = evaluate([tmp_path], shifted)
    (error,) = list(errors_of(next(evaluation.documents)))
    assert error.kind == "span"
    assert error.context == "Seen [late {May]} here."


def test_json_report_has_scores_per_corpus_overall_and_errors(gold_dirs):
    data = evaluation_json(evaluate(gold_dirs, fixed_rules), errors=2)
    assert [row["name"] for row in data["corpora"]] == ["news", "more"]
    assert data["overall"]["relaxed"] == {"correct": 3, "precision": 0.75, "recall": 0.75, "f1": 0.75}
    assert data["errors"][0]["count"] >= data["errors"][-1]["count"]
    assert "errors" not in evaluation_json(evaluate(gold_dirs, fixed_rules))


def test_bad_gold_folders_are_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        gold_files(tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match="no .tml files"):
        evaluate([tmp_path], fixed_rules)
