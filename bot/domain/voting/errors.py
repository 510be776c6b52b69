"""Errors raised by the voting domain."""


class VotingError(ValueError):
    """A rule was broken; `message` is written for the member who broke it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SecrecyError(Exception):
    """The secret-ballot machinery cannot do its job (an operator problem, not a member's)."""


class WrongMasterKeyError(SecrecyError):
    """The master key given does not unwrap this vote's private key."""


class UnreadableBallotError(SecrecyError):
    """A sealed ballot or pointer does not decrypt or decode: damaged or not for this vote."""


class MissingMasterKeyError(SecrecyError):
    """No master key, while secret votes depend on one: never silently make a new one."""


class VoteKeyLostError(SecrecyError):
    """A secret vote's key file is missing or does not belong to it: its ballots cannot be
    cast or counted."""
