"""The one error type of the factions domain."""


class FactionError(ValueError):
    """A refused faction action; ``message`` is written for the member who tried it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
