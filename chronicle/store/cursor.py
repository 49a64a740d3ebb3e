"""The keyset cursor of the timeline: an opaque token for a position in its sort order.

The order is interval start, then end descending, then document and position; a cursor holds that
key for the last event of a page, and the next page is what sorts after it. No OFFSET: a page costs
the same at the millionth event as at the first, and rows added meanwhile never shift a page.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_

from chronicle.store.models import EventRow


class InvalidCursor(ValueError):
    """A cursor that this query did not hand out."""


def after(start: datetime, end: datetime, document_id: int, position: int) -> ColumnElement[bool]:
    """The events that sort after this key."""
    return and_(
        EventRow.interval_start >= start,  # lets the index range-scan from the cursor on
        or_(
            EventRow.interval_start > start,
            and_(EventRow.interval_start == start, or_(
                EventRow.interval_end < end,
                and_(EventRow.interval_end == end, or_(
                    EventRow.document_id > document_id,
                    and_(EventRow.document_id == document_id, EventRow.position > position),
                )),
            )),
        ),
    )


def encode_cursor(start: datetime, end: datetime, document_id: int, position: int) -> str:
    """An opaque token for the position just after this sort key."""
    raw = json.dumps([start.isoformat(), end.isoformat(), document_id, position], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, datetime, int, int]:
    """The sort key inside a token from `encode_cursor`, or InvalidCursor."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        start, end, document_id, position = json.loads(raw)
        key = (datetime.fromisoformat(start), datetime.fromisoformat(end), document_id, position)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as error:
        raise InvalidCursor("cursor is not one this timeline handed out") from error
    if key[0].tzinfo is None or key[1].tzinfo is None or not all(
        type(n) is int and 0 <= n < 2**63 for n in key[2:]
    ):
        raise InvalidCursor("cursor is not one this timeline handed out")
    return key


