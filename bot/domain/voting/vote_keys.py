"""A secret vote's own keys, which live in a per-vote key file and never in the database.

Two kinds of power are kept apart (docs/secret-ballots.md, "Key lifecycle"):

* the **opening key** (`private_key`): the Curve25519 key whose public half every ballot is
  sealed to. Whoever holds it can read a ballot's *content*. Today the bot holds it; a later
  design can hand it to tellers (threshold decryption) without changing anything else.
* the **link secret** (`link_secret`): 32 random bytes from which the bot derives the keys
  of everything that *links* a stored ballot to a voter: the outer layer around each sealed
  ballot (so a copy of a stored row, from a WAL frame or a dead tuple, cannot even be handed
  to the opening key), the roll pointers that let a voter change a ballot, and the per-voter
  display order. It is only ever held by the bot and destroyed at close.

The file is sealed with the master key (defence in depth: a copy of the key directory alone
opens nothing) and holds both. At close the bot strips the outer layers, follows the pointers,
shuffles, opens the inner ballots, and then overwrites and unlinks the file: from then on no
key that still exists opens any stored copy of a ballot or a pointer.

Votes created before this design (format 1) have an opening key and no link secret: their
ballots have one layer and their pointers are sealed to the public key.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey
from nacl.secret import SecretBox

from bot.domain.voting.errors import SecrecyError, UnreadableBallotError, WrongMasterKeyError

LINK_SECRET_SIZE = 32
OPENING_KEY_SIZE = 32
FORMAT_LEGACY = 1  # opening key only (votes created before per-vote key files)
FORMAT_LAYERED = 2  # opening key + link secret
FORMAT_TELLERS = 3  # link secret + the vote's public key; the opening key is the tellers'
_MAGIC = b"CVK"


def _derive(link_secret: bytes, purpose: bytes) -> bytes:
    return hashlib.blake2b(
        b"", key=link_secret, person=purpose.ljust(16, b"\0"), digest_size=32
    ).digest()


@dataclass(frozen=True, repr=False)
class VoteSecrets:
    """The contents of one vote's key file. `repr` shows no key material."""

    private_key: bytes
    link_secret: bytes | None
    # Teller votes (docs/secret-ballots.md, "Tellers"): the key file holds no opening key
    # (private_key is empty), only the link secret and the public key the tellers' shares
    # rebuild the opening key of.
    teller_public_key: bytes | None = None

    @classmethod
    def generate(cls) -> VoteSecrets:
        return cls(bytes(PrivateKey.generate()), secrets.token_bytes(LINK_SECRET_SIZE))

    @classmethod
    def legacy(cls, private_key: bytes) -> VoteSecrets:
        return cls(private_key, None)

    @classmethod
    def for_tellers(cls, public_key: bytes) -> VoteSecrets:
        """A teller vote's key file: a fresh link secret and no opening key."""
        return cls(b"", secrets.token_bytes(LINK_SECRET_SIZE), public_key)

    def __repr__(self) -> str:
        return f"VoteSecrets(format={self.format})"

    @property
    def format(self) -> int:
        if self.teller_public_key is not None:
            return FORMAT_TELLERS
        return FORMAT_LEGACY if self.link_secret is None else FORMAT_LAYERED

    @property
    def public_key(self) -> bytes:
        if self.teller_public_key is not None:
            return self.teller_public_key
        return bytes(PrivateKey(self.private_key).public_key)

    def _link(self, purpose: bytes) -> bytes:
        if self.link_secret is None:
            raise SecrecyError("a vote created before layered ballots has no link secret")
        return _derive(self.link_secret, purpose)

    @property
    def outer_key(self) -> bytes:
        """Encrypts the outer layer of every stored ballot (bot-held, destroyed at close)."""
        return self._link(b"caucus-outer")

    @property
    def pointer_key(self) -> bytes:
        """Encrypts roll pointers (bot-held, destroyed at close)."""
        return self._link(b"caucus-pointer")

    @property
    def order_secret(self) -> bytes:
        """Keys each voter's display order (bot-held, destroyed at close)."""
        return self._link(b"caucus-order")

    def encode(self) -> bytes:
        if self.teller_public_key is not None:
            assert self.link_secret is not None
            return bytes([FORMAT_TELLERS]) + self.teller_public_key + self.link_secret
        link = self.link_secret or b""
        return bytes([self.format]) + self.private_key + link

    @classmethod
    def decode(cls, data: bytes) -> VoteSecrets:
        if not data:
            raise UnreadableBallotError("an empty vote key")
        kind, body = data[0], data[1:]
        if kind == FORMAT_LEGACY and len(body) == OPENING_KEY_SIZE:
            return cls(body, None)
        if kind == FORMAT_LAYERED and len(body) == OPENING_KEY_SIZE + LINK_SECRET_SIZE:
            return cls(body[:OPENING_KEY_SIZE], body[OPENING_KEY_SIZE:])
        if kind == FORMAT_TELLERS and len(body) == OPENING_KEY_SIZE + LINK_SECRET_SIZE:
            return cls(b"", body[OPENING_KEY_SIZE:], body[:OPENING_KEY_SIZE])
        raise UnreadableBallotError("a vote key file has an unknown format")


def seal_vote_secrets(master_key: bytes, vote_secrets: VoteSecrets) -> bytes:
    """The key file's bytes: a magic tag, then the secrets under the master key."""
    if len(master_key) != SecretBox.KEY_SIZE:
        raise SecrecyError("The master key must be 32 bytes.")
    return _MAGIC + bytes(SecretBox(master_key).encrypt(vote_secrets.encode()))


def open_vote_secrets(master_key: bytes, data: bytes) -> VoteSecrets:
    if not data.startswith(_MAGIC):
        raise UnreadableBallotError("this is not a Caucus vote key file")
    try:
        plain = SecretBox(master_key).decrypt(data[len(_MAGIC) :])
    except CryptoError as error:
        raise WrongMasterKeyError(
            "The master key does not open this vote's key file: the key file or environment "
            "variable is not the one used when the vote was created."
        ) from error
    return VoteSecrets.decode(plain)
