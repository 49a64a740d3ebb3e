"""Recognise and resolve time expressions. Pure Python: no framework, no clock."""

from chronicle.temporal.extract import extract
from chronicle.temporal.timex import Interval, Timex

__all__ = ["Interval", "Timex", "extract"]
