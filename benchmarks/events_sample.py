"""Sample sentences from TBAQ for a hand judgement of event extraction (docs/events-evaluation.md).

Usage: python benchmarks/events_sample.py [--corpus ../shared/corpora/tbaq] [--n 20] [--seed 2024]

Picks, with a fixed seed, N sentences that hold at least one gold DATE/TIME TIMEX3 with a calendar
value (the only sentences where chronicle hangs events on a time), runs `chronicle.events.extract`
on each whole document with the gold time expressions (so temporal errors do not blur the picture),
and prints for each sentence the gold events linked to its time expressions by TLINKs next to what
chronicle extracted. Judging right/wrong/missed is done by a person reading this output.
"""

from __future__ import annotations

import argparse
import random
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from chronicle.events import extract
from chronicle.events.sentences import sentence_spans
from chronicle.temporal import Interval, Timex

_TAG = re.compile(r"<(/?)(EVENT|TIMEX3|[A-Z_]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
UTC = timezone.utc


def read(path: Path):
    """Raw TEXT, gold timexes (start, end, attrs), gold events (start, end, attrs) and TLINKs."""
    source = path.read_text(encoding="utf-8")
    body = source[source.index("<TEXT>") + 6:source.index("</TEXT>")]
    text, timexes, events, open_tag = [], [], [], None
    position, cursor = 0, 0
    for match in _TAG.finditer(body):
        chunk = body[cursor:match.start()]
        text.append(chunk)
        position += len(chunk)
        cursor = match.end()
        closing, name, attrs = match.groups()
        if name in ("EVENT", "TIMEX3") and not closing:
            open_tag = (name, position, dict(_ATTR.findall(attrs)))
        elif name in ("EVENT", "TIMEX3") and closing and open_tag:
            kind, start, attributes = open_tag
            (events if kind == "EVENT" else timexes).append((start, position, attributes))
            open_tag = None
    text.append(body[cursor:])
    raw = "".join(text).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    tail = source[source.index("</TEXT>"):]
    instances = {a["eiid"]: a["eventID"] for a in (dict(_ATTR.findall(m)) for m in re.findall(r"<MAKEINSTANCE([^>]*)>", tail))}
    links = []
    for attrs in (dict(_ATTR.findall(m)) for m in re.findall(r"<TLINK([^>]*)>", tail)):
        eiid = attrs.get("eventInstanceID") or attrs.get("relatedToEventInstance")
        tid = attrs.get("relatedToTime") if attrs.get("eventInstanceID") else attrs.get("timeID")
        if eiid and tid and eiid in instances:
            links.append((instances[eiid], tid, attrs.get("relType")))
    dct = re.search(r'functionInDocument="CREATION_TIME"[^>]*>([^<]*)<', source)
    value = re.search(r'<DCT><TIMEX3[^>]*value="([^"]+)"', source).group(1)
    return raw, timexes, events, links, date.fromisoformat(value[:10]), dct


def interval(value: str) -> tuple[Interval, str] | None:
    """The calendar interval of a plain TIMEX3 date value, or None."""
    def day(y, m, d):
        return datetime(y, m, d, tzinfo=UTC)
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(T.*)?", value):
        start = day(int(m[1]), int(m[2]), int(m[3]))
        return Interval(start, start + timedelta(days=1)), "day"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        y, mo = int(m[1]), int(m[2])
        return Interval(day(y, mo, 1), day(y + mo // 12, mo % 12 + 1, 1)), "month"
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        start = datetime.fromisocalendar(int(m[1]), int(m[2]), 1).replace(tzinfo=UTC)
        return Interval(start, start + timedelta(days=7)), "week"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        y, q = int(m[1]), int(m[2])
        return Interval(day(y, 3 * q - 2, 1), day(y + (q == 4), (3 * q) % 12 + 1, 1)), "quarter"
    if m := re.fullmatch(r"(\d{4})", value):
        return Interval(day(int(m[1]), 1, 1), day(int(m[1]) + 1, 1, 1)), "year"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared/corpora/tbaq")
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"TBAQ not found at {args.corpus}")
    candidates = []
    for path in sorted(args.corpus.glob("*/*.tml")):
        raw, timexes, _, _, _, _ = read(path)
        for start, end in sentence_spans(raw):
            if any(start <= s and e <= end and a.get("type") in ("DATE", "TIME") and interval(a.get("value", ""))
                   for s, e, a in timexes):
                candidates.append((path, start, end))
    sample = random.Random(args.seed).sample(candidates, args.n)
    print(f"{len(candidates)} candidate sentences; sample of {args.n} with seed {args.seed}\n")
    for number, (path, start, end) in enumerate(sample, 1):
        raw, gold_timexes, gold_events, links, reference, _ = read(path)
        timexes = []
        for s, e, a in gold_timexes:
            resolved = interval(a.get("value", ""))
            timexes.append(Timex(start=s, end=e, text=raw[s:e], type=a.get("type", "DATE"), value=a.get("value", ""),
                                 interval=resolved[0] if resolved else None, grain=resolved[1] if resolved else None,
                                 rule="gold:" + a.get("tid", "")))
        events = extract(raw, timexes, reference=reference)
        print(f"## {number}. {path.parent.name}/{path.name} (DCT {reference})")
        print(" ".join(raw[start:end].split()))
        inside = {a["tid"]: raw[s:e] for s, e, a in gold_timexes if start <= s and e <= end}
        in_sentence = {a["eid"]: raw[s:e] for s, e, a in gold_events if start <= s and e <= end}
        for eid, tid, rel in links:
            if tid in inside and eid in in_sentence:
                print(f"  gold: {in_sentence[eid]!r} {rel} {inside[tid]!r}")
        for event in events:
            if start <= event.sentence_start < end:
                when = timexes[event.timex].text if event.timex is not None else event.value
                print(f"  ours: trigger={event.trigger!r} {event.relation} {when!r} flags={list(event.flags)} "
                      f"rule={event.rule}\n        text={event.text!r}")
        print()


if __name__ == "__main__":
    main()
