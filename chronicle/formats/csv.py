"""CSV export: one row per entry, safe to open in a spreadsheet (no cell can start a formula)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from chronicle.formats.entries import as_entries, source_label
from chronicle.timeline.display import display_date
from chronicle.timeline.entry import TimelineEvent
from chronicle.timeline.merge import Entry

MEDIA_TYPE = "text/csv; charset=utf-8"
EXTENSION = "csv"
COLUMNS = (
    "key", "start", "end", "display_date", "value", "mod", "grain", "relation", "text", "trigger",
    "participants", "flags", "sources", "event_ids", "document_ids", "sentence", "timex_text", "url",
    "conflicts",
)
# A spreadsheet reads a cell starting with one of these as a formula (or strips it and then does).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """The cell with a leading apostrophe when it could otherwise start a formula."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def row(entry: Entry) -> dict[str, str]:
    """One entry as CSV cells (lists joined with "; ")."""
    p = entry.primary
    cells = {
        "key": entry.key,
        "start": p.start.isoformat() if p.start else "",
        "end": p.end.isoformat() if p.end else "",
        "display_date": entry.display_date,
        "value": p.value or "",
        "mod": p.mod or "",
        "grain": p.grain or "",
        "relation": p.relation,
        "text": p.text,
        "trigger": p.trigger or "",
        "participants": "; ".join(p.participants),
        "flags": "; ".join(p.flags),
        "sources": "; ".join(entry.sources),
        "event_ids": "; ".join(str(e.id) for e in entry.events),
        "document_ids": "; ".join(str(e.document_id) for e in entry.events),
        "sentence": p.sentence,
        "timex_text": p.timex_text or "",
        "url": p.url or "",
        "conflicts": "; ".join(
            f"{display_date(c.value, c.mod, start=c.start, relation=c.relation)} ({source_label(c)})"
            for c in entry.conflicts
        ),
    }
    return {name: neutralise(value) for name, value in cells.items()}


def render(items: Iterable[Entry | TimelineEvent], *, title: str | None = None) -> str:
    """The timeline as CSV text with a header row (RFC 4180 quoting, CRLF line ends)."""
    del title  # CSV has no place for one
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for entry in as_entries(items):
        writer.writerow(row(entry))
    return out.getvalue()
