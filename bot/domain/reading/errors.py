"""Errors of reading plans; messages are shown to the organizer as they are."""

from __future__ import annotations


class PlanError(ValueError):
    """A plan specification or schedule adjustment cannot be applied."""
