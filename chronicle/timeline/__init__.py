"""Timelines: ordering, merging and conflicts over dated events. Pure Python: no framework."""

from chronicle.timeline.entry import TimelineEvent

__all__ = ["TimelineEvent"]
