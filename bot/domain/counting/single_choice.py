"""Plurality (one choice per ballot) and approval (any number of choices) counts.

The ``seats`` candidates with the most votes are elected. Ties: when candidates tied on votes
straddle the last seat, the seats among them are drawn by lot with the seeded generator (see
``ties``); with a single stage there is nothing earlier to look back to.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.domain.counting.ballots import check_candidates, check_seats
from bot.domain.counting.errors import InvalidBallotError, NoBallotsError, UnknownCandidateError
from bot.domain.counting.ties import TieBreak, TieBreaker, TieDecision, TieResolution


@dataclass(frozen=True, slots=True)
class TallyResult:
    method: str
    candidates: tuple[str, ...]
    seats: int
    totals: Mapping[str, int]
    elected: tuple[str, ...]
    ballots: int
    ties: tuple[TieBreak, ...] = ()
    seed: int = 0

    @property
    def lot_used(self) -> bool:
        return any(tie.resolution is TieResolution.LOT for tie in self.ties)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "candidates": list(self.candidates),
            "seats": self.seats,
            "totals": dict(self.totals),
            "elected": list(self.elected),
            "ballots": self.ballots,
            "ties": [tie.to_dict() for tie in self.ties],
            "lot_used": self.lot_used,
            "seed": self.seed,
        }


def _check_choice(number: int, choice: int, candidate_count: int) -> None:
    if not 0 <= choice < candidate_count:
        raise UnknownCandidateError(
            f"ballot {number} chooses candidate {choice}, "
            f"but candidates are numbered 0 to {candidate_count - 1}"
        )


def _elect_top(
    method: str,
    candidates: Sequence[str],
    totals: list[int],
    *,
    seats: int,
    ballots: int,
    seed: int,
) -> TallyResult:
    order = sorted(range(len(candidates)), key=lambda c: (-totals[c], c))
    elected = order[:seats]
    ties: tuple[TieBreak, ...] = ()
    if len(order) > seats:
        boundary = totals[order[seats - 1]]
        tied = [c for c in order if totals[c] == boundary]
        safe = [c for c in elected if totals[c] > boundary]
        if len(safe) + len(tied) > seats:
            breaker = TieBreaker(candidates, seed)
            pool = sorted(tied)
            drawn: list[int] = []
            for _ in range(seats - len(safe)):
                drawn.append(breaker.by_lot(pool))
                pool.remove(drawn[-1])
            elected = safe + drawn
            ties = tuple(
                TieBreak(
                    decision=TieDecision.SEAT,
                    stage=1,
                    tied=tuple(candidates[c] for c in sorted(tied)),
                    chosen=candidates[c],
                    resolution=TieResolution.LOT,
                )
                for c in drawn
            )
    return TallyResult(
        method=method,
        candidates=tuple(candidates),
        seats=seats,
        totals={candidates[c]: totals[c] for c in range(len(candidates))},
        elected=tuple(candidates[c] for c in elected),
        ballots=ballots,
        ties=ties,
        seed=seed,
    )


def count_plurality(
    candidates: Sequence[str], choices: Iterable[int], *, seats: int = 1, seed: int = 0
) -> TallyResult:
    """Each ballot is one candidate index; the ``seats`` most chosen are elected."""
    check_candidates(candidates)
    check_seats(seats)
    totals = [0] * len(candidates)
    ballots = 0
    for ballots, choice in enumerate(choices, start=1):
        _check_choice(ballots, choice, len(candidates))
        totals[choice] += 1
    if ballots == 0:
        raise NoBallotsError("there is no ballot to count")
    return _elect_top("plurality", candidates, totals, seats=seats, ballots=ballots, seed=seed)


def count_approval(
    candidates: Sequence[str],
    approvals: Iterable[Collection[int]],
    *,
    seats: int = 1,
    seed: int = 0,
) -> TallyResult:
    """Each ballot approves a set of candidate indexes; the ``seats`` most approved win."""
    check_candidates(candidates)
    check_seats(seats)
    totals = [0] * len(candidates)
    ballots = 0
    for ballots, approved in enumerate(approvals, start=1):
        if len(set(approved)) != len(approved):
            raise InvalidBallotError(f"ballot {ballots} approves a candidate twice")
        for choice in approved:
            _check_choice(ballots, choice, len(candidates))
            totals[choice] += 1
    if ballots == 0:
        raise NoBallotsError("there is no ballot to count")
    return _elect_top("approval", candidates, totals, seats=seats, ballots=ballots, seed=seed)
