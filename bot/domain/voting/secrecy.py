"""Secret-ballot cryptography: per-vote key pairs wrapped under a master key kept outside the
database, fixed-size sealed ballots, tracker codes, random row keys and shuffling.

See docs/secret-ballots.md for the design and its threat model.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import NamedTuple, TypeVar

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox

from bot.domain.voting.errors import SecrecyError, UnreadableBallotError, WrongMasterKeyError

MASTER_KEY_SIZE = SecretBox.KEY_SIZE
LENGTH_PREFIX_SIZE = 2
# Every ballot plaintext is padded to this many bytes before sealing, so the length of a
# ciphertext says nothing about the ballot. It fits a full ranking of 25 options with the
# longest ids, a tracker and a sealed pointer to a superseded ballot (a test checks).
BALLOT_PLAINTEXT_SIZE = 1536
POINTER_PLAINTEXT_SIZE = 64
SEALED_OVERHEAD = 48  # ephemeral public key (32) + MAC (16) added by a sealed box
SEALED_BALLOT_SIZE = BALLOT_PLAINTEXT_SIZE + SEALED_OVERHEAD
SEALED_POINTER_SIZE = POINTER_PLAINTEXT_SIZE + SEALED_OVERHEAD

# Crockford's base32: no I, L, O or U, so a code read aloud or retyped is not misread.
TRACKER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKER_GROUPS = 3
TRACKER_GROUP_SIZE = 4  # 12 symbols x 5 bits = 60 bits
_TRACKER_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})

T = TypeVar("T")


class BallotTooLargeError(SecrecyError, ValueError):
    """A plaintext does not fit the fixed padded size."""


def generate_master_key() -> bytes:
    return secrets.token_bytes(MASTER_KEY_SIZE)


def _master_box(master_key: bytes) -> SecretBox:
    if len(master_key) != MASTER_KEY_SIZE:
        raise SecrecyError(
            f"The master key must be {MASTER_KEY_SIZE} bytes, not {len(master_key)}."
        )
    return SecretBox(master_key)


class VoteKeys(NamedTuple):
    """A vote's key pair as stored: the public key in clear, the private key wrapped."""

    public_key: bytes
    wrapped_private_key: bytes

    @classmethod
    def generate(cls, master_key: bytes) -> VoteKeys:
        private = PrivateKey.generate()
        wrapped = _master_box(master_key).encrypt(bytes(private))
        return cls(bytes(private.public_key), bytes(wrapped))


def pad(plaintext: bytes, size: int) -> bytes:
    """2-byte big-endian length, the plaintext, then random bytes up to `size`."""
    room = size - LENGTH_PREFIX_SIZE
    if len(plaintext) > room:
        raise BallotTooLargeError(f"{len(plaintext)} bytes do not fit in {room}.")
    prefix = len(plaintext).to_bytes(LENGTH_PREFIX_SIZE, "big")
    return prefix + plaintext + secrets.token_bytes(room - len(plaintext))


def unpad(padded: bytes) -> bytes:
    length = int.from_bytes(padded[:LENGTH_PREFIX_SIZE], "big")
    if length > len(padded) - LENGTH_PREFIX_SIZE:
        raise UnreadableBallotError("A padded plaintext has an impossible length.")
    return padded[LENGTH_PREFIX_SIZE : LENGTH_PREFIX_SIZE + length]


def _seal(public_key: bytes, plaintext: bytes, size: int) -> bytes:
    return bytes(SealedBox(PublicKey(public_key)).encrypt(pad(plaintext, size)))


def seal_ballot(public_key: bytes, plaintext: bytes) -> bytes:
    """Encrypt a ballot to the vote's public key; every result is SEALED_BALLOT_SIZE bytes.
    Sealing needs no secret, so the bot can do it without ever unwrapping the private key."""
    return _seal(public_key, plaintext, BALLOT_PLAINTEXT_SIZE)


def seal_pointer(public_key: bytes, row_key: str) -> bytes:
    """Encrypt a ballot row key (see docs/secret-ballots.md, changeable secret ballots)."""
    return _seal(public_key, row_key.encode("ascii"), POINTER_PLAINTEXT_SIZE)


class BallotOpener:
    """The unwrapped private key of one vote, used only when counting after close."""

    def __init__(self, private_key: PrivateKey) -> None:
        self._box = SealedBox(private_key)
        self._raw = bytes(private_key)

    @property
    def raw_key(self) -> bytes:
        """The private key's bytes (to move a wrapped key into a vote key file)."""
        return self._raw

    @classmethod
    def from_wrapped(cls, wrapped_private_key: bytes, master_key: bytes) -> BallotOpener:
        try:
            raw = _master_box(master_key).decrypt(wrapped_private_key)
        except CryptoError as error:
            raise WrongMasterKeyError(
                "The master key does not unlock this vote's key: the key file or "
                "environment variable is not the one used when the vote was created."
            ) from error
        return cls(PrivateKey(raw))

    def _open(self, sealed: bytes, size: int) -> bytes:
        try:
            padded = self._box.decrypt(sealed)
        except CryptoError as error:
            raise UnreadableBallotError(
                "A sealed item does not decrypt with this vote's key."
            ) from error
        if len(padded) != size:
            raise UnreadableBallotError("A sealed item has the wrong padded size.")
        return unpad(padded)

    def open_ballot(self, sealed: bytes) -> bytes:
        return self._open(sealed, BALLOT_PLAINTEXT_SIZE)

    def open_pointer(self, sealed: bytes) -> str:
        return self._open(sealed, POINTER_PLAINTEXT_SIZE).decode("ascii")


def open_ballots(
    wrapped_private_key: bytes, master_key: bytes, sealed: Iterable[bytes]
) -> list[bytes]:
    opener = BallotOpener.from_wrapped(wrapped_private_key, master_key)
    return [opener.open_ballot(item) for item in sealed]


def open_pointer(wrapped_private_key: bytes, master_key: bytes, sealed: bytes) -> str:
    return BallotOpener.from_wrapped(wrapped_private_key, master_key).open_pointer(sealed)


def new_tracker_code() -> str:
    """A private code a voter keeps to find their ballot in the published file."""
    symbols = "".join(
        secrets.choice(TRACKER_ALPHABET) for _ in range(TRACKER_GROUPS * TRACKER_GROUP_SIZE)
    )
    return _group(symbols)


def _group(symbols: str) -> str:
    return "-".join(
        symbols[i : i + TRACKER_GROUP_SIZE] for i in range(0, len(symbols), TRACKER_GROUP_SIZE)
    )


def normalize_tracker(text: str) -> str | None:
    """The canonical form of a typed tracker (any case, with or without dashes or spaces,
    O for 0 and I or L for 1), or None if it cannot be a tracker."""
    symbols = "".join(text.split()).replace("-", "").upper().translate(_TRACKER_LOOKALIKES)
    expected = TRACKER_GROUPS * TRACKER_GROUP_SIZE
    if len(symbols) != expected or any(s not in TRACKER_ALPHABET for s in symbols):
        return None
    return _group(symbols)


def new_row_key() -> str:
    """A random primary key for a ballot or roll row: 128 bits, reveals no order or time."""
    return secrets.token_hex(16)


def shuffle(items: Iterable[T]) -> list[T]:
    """A uniformly shuffled copy, from the operating system's random source."""
    shuffled = list(items)
    secrets.SystemRandom().shuffle(shuffled)
    return shuffled
