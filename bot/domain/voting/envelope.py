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

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey
from nacl.secret import SecretBox

from bot.domain.voting.ballots import Ballot, ballot_from_json, canonical_json
from bot.domain.voting.errors import SecrecyError, UnreadableBallotError
from bot.domain.voting.secrecy import (
    POINTER_PLAINTEXT_SIZE,
    SEALED_BALLOT_SIZE,
    BallotOpener,
    new_row_key,
    new_tracker_code,
    pad,
    seal_ballot,
    seal_pointer,
    shuffle,
    unpad,
)
from bot.domain.voting.vote_keys import VoteSecrets


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


# -- layered ballots (votes with a per-vote key file, format 2) ----------------------------
#
# stored ballot = SecretBox(outer key, flag + supersedes pointer + inner)
# inner         = SealedBox(public key, padded envelope with the tracker and the ballot)
# roll pointer  = SecretBox(pointer key, padded row key)
#
# The outer key and pointer key come from the link secret, which only the bot holds and
# which is destroyed at close; the inner layer opens only with the opening key. The counter
# strips the outer layers and follows the pointers (link secret) without reading a ballot,
# shuffles, and only then opens the inner layers (opening key).

POINTER_BOX_SIZE = SecretBox.NONCE_SIZE + SecretBox.MACBYTES + POINTER_PLAINTEXT_SIZE
LAYERED_PLAINTEXT_SIZE = 1 + POINTER_BOX_SIZE + SEALED_BALLOT_SIZE
LAYERED_BALLOT_SIZE = SecretBox.NONCE_SIZE + SecretBox.MACBYTES + LAYERED_PLAINTEXT_SIZE


def seal_link_pointer(vote_secrets: VoteSecrets, row_key: str) -> bytes:
    box = SecretBox(vote_secrets.pointer_key)
    return bytes(box.encrypt(pad(row_key.encode("ascii"), POINTER_PLAINTEXT_SIZE)))


def open_link_pointer(vote_secrets: VoteSecrets, pointer: bytes) -> str:
    try:
        padded = SecretBox(vote_secrets.pointer_key).decrypt(pointer)
    except CryptoError as error:
        raise UnreadableBallotError("A roll pointer does not open with this vote's key.") from error
    return unpad(padded).decode("ascii")


def cast_layered_ballot(
    vote_secrets: VoteSecrets,
    public_key: bytes,
    ballot: Ballot,
    previous_pointer: bytes | None = None,
) -> CastBallot:
    """Seal a validated ballot in two layers (see above). `previous_pointer` is the voter's
    current roll pointer when they change their ballot (None on their first ballot)."""
    row_key = new_row_key()
    tracker = new_tracker_code()
    inner = seal_ballot(public_key, BallotEnvelope(tracker, ballot).encode())
    if previous_pointer is not None and len(previous_pointer) != POINTER_BOX_SIZE:
        raise UnreadableBallotError("A roll pointer has the wrong size.")
    flag = b"\x01" if previous_pointer is not None else b"\x00"
    pointer_field = previous_pointer or bytes(POINTER_BOX_SIZE)
    outer = SecretBox(vote_secrets.outer_key).encrypt(flag + pointer_field + inner)
    return CastBallot(
        row_key=row_key,
        sealed_ballot=bytes(outer),
        roll_pointer=seal_link_pointer(vote_secrets, row_key),
        tracker=tracker,
    )


def strip_outer_layers(vote_secrets: VoteSecrets, rows: Iterable[tuple[str, bytes]]) -> list[bytes]:
    """The inner sealed ballots still live at close (superseded ones dropped), shuffled.
    Needs only the link secret: no ballot is read, no voter is seen."""
    box = SecretBox(vote_secrets.outer_key)
    inner: dict[str, bytes] = {}
    superseded: set[str] = set()
    for row_key, stored in rows:
        try:
            plain = box.decrypt(stored)
        except CryptoError as error:
            raise UnreadableBallotError(
                "A stored ballot does not open with this vote's key."
            ) from error
        if len(plain) != LAYERED_PLAINTEXT_SIZE:
            raise UnreadableBallotError("A stored ballot has the wrong size.")
        if plain[0] == 1:
            superseded.add(open_link_pointer(vote_secrets, plain[1 : 1 + POINTER_BOX_SIZE]))
        inner[row_key] = plain[1 + POINTER_BOX_SIZE :]
    return shuffle(sealed for key, sealed in inner.items() if key not in superseded)


def open_layered_ballots(
    vote_secrets: VoteSecrets, rows: Iterable[tuple[str, bytes]]
) -> list[BallotEnvelope]:
    """Strip, drop superseded, shuffle, then open with the opening key (kept in that order so
    the opening key never sees a row key)."""
    opener = BallotOpener(PrivateKey(vote_secrets.private_key))
    return [
        BallotEnvelope.decode(opener.open_ballot(sealed))
        for sealed in strip_outer_layers(vote_secrets, rows)
    ]


def open_vote_ballots(
    vote_secrets: VoteSecrets, rows: Iterable[tuple[str, bytes]]
) -> list[BallotEnvelope]:
    """The live ballots of a closed vote, shuffled, whichever format it was cast in."""
    if vote_secrets.teller_public_key is not None:
        raise SecrecyError("a teller vote's ballots open only with its tellers' releases")
    if vote_secrets.link_secret is None:  # a vote created before layered ballots
        return open_live_ballots(BallotOpener(PrivateKey(vote_secrets.private_key)), rows)
    return open_layered_ballots(vote_secrets, rows)


def open_teller_ballots(
    vote_secrets: VoteSecrets, opening_key: PrivateKey, rows: Iterable[tuple[str, bytes]]
) -> list[BallotEnvelope]:
    """A teller vote's live ballots: the bot strips the outer layers with its link secret,
    the key the tellers' releases rebuilt opens the inner ones (docs/secret-ballots.md,
    "Tellers")."""
    if bytes(opening_key.public_key) != vote_secrets.public_key:
        raise SecrecyError("the rebuilt key is not this vote's opening key")
    opener = BallotOpener(opening_key)
    return [
        BallotEnvelope.decode(opener.open_ballot(sealed))
        for sealed in strip_outer_layers(vote_secrets, rows)
    ]
