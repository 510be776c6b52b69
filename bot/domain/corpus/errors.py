"""The one error the corpus raises: its message is meant for the person who fixes the input."""

from __future__ import annotations


class CorpusError(ValueError):
    """A catalog or document cannot be used; the message names the entry, key or line."""
