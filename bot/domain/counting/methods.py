"""Counting a BLT election by a named ranked method."""

from __future__ import annotations

from enum import Enum

from bot.domain.counting.blt import BltElection
from bot.domain.counting.irv import count_irv
from bot.domain.counting.meek import count_meek_stv
from bot.domain.counting.schulze import SchulzeResult, count_schulze
from bot.domain.counting.scottish_stv import count_scottish_stv
from bot.domain.counting.sheet import CountSheet


class RankedMethod(Enum):
    SCOTTISH_STV = "scottish-stv"
    MEEK = "meek"
    SCHULZE = "schulze"
    IRV = "irv"


def count_election(
    election: BltElection,
    method: RankedMethod,
    *,
    seats: int | None = None,
    seed: int = 0,
) -> CountSheet | SchulzeResult:
    """Count ``election`` by ``method``; ``seats`` overrides the file's seat count for STV."""
    seats = election.seats if seats is None else seats
    names, ballots, withdrawn = election.candidates, election.ballots, election.withdrawn
    if method is RankedMethod.SCOTTISH_STV:
        return count_scottish_stv(names, ballots, seats, withdrawn=withdrawn, seed=seed)
    if method is RankedMethod.MEEK:
        return count_meek_stv(names, ballots, seats, withdrawn=withdrawn, seed=seed)
    if method is RankedMethod.SCHULZE:
        return count_schulze(names, ballots, withdrawn=withdrawn, seed=seed)
    return count_irv(names, ballots, withdrawn=withdrawn, seed=seed)
