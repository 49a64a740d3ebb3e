"""TimeML reading and writing: offsets, escapes, and byte-identical text through a round trip."""

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.formats.timeml import (
    TimeMLError,
    annotate_text,
    escape_text,
    parse_timeml,
    read_timeml,
    reannotate,
    timeml_document,
    write_reannotated,
)
from tests.conftest import corpus_dir

GOLD = (
    '<?xml version="1.0" ?>\r\n<TimeML>\r\n<DOCID>doc-1</DOCID>\r\n'
    '<DCT><TIMEX3 tid="t0" type="DATE" value="2024-07-12" functionInDocument="CREATION_TIME">'
    "2024-07-12</TIMEX3></DCT>\r\n"
    "<TEXT>\r\nAT&amp;T <EVENT eid=\"e1\">said</EVENT> in <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2024-05\""
    " mod=\"END\">late May</TIMEX3> that R&amp;D &lt;grew&gt;.\r\n"
    "<TIMEX3 tid=\"t2\" type=\"DATE\" value=\"2024-07-11\">Thursday</TIMEX3>'s &#233;lan</TEXT>\r\n"
    '<MAKEINSTANCE eventID="e1" eiid="ei1" />\r\n<TLINK lid="l1" eventInstanceID="ei1" relatedToTime="t1" />\r\n'
    "</TimeML>\r\n"
)
RAW = "\r\nAT&T said in late May that R&D <grew>.\r\nThursday's \u00e9lan"


@dataclass(frozen=True)
class T:
    start: int
    end: int
    type: str = "DATE"
    value: str = "2024-05"
    mod: str | None = None


def test_reader_strips_tags_resolves_entities_and_keeps_line_ends():
    document = parse_timeml(GOLD)
    assert document.doc_id == "doc-1"
    assert document.dct == "2024-07-12" and document.reference == date(2024, 7, 12)
    assert document.text == RAW
    late_may, thursday = document.timexes
    assert (late_may.text, late_may.type, late_may.value, late_may.mod, late_may.tid) == (
        "late May", "DATE", "2024-05", "END", "t1")
    assert RAW[late_may.start:late_may.end] == "late May"
    assert (thursday.text, thursday.value, thursday.mod) == ("Thursday", "2024-07-11", None)
    assert document.escapes[RAW.index("&")] == "&amp;"
    assert document.escapes[RAW.index("\u00e9")] == "&#233;"


def test_reader_agrees_with_an_xml_parser_on_the_text():
    document = parse_timeml(GOLD)
    parsed = "".join(ElementTree.fromstring(GOLD).find("TEXT").itertext())
    assert document.text.replace("\r\n", "\n") == parsed


def test_reannotation_gives_back_the_source_text_byte_for_byte():
    document = parse_timeml(GOLD)
    output = reannotate(document, document.timexes)
    begin, end = document.text_span
    source_text = re.sub(r"<[^>]*>", "", GOLD[begin:end])
    out_begin = output.index("<TEXT>") + len("<TEXT>")
    out_text = re.sub(r"<[^>]*>", "", output[out_begin:output.index("</TEXT>")])
    assert out_text == source_text
    assert "MAKEINSTANCE" not in output and "TLINK" not in output  # they pointed at dropped markup
    assert output.startswith(GOLD[:begin])  # declaration, DOCID and DCT (t0) untouched
    again = parse_timeml(output)
    assert again.text == document.text
    assert [(t.start, t.end, t.type, t.value, t.mod) for t in again.timexes] == [
        (t.start, t.end, t.type, t.value, t.mod) for t in document.timexes]
    assert [t.tid for t in again.timexes] == ["t1", "t2"]


def test_writer_writes_tid_type_value_and_mod_only_when_set():
    text = "late May and Thursday"
    body = annotate_text(text, [T(13, 21, "DATE", "2024-07-11"), T(0, 8, "DATE", "2024-05", "END")])
    assert body == ('<TIMEX3 tid="t1" type="DATE" value="2024-05" mod="END">late May</TIMEX3> and '
                    '<TIMEX3 tid="t2" type="DATE" value="2024-07-11">Thursday</TIMEX3>')


def test_fresh_document_keeps_the_dct_as_t0_and_reads_back():
    text = "Q&A <b> ]]> on May 3\r\n"
    output = timeml_document(text, datetime(2024, 7, 12, 9, 30), [T(15, 20, value="2024-05-03")], doc_id="a&b")
    assert '<TIMEX3 tid="t0" type="TIME" value="2024-07-12T09:30"' in output
    document = parse_timeml(output)
    assert document.text == text and document.doc_id == "a&b"
    assert document.reference == datetime(2024, 7, 12, 9, 30)
    assert [(t.text, t.value, t.tid) for t in document.timexes] == [("May 3", "2024-05-03", "t1")]


def test_escaping_is_minimal_unless_the_source_said_otherwise():
    assert escape_text("a > b & c < d ]]> e") == "a > b &amp; c &lt; d ]]&gt; e"
    assert escape_text("a > b", {2: "&gt;"}) == "a &gt; b"


@pytest.mark.parametrize("timexes, message", [
    ([T(0, 5), T(3, 8)], "overlap"),
    ([T(5, 5)], "empty or outside"),
    ([T(0, 99)], "empty or outside"),
])
def test_writer_rejects_spans_it_cannot_tag(timexes, message):
    with pytest.raises(ValueError, match=message):
        annotate_text("some text here", timexes)


def test_writer_names_a_character_xml_cannot_carry():
    with pytest.raises(ValueError, match=r"U\+000B at offset 3"):
        timeml_document("abc\x0bdef", "2024-07-12", [])


def test_writer_rejects_a_timex_whose_text_differs_from_its_span():
    @dataclass(frozen=True)
    class Named(T):
        text: str = "May"

    with pytest.raises(ValueError, match="does not match"):
        annotate_text("in June", [Named(3, 7)])


@pytest.mark.parametrize("source, message", [
    ("<TimeML><TEXT>x</TEXT></TimeML>", "DCT"),
    ('<TimeML><DCT><TIMEX3 value="soon"/></DCT><TEXT>x</TEXT></TimeML>', "not a calendar date"),
    ('<TimeML><DCT><TIMEX3 value="2024-01-01"/></DCT></TimeML>', "exactly one <TEXT>"),
    ('<TimeML><DCT><TIMEX3 value="2024-01-01"/></DCT><TEXT>a & b</TEXT></TimeML>', "not well-formed"),
    ('<TimeML><DCT><TIMEX3 value="2024-01-01"/></DCT><TEXT><![CDATA[x]]></TEXT></TimeML>', "CDATA"),
])
def test_reader_names_what_is_wrong(source, message):
    with pytest.raises(TimeMLError, match=message):
        parse_timeml(source)


_CHARS = st.sampled_from(list("ab Z9.,\r\n\t&<>\"']]\u00e9\u20ac"))


@st.composite
def text_and_spans(draw):
    text = draw(st.text(_CHARS, min_size=1, max_size=60))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=8))))
    spans = [T(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
    return text, spans


@settings(max_examples=200, deadline=None)
@given(text_and_spans())
def test_any_text_and_spans_survive_a_round_trip(case):
    text, spans = case
    document = parse_timeml(timeml_document(text, "2024-07-12", spans))
    assert document.text == text
    assert [(t.start, t.end) for t in document.timexes] == [(t.start, t.end) for t in spans]


@pytest.mark.corpus
@pytest.mark.parametrize("corpus", ["tbaq", "wikiwars", "tweets"])
def test_every_corpus_file_round_trips_byte_identically(corpus, tmp_path):
    files = sorted(corpus_dir(corpus).rglob("*.tml"))
    assert files, f"no .tml files in corpus {corpus}"
    for path in files:
        document = read_timeml(path)
        target = tmp_path / path.name
        write_reannotated(document, document.timexes, target)
        data, written = path.read_bytes(), target.read_bytes()
        begin = data.index(b"<TEXT>")
        assert written[:begin] == data[:begin], path.name
        strip = lambda b: re.sub(rb"<[^>]*>", b"", b[b.index(b"<TEXT>"):b.index(b"</TEXT>")])  # noqa: E731
        assert strip(written) == strip(data), path.name
        again = read_timeml(target)
        assert again.text == document.text, path.name
        assert [(t.start, t.end, t.value) for t in again.timexes] == [
            (t.start, t.end, t.value) for t in document.timexes], path.name
