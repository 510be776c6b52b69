"""Errors whose message is meant for the member who caused them.

Anything raised as a UserError is shown to the member as an ephemeral reply and not logged as a bug.
Everything else is a bug: logged once with its traceback, and the member gets a generic apology.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the member can fix; ``message`` is shown to them verbatim."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(UserError):
    """The thing the member named does not exist (unknown id, deleted vote, missing document)."""


class NotAllowed(UserError):
    """The member lacks the role or standing for this action."""


class Conflict(UserError):
    """The action clashes with the current state (already voted, duplicate name, vote closed)."""
