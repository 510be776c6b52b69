"""Errors raised by the counting methods: all are ValueError subclasses with a clear message."""

from __future__ import annotations


class CountingError(ValueError):
    """Input that cannot be counted."""


class NoBallotsError(CountingError):
    """There is no valid ballot to count."""


class UnknownCandidateError(CountingError):
    """A ballot names a candidate index that does not exist."""


class InvalidBallotError(CountingError):
    """A ballot is malformed: a repeated preference or a non-positive weight."""


class InvalidElectionError(CountingError):
    """The election itself is malformed: no candidates, repeated names or a bad seat count."""


class BltFormatError(CountingError):
    """A BLT file is malformed; ``line`` is the 1-based line number of the problem."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: {problem}")
        self.line = line
        self.problem = problem
