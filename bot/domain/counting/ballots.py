"""Ranked ballots and their validation before a count.

Candidates are numbered from 0 in the order of the candidate list. A ballot's ranking lists
candidate indexes, most preferred first; a candidate left off the ranking is unranked.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from bot.domain.counting.errors import (
    InvalidBallotError,
    InvalidElectionError,
    NoBallotsError,
    UnknownCandidateError,
)


@dataclass(frozen=True, slots=True)
class RankedBallot:
    """``weight`` identical papers ranking ``ranking`` (0-based candidate indexes)."""

    ranking: tuple[int, ...]
    weight: int = 1
    ballot_id: str | None = None


@dataclass(frozen=True, slots=True)
class PreparedBallots:
    """Ballots ready to count: withdrawn candidates removed, identical rankings merged."""

    groups: tuple[tuple[tuple[int, ...], int], ...]
    valid: int
    empty: int


def check_candidates(candidates: Sequence[str]) -> None:
    if not candidates:
        raise InvalidElectionError("the election has no candidates")
    seen: set[str] = set()
    for name in candidates:
        if not name.strip():
            raise InvalidElectionError("a candidate has an empty name")
        if name in seen:
            raise InvalidElectionError(f"candidate name {name!r} appears twice")
        seen.add(name)


def check_seats(seats: int) -> None:
    if seats < 1:
        raise InvalidElectionError(f"seats must be at least 1, not {seats}")


def check_withdrawn(withdrawn: Collection[int], candidates: Sequence[str]) -> frozenset[int]:
    for index in withdrawn:
        if not 0 <= index < len(candidates):
            raise UnknownCandidateError(
                f"withdrawn candidate {index} does not exist ({len(candidates)} candidates)"
            )
    if len(set(withdrawn)) >= len(candidates):
        raise InvalidElectionError("every candidate has withdrawn")
    return frozenset(withdrawn)


def check_ranking(number: int, ranking: Sequence[int], candidate_count: int) -> None:
    """Raise a clear error for ballot ``number`` (1-based) if its ranking is malformed."""
    seen: set[int] = set()
    for index in ranking:
        if not 0 <= index < candidate_count:
            raise UnknownCandidateError(
                f"ballot {number} ranks candidate {index}, "
                f"but candidates are numbered 0 to {candidate_count - 1}"
            )
        if index in seen:
            raise InvalidBallotError(f"ballot {number} ranks candidate {index} twice")
        seen.add(index)


def prepare_ranked(
    candidates: Sequence[str],
    ballots: Iterable[RankedBallot],
    withdrawn: Collection[int] = (),
) -> PreparedBallots:
    """Validate ``ballots`` and merge identical rankings (withdrawn candidates skipped).

    A ballot that ranks no continuing candidate is empty: it is not a valid vote.
    """
    check_candidates(candidates)
    gone = check_withdrawn(withdrawn, candidates)
    merged: dict[tuple[int, ...], int] = {}
    empty = 0
    size = len(candidates)
    indexes = frozenset(range(size))
    known = merged.get
    for number, ballot in enumerate(ballots, start=1):
        ranking, weight = ballot.ranking, ballot.weight
        distinct = set(ranking)
        if len(distinct) != len(ranking) or not distinct <= indexes:
            check_ranking(number, ranking, size)
        if weight < 1:
            raise InvalidBallotError(f"ballot {number} has weight {weight}, not >= 1")
        if gone:
            ranking = tuple(c for c in ranking if c not in gone)
        if not ranking:
            empty += weight
            continue
        merged[ranking] = known(ranking, 0) + weight
    valid = sum(merged.values())
    if valid == 0:
        raise NoBallotsError("there is no valid ballot to count")
    return PreparedBallots(groups=tuple(merged.items()), valid=valid, empty=empty)
