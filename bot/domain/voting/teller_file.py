"""The dealing file published when a teller vote opens: which vote (its context, signed into
every release), who its tellers are, the commitments and the sealed shares. Anyone can check
releases with it (`caucus tellers verify`); a teller finds their number in it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.voting.tellers import (
    KEY_SIZE,
    Dealing,
    TellerError,
    TellerPublicKey,
    TellerSecretKey,
    b64,
    unb64,
)

DEALING_FORMAT = "caucus-teller-dealing-1"


@dataclass(frozen=True)
class PublishedTeller:
    number: int
    name: str
    key: TellerPublicKey


@dataclass(frozen=True)
class PublishedDealing:
    """The file published when a teller vote opens: which vote (its context, signed into
    every release), who the tellers are, and the dealing. Anyone can check releases with it."""

    context: str
    tellers: tuple[PublishedTeller, ...]
    dealing: Dealing

    def teller_keys(self) -> list[TellerPublicKey]:
        return [t.key for t in self.tellers]

    def to_json(self) -> dict[str, object]:
        return {
            "format": DEALING_FORMAT,
            "context": self.context,
            "threshold": self.dealing.threshold,
            "public_key": b64(self.dealing.public_key),
            "commitments": [b64(c) for c in self.dealing.commitments],
            "tellers": [
                {
                    "number": t.number,
                    "name": t.name,
                    "public_key": t.key.encode(),
                    "fingerprint": t.key.fingerprint,
                    "sealed_share": b64(self.dealing.sealed_shares[t.number - 1]),
                }
                for t in self.tellers
            ],
        }

    @classmethod
    def from_json(cls, data: object) -> PublishedDealing:
        try:
            return _published_from(data)
        except (KeyError, TypeError, ValueError, IndexError) as error:
            if isinstance(error, TellerError):
                raise
            raise TellerError(f"the dealing file is not valid ({error!s})") from None


def _published_from(data: object) -> PublishedDealing:
    if not isinstance(data, dict) or data.get("format") != DEALING_FORMAT:
        raise TellerError(f"this is not a teller dealing file (no {DEALING_FORMAT!r} format)")
    entries = sorted(data["tellers"], key=lambda entry: int(entry["number"]))
    tellers = tuple(
        PublishedTeller(int(e["number"]), str(e["name"]), TellerPublicKey.decode(e["public_key"]))
        for e in entries
    )
    if [t.number for t in tellers] != list(range(1, len(tellers) + 1)):
        raise TellerError("the dealing file's tellers must be numbered 1, 2, 3 …")
    commitments = tuple(unb64(c, KEY_SIZE, "a commitment") for c in data["commitments"])
    threshold = int(data["threshold"])
    if len(commitments) != threshold or not 1 <= threshold <= len(tellers):
        raise TellerError("the dealing file's threshold and commitments do not agree")
    sealed = tuple(unb64(e["sealed_share"], KEY_SIZE + 48, "a sealed share") for e in entries)
    dealing = Dealing(
        threshold=threshold,
        commitments=commitments,
        sealed_shares=sealed,
        public_key=unb64(data["public_key"], KEY_SIZE, "the vote's public key"),
    )
    return PublishedDealing(context=str(data["context"]), tellers=tellers, dealing=dealing)


def teller_number(published: PublishedDealing, secret: TellerSecretKey) -> int:
    """Which teller of this vote holds `secret` (refused if none)."""
    mine = secret.public()
    for teller in published.tellers:
        if teller.key == mine:
            return teller.number
    raise TellerError("this key is not one of this vote's tellers")
