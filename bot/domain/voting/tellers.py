"""Tellers: the power to open a vote's ballots split among members, k of n needed.

The vote's private key is a scalar ``s`` of the Ed25519 group. When the vote opens it is split
by Feldman's verifiable secret sharing: a random polynomial ``f`` of degree k-1 with
``f(0) = s``; teller ``j`` (numbered from 1) receives ``f(j)``, sealed to the X25519 key the
teller made on their own machine, so the bot cannot read it. The commitments ``a_i·G`` to the
polynomial's coefficients are published with the vote: anyone can check a share against them
(``f(j)·G == Σ C_i·j^i``), so a teller can tell a dishonest dealing and the bot can tell a wrong
release, naming its teller. Any k shares give ``s`` back by Lagrange interpolation at 0; k-1
shares are consistent with every possible ``s``, so they reveal nothing about it.

A release is a teller's share signed with the teller's Ed25519 key over the vote's context (so a
release for one vote cannot be replayed for another). The ballots of a teller vote are sealed
to the X25519 key derived from ``s``; whoever reconstructs ``s`` (the counter, once k tellers
released) opens them.

Everything here is pure: PyNaCl's group operations and Python integers, no I/O.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from nacl.bindings import (
    crypto_core_ed25519_add,
    crypto_scalarmult_ed25519_base_noclamp,
    crypto_scalarmult_ed25519_noclamp,
)
from nacl.exceptions import BadSignatureError, CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey, VerifyKey

from bot.domain.voting.errors import SecrecyError

# The order of Ed25519's prime-order subgroup: shares and coefficients are integers modulo it.
GROUP_ORDER = 2**252 + 27742317777372353535851937790883648493
MAX_TELLERS = 25
PUBLIC_PREFIX = "caucus-teller-public-1:"
SECRET_PREFIX = "caucus-teller-secret-1:"
RELEASE_PREFIX = "caucus-teller-release-1:"
SHARE_SIZE = 32
KEY_SIZE = 32
SIGNATURE_SIZE = 64


class TellerError(SecrecyError):
    """A teller's key, share or release is not what it should be; the message says why."""


class WrongReleaseError(TellerError):
    """A released share fails its check; `teller` is the teller's number (1-based)."""

    def __init__(self, teller: int, reason: str) -> None:
        super().__init__(f"teller {teller}'s release is refused: {reason}")
        self.teller = teller
        self.reason = reason


def _scalar_bytes(value: int) -> bytes:
    return (value % GROUP_ORDER).to_bytes(32, "little")


def _times_base(value: int) -> bytes:
    if value % GROUP_ORDER == 0:
        raise TellerError("a zero scalar has no point to commit to")
    return crypto_scalarmult_ed25519_base_noclamp(_scalar_bytes(value))


def _times_point(value: int, point: bytes) -> bytes:
    return crypto_scalarmult_ed25519_noclamp(_scalar_bytes(value), point)


def _random_scalar() -> int:
    while True:
        value = secrets.randbelow(GROUP_ORDER)
        if value:
            return value


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def unb64(text: str, size: int, what: str) -> bytes:
    try:
        data = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise TellerError(f"{what} is not valid: it has characters that do not belong") from None
    if len(data) != size:
        raise TellerError(f"{what} is not valid: it is cut short or has extra characters")
    return data


def _checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:8]


def _decode(text: str, prefix: str, size: int, what: str) -> bytes:
    text = "".join(text.split())
    if not text.startswith(prefix):
        raise TellerError(f"{what} must start with {prefix!r}")
    body, _, check = text.removeprefix(prefix).partition(".")
    data = unb64(body, size, what)
    if check != _checksum(data):
        raise TellerError(f"{what} is damaged: its checksum does not match (was it copied whole?)")
    return data


def _encode(prefix: str, data: bytes) -> str:
    return f"{prefix}{b64(data)}.{_checksum(data)}"


@dataclass(frozen=True)
class TellerPublicKey:
    """What a teller gives the organizers: a key to seal their share to, and one to check
    their signature with. Its text form is one line with a checksum, safe to paste."""

    box_key: bytes
    verify_key: bytes

    def encode(self) -> str:
        return _encode(PUBLIC_PREFIX, self.box_key + self.verify_key)

    @classmethod
    def decode(cls, text: str) -> TellerPublicKey:
        data = _decode(text, PUBLIC_PREFIX, 2 * KEY_SIZE, "a teller's public key")
        return cls(box_key=data[:KEY_SIZE], verify_key=data[KEY_SIZE:])

    @property
    def fingerprint(self) -> str:
        """A short code a teller can compare with what the announcement shows."""
        digest = hashlib.sha256(self.box_key + self.verify_key).hexdigest().upper()
        return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True)
class TellerSecretKey:
    """What stays on the teller's own machine: opens their share and signs their release."""

    box_secret: bytes
    signing_seed: bytes

    def encode(self) -> str:
        return _encode(SECRET_PREFIX, self.box_secret + self.signing_seed)

    @classmethod
    def decode(cls, text: str) -> TellerSecretKey:
        data = _decode(text, SECRET_PREFIX, 2 * KEY_SIZE, "a teller's secret key")
        return cls(box_secret=data[:KEY_SIZE], signing_seed=data[KEY_SIZE:])

    def public(self) -> TellerPublicKey:
        return TellerPublicKey(
            box_key=bytes(PrivateKey(self.box_secret).public_key),
            verify_key=bytes(SigningKey(self.signing_seed).verify_key),
        )


def generate_teller_keys() -> TellerSecretKey:
    return TellerSecretKey(
        box_secret=bytes(PrivateKey.generate()), signing_seed=bytes(SigningKey.generate())
    )


@dataclass(frozen=True)
class Dealing:
    """What is published and stored when a teller vote opens: nothing in it opens a ballot
    without k tellers' secret keys."""

    threshold: int
    commitments: tuple[bytes, ...]  # a_i·G for i = 0..k-1
    sealed_shares: tuple[bytes, ...]  # teller j's share, sealed to their box key (j = index+1)
    public_key: bytes  # the X25519 key ballots are sealed to

    @property
    def tellers(self) -> int:
        return len(self.sealed_shares)


def vote_key_from_scalar(secret: int) -> PrivateKey:
    """The X25519 key of a teller vote: derived from the shared scalar, so anyone holding the
    scalar derives the same key, and the commitment a_0·G pins the scalar down."""
    return PrivateKey(hashlib.sha256(b"caucus-teller-vote-key" + _scalar_bytes(secret)).digest())


def _evaluate(coefficients: Sequence[int], x: int) -> int:
    value = 0
    for coefficient in reversed(coefficients):
        value = (value * x + coefficient) % GROUP_ORDER
    return value


def deal(tellers: Sequence[TellerPublicKey], threshold: int) -> Dealing:
    """Makes a fresh vote key and splits it among `tellers`, any `threshold` of whom can
    rebuild it. The key itself is not returned: after this call no one holds it whole."""
    if not 1 <= threshold <= len(tellers) <= MAX_TELLERS:
        raise TellerError(
            f"need 1 ≤ k ≤ n ≤ {MAX_TELLERS} tellers, got k = {threshold}, n = {len(tellers)}"
        )
    if len({t.box_key for t in tellers}) != len(tellers):
        raise TellerError("the same teller key is named twice")
    while True:
        coefficients = [_random_scalar() for _ in range(threshold)]
        shares = [_evaluate(coefficients, j) for j in range(1, len(tellers) + 1)]
        if all(shares):
            break
    commitments = tuple(_times_base(a) for a in coefficients)
    sealed = tuple(
        SealedBox(PublicKey(teller.box_key)).encrypt(_scalar_bytes(share))
        for teller, share in zip(tellers, shares, strict=True)
    )
    public_key = bytes(vote_key_from_scalar(coefficients[0]).public_key)
    return Dealing(threshold, commitments, sealed, public_key)


def expected_share_point(commitments: Sequence[bytes], teller: int) -> bytes:
    """f(teller)·G computed from the public commitments alone."""
    total = commitments[0]
    power = 1
    for commitment in commitments[1:]:
        power = power * teller % GROUP_ORDER
        total = crypto_core_ed25519_add(total, _times_point(power, commitment))
    return total


def share_matches(commitments: Sequence[bytes], teller: int, share: int) -> bool:
    if share % GROUP_ORDER == 0:
        return False
    return _times_base(share) == expected_share_point(commitments, teller)


def open_share(dealing: Dealing, teller: int, secret: TellerSecretKey) -> int:
    """The teller's own share, checked against the published commitments (a dealing that gave
    this teller a wrong share is caught here, before anything depends on it)."""
    if not 1 <= teller <= dealing.tellers:
        raise TellerError(f"this vote has tellers 1 to {dealing.tellers}, not {teller}")
    try:
        raw = SealedBox(PrivateKey(secret.box_secret)).decrypt(dealing.sealed_shares[teller - 1])
    except CryptoError:
        raise TellerError(f"this secret key does not open teller {teller}'s share") from None
    share = int.from_bytes(raw, "little")
    if len(raw) != SHARE_SIZE or not share_matches(dealing.commitments, teller, share):
        raise TellerError(f"teller {teller}'s share does not match the published commitments")
    return share


@dataclass(frozen=True)
class Release:
    """A teller's share, signed over the vote's context, as uploaded at the count."""

    teller: int
    share: int
    signature: bytes

    def encode(self) -> str:
        body = bytes([self.teller]) + _scalar_bytes(self.share) + self.signature
        return _encode(RELEASE_PREFIX, body)

    @classmethod
    def decode(cls, text: str) -> Release:
        data = _decode(text, RELEASE_PREFIX, 1 + SHARE_SIZE + SIGNATURE_SIZE, "a release")
        share = int.from_bytes(data[1 : 1 + SHARE_SIZE], "little")
        if share >= GROUP_ORDER:
            raise TellerError("a release is not valid: its share is out of range")
        return cls(teller=data[0], share=share, signature=data[1 + SHARE_SIZE :])


def _signed_message(context: str, teller: int, share: int) -> bytes:
    return b"caucus-teller-release|" + context.encode() + bytes([teller]) + _scalar_bytes(share)


def make_release(context: str, dealing: Dealing, teller: int, secret: TellerSecretKey) -> Release:
    share = open_share(dealing, teller, secret)
    signed = SigningKey(secret.signing_seed).sign(_signed_message(context, teller, share))
    return Release(teller=teller, share=share, signature=signed.signature)


def check_release(
    context: str, dealing: Dealing, tellers: Sequence[TellerPublicKey], release: Release
) -> None:
    """Raises WrongReleaseError naming the teller unless the release is theirs, for this
    vote, and matches the commitments."""
    if not 1 <= release.teller <= dealing.tellers or len(tellers) != dealing.tellers:
        raise WrongReleaseError(release.teller, "there is no such teller in this vote")
    key = tellers[release.teller - 1]
    message = _signed_message(context, release.teller, release.share)
    try:
        VerifyKey(key.verify_key).verify(message, release.signature)
    except BadSignatureError:
        raise WrongReleaseError(
            release.teller, "its signature is not this teller's, or it was made for another vote"
        ) from None
    if not share_matches(dealing.commitments, release.teller, release.share):
        raise WrongReleaseError(release.teller, "its share does not match the commitments")


def lagrange_at_zero(points: Sequence[tuple[int, int]]) -> int:
    """The value at 0 of the polynomial of lowest degree through `points` (x distinct)."""
    total = 0
    for i, (x_i, y_i) in enumerate(points):
        numerator, denominator = 1, 1
        for j, (x_j, _) in enumerate(points):
            if i != j:
                numerator = numerator * (-x_j) % GROUP_ORDER
                denominator = denominator * (x_i - x_j) % GROUP_ORDER
        total = (total + y_i * numerator * pow(denominator, -1, GROUP_ORDER)) % GROUP_ORDER
    return total


def combine(dealing: Dealing, releases: Sequence[Release]) -> PrivateKey:
    """The vote's key from k checked releases (call check_release on each first)."""
    distinct = {r.teller: r.share for r in releases}
    if len(distinct) < dealing.threshold:
        raise TellerError(f"{len(distinct)} of the {dealing.threshold} releases needed are in")
    points = sorted(distinct.items())[: dealing.threshold]
    secret = lagrange_at_zero(points)
    if secret == 0 or _times_base(secret) != dealing.commitments[0]:
        raise TellerError("the releases do not rebuild the committed key")
    key = vote_key_from_scalar(secret)
    if bytes(key.public_key) != dealing.public_key:
        raise TellerError("the rebuilt key is not the vote's key")
    return key
