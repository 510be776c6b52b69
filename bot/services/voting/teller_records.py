"""What the teller service hands out: a vote's tellers and who has released, the count gate,
the refusals, and the names of the teller jobs (docs/secret-ballots.md, "Tellers")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nacl.public import PrivateKey

from bot.domain.voting.tellers import TellerError, TellerPublicKey
from bot.errors import Conflict, UserError

DEADLINE_JOB = "tellers-deadline"  # the release deadline: organizers told if fewer than k
COUNT_JOB = "tellers-count"  # the count, queued with the k-th release (same transaction)
TELLER_REGISTERED = "teller.registered"
TELLER_NAMED = "teller.named"
TELLER_REMOVED = "teller.removed"
TELLERS_DEALT = "tellers.dealt"
TELLER_RELEASED = "teller.released"


class TellersMissing(Conflict):
    """A teller vote is due to open but not all its tellers are named: it waits (in draft)
    and opens once the last is named."""


class ReleaseRefused(UserError):
    """A release file that is not a valid release of this vote's teller; names the teller."""


@dataclass(frozen=True)
class TellerEntry:
    number: int
    member_id: int
    name: str
    fingerprint: str
    faction: str | None
    released: bool


@dataclass(frozen=True)
class TellerStatus:
    """What the vote shows about its tellers (names, fingerprints, who has released)."""

    vote_id: int
    title: str
    count: int
    threshold: int
    tellers: tuple[TellerEntry, ...]
    dealt: bool
    deadline: dt.datetime | None
    dealing_json: str | None

    @property
    def released(self) -> int:
        return sum(1 for t in self.tellers if t.released)

    @property
    def complete(self) -> bool:
        return self.dealt and self.released >= self.threshold

    def released_names(self) -> list[str]:
        return [t.name for t in self.tellers if t.released]

    def waiting_names(self) -> list[str]:
        return [t.name for t in self.tellers if not t.released]


@dataclass(frozen=True)
class CountGate:
    """What the close needs to know about a vote's tellers: not a teller vote (`teller_vote`
    false), a teller vote still waiting for releases, or the key k releases rebuilt."""

    teller_vote: bool
    key: PrivateKey | None = None

    @property
    def waiting(self) -> bool:
        return self.teller_vote and self.key is None


def vote_context(guild_id: int, vote_id: int, nonce: str) -> str:
    """What every release of this vote is signed over: a release for another vote (or another
    database's vote with the same number) does not check."""
    return f"caucus-vote:{guild_id}:{vote_id}:{nonce}"


def parse_key(text: str) -> TellerPublicKey:
    try:
        return TellerPublicKey.decode(text)
    except TellerError as error:
        raise UserError(
            f"That is not a teller public key: {error}. Paste the whole line "
            "`caucus teller keygen` printed after “public key:”."
        ) from None
