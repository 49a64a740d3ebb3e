"""chronicle: find what happened when in documents, and keep it as ordered timelines."""

__version__ = "0.1.0"
