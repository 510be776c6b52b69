"""What goes inside a sealed secret ballot, how a ballot is cast, and how the counter finds
the live ballots at close (discarding ones their voters replaced).

A changeable secret ballot needs no stored link between voter and ballot: the voter's roll
entry keeps only `seal_pointer(row key of their latest ballot)`. When they vote again, that
opaque pointer is copied *unopened* into the new ballot's sealed plaintext, and the roll entry
gets a pointer to the new row. Only the private key, unwrapped at close, can follow the
pointers; the counter then drops every ballot some other ballot supersedes, without ever
seeing a voter id.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable
from dataclasses import dataclass

from bot.domain.voting.ballots import Ballot, ballot_from_json, canonical_json
from bot.domain.voting.errors import UnreadableBallotError
from bot.domain.voting.secrecy import (
    BallotOpener,
    new_row_key,
    new_tracker_code,
    seal_ballot,
    seal_pointer,
    shuffle,
)


@dataclass(frozen=True)
class BallotEnvelope:
    """A ballot with its voter's tracker code, and (when it replaces an earlier ballot) the
    sealed pointer to that ballot's row. The tracker lives only in here, encrypted, so the
    database never holds a tracker next to a voter."""

    tracker: str
    ballot: Ballot
    supersedes: bytes | None = None

    def encode(self) -> bytes:
        value: dict[str, object] = {"ballot": self.ballot.to_json(), "tracker": self.tracker}
        if self.supersedes is not None:
            value["supersedes"] = base64.b64encode(self.supersedes).decode("ascii")
        return canonical_json(value)

    @classmethod
    def decode(cls, data: bytes) -> BallotEnvelope:
        try:
            value = json.loads(data.decode("ascii"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise UnreadableBallotError("A ballot envelope is not valid JSON.") from error
        if not isinstance(value, dict) or not isinstance(value.get("tracker"), str):
            raise UnreadableBallotError("A ballot envelope has no tracker.")
        supersedes = value.get("supersedes")
        try:
            pointer = None if supersedes is None else base64.b64decode(supersedes, validate=True)
        except (binascii.Error, TypeError) as error:
            raise UnreadableBallotError("A ballot envelope has a malformed pointer.") from error
        return cls(value["tracker"], ballot_from_json(value.get("ballot")), pointer)


@dataclass(frozen=True)
class CastBallot:
    """What casting a secret ballot produces. Store `sealed_ballot` under `row_key` in the
    ballot box (no voter, no time), set the voter's roll entry to has-voted with
    `roll_pointer`, and show `tracker` to the voter once (ephemerally); keep it nowhere."""

    row_key: str
    sealed_ballot: bytes
    roll_pointer: bytes
    tracker: str


def cast_secret_ballot(
    public_key: bytes, ballot: Ballot, previous_pointer: bytes | None = None
) -> CastBallot:
    """Seal a validated ballot. `previous_pointer` is the voter's current roll pointer when
    they are changing their ballot (None on their first ballot)."""
    row_key = new_row_key()
    tracker = new_tracker_code()
    envelope = BallotEnvelope(tracker, ballot, previous_pointer)
    return CastBallot(
        row_key=row_key,
        sealed_ballot=seal_ballot(public_key, envelope.encode()),
        roll_pointer=seal_pointer(public_key, row_key),
        tracker=tracker,
    )


def open_live_ballots(
    opener: BallotOpener, rows: Iterable[tuple[str, bytes]]
) -> list[BallotEnvelope]:
    """Open every (row key, sealed ballot) of a closed vote, drop the ballots that later
    ballots supersede, and return the rest shuffled (so no storage order survives)."""
    opened = {
        row_key: BallotEnvelope.decode(opener.open_ballot(sealed)) for row_key, sealed in rows
    }
    superseded = {
        opener.open_pointer(envelope.supersedes)
        for envelope in opened.values()
        if envelope.supersedes is not None
    }
    return shuffle(envelope for row_key, envelope in opened.items() if row_key not in superseded)
