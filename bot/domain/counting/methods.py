"""The ranked counting methods, named once, and the one place that dispatches on them."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from enum import Enum

from bot.domain.counting.ballots import RankedBallot
from bot.domain.counting.blt import BltElection
from bot.domain.counting.irv import count_irv
from bot.domain.counting.meek import count_meek_stv
from bot.domain.counting.schulze import SchulzeResult, count_schulze
from bot.domain.counting.scottish_stv import count_scottish_stv
from bot.domain.counting.sheet import CountSheet


class CountingMethod(Enum):
    """How a ranked vote or an election is counted. The value is what the database stores;
    `cli_name` is how `caucus tally --method` spells it (both spellings are accepted)."""

    SCOTTISH_STV = "scottish_stv"
    MEEK = "meek"
    SCHULZE = "schulze"
    IRV = "irv"

    @property
    def cli_name(self) -> str:
        return self.value.replace("_", "-")

    @classmethod
    def from_name(cls, name: str) -> CountingMethod:
        return cls(name.strip().lower().replace("-", "_"))


def count_ranked(
    names: Sequence[str],
    ballots: Iterable[RankedBallot],
    method: CountingMethod,
    *,
    seats: int = 1,
    withdrawn: Collection[int] = (),
    seed: int = 0,
) -> CountSheet | SchulzeResult:
    """Count ranked `ballots` by `method` (the single dispatcher: votes and `caucus tally`)."""
    if method is CountingMethod.SCOTTISH_STV:
        return count_scottish_stv(names, ballots, seats, withdrawn=withdrawn, seed=seed)
    if method is CountingMethod.MEEK:
        return count_meek_stv(names, ballots, seats, withdrawn=withdrawn, seed=seed)
    if method is CountingMethod.SCHULZE:
        return count_schulze(names, ballots, withdrawn=withdrawn, seed=seed)
    return count_irv(names, ballots, withdrawn=withdrawn, seed=seed)


def count_election(
    election: BltElection,
    method: CountingMethod,
    *,
    seats: int | None = None,
    seed: int = 0,
) -> CountSheet | SchulzeResult:
    """Count a BLT `election` by `method`; `seats` overrides the file's seat count for STV."""
    return count_ranked(
        election.candidates,
        election.ballots,
        method,
        seats=election.seats if seats is None else seats,
        withdrawn=election.withdrawn,
        seed=seed,
    )
