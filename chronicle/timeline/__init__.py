"""Timelines: ordering, merging and conflicts over dated events. Pure Python: no framework."""

from chronicle.timeline.display import display_date
from chronicle.timeline.entry import TimelineEvent
from chronicle.timeline.filters import TimelineFilter
from chronicle.timeline.merge import Entry, merge
from chronicle.timeline.order import order, sort_key

__all__ = ["Entry", "TimelineEvent", "TimelineFilter", "display_date", "merge", "order", "sort_key"]
