"""`chronicle eval` and `chronicle timeml` end to end, with the real temporal engine."""

import json
import re

from typer.testing import CliRunner

from chronicle.cli import app
from chronicle.formats.timeml import read_timeml

GOLD = (
    '<?xml version="1.0" ?>\n<TimeML>\n<DOCID>seed</DOCID>\n'
    '<DCT><TIMEX3 tid="t0" type="DATE" value="2024-07-12" functionInDocument="CREATION_TIME">2024-07-12</TIMEX3></DCT>\n'
    '<TEXT>\nTalks R&amp;D opened on <TIMEX3 tid="t1" type="DATE" value="2024-07-11">July 11, 2024</TIMEX3> '
    'and the committee approved the plan.\n</TEXT>\n</TimeML>\n'
)
INPUT = GOLD.replace('<TIMEX3 tid="t1" type="DATE" value="2024-07-11">', "").replace("2024</TIMEX3> ", "2024 ")

runner = CliRunner()


def test_eval_prints_a_table_per_corpus(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "seed.tml").write_text(GOLD, encoding="utf-8")
    result = runner.invoke(app, ["eval", str(tmp_path / "news"), "--errors", "3"])
    assert result.exit_code == 0, result.output
    assert "TempEval-3 Task A" in result.output
    assert re.search(r"news\s.*\b1\b", result.output)


def test_eval_json_scores_the_engine(tmp_path):
    (tmp_path / "seed.tml").write_text(GOLD, encoding="utf-8")
    result = runner.invoke(app, ["eval", str(tmp_path), "--json", "--errors", "2"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (corpus,) = data["corpora"]
    assert corpus["gold"] == 1 and corpus["documents"] == 1
    assert corpus["strict"]["correct"] == 1 and corpus["value"]["correct"] == 1
    assert data["overall"]["gold"] == 1


def test_eval_names_a_missing_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["eval", "absent"])
    assert result.exit_code != 0
    assert "does not exist" in result.output


def test_timeml_annotates_and_keeps_the_text(tmp_path):
    source, target = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    (source / "seed.tml").write_text(INPUT, encoding="utf-8")
    result = runner.invoke(app, ["timeml", str(source), str(target)])
    assert result.exit_code == 0, result.output
    written = (target / "seed.tml").read_text(encoding="utf-8")
    assert re.sub(r"<[^>]*>", "", written) == re.sub(r"<[^>]*>", "", INPUT)
    document = read_timeml(target / "seed.tml")
    assert [(t.text, t.type, t.value, t.tid) for t in document.timexes] == [
        ("July 11, 2024", "DATE", "2024-07-11", "t1")]
    assert '<TIMEX3 tid="t0"' in written


def test_timeml_refuses_to_overwrite_its_input(tmp_path):
    (tmp_path / "seed.tml").write_text(INPUT, encoding="utf-8")
    result = runner.invoke(app, ["timeml", str(tmp_path), str(tmp_path)])
    assert result.exit_code != 0
    assert "OUT_DIR must differ" in result.output
