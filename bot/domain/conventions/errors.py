"""Errors raised by the conventions domain."""


class ConventionError(ValueError):
    """A rule was broken; `message` is written for the member who broke it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
