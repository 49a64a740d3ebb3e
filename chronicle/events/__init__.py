"""Find the events a text reports and hang each on its time. Pure Python: no framework."""

from chronicle.events.event import FLAGS, RELATIONS, Event
from chronicle.events.extract import extract

__all__ = ["FLAGS", "RELATIONS", "Event", "extract"]
