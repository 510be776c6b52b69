"""The count sheet: every stage of a count, with totals, transfers, elections and ties.

All vote figures are exact ``Fraction`` values; ``to_dict`` turns them into floats for JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction
from typing import Any

from bot.domain.counting.ties import TieBreak, TieResolution


class StageKind(Enum):
    """Why the totals changed at this stage."""

    FIRST_PREFERENCES = "first_preferences"
    SURPLUS = "surplus"
    EXCLUSION = "exclusion"


def _number(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True, slots=True)
class Transfer:
    """Papers moved at one stage from ``source`` to ``target`` (None: non-transferable)."""

    source: str
    target: str | None
    papers: int
    votes: Fraction
    transfer_value: Fraction

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.source,
            "to": self.target,
            "papers": self.papers,
            "votes": float(self.votes),
            "transfer_value": float(self.transfer_value),
        }


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage (count) of a count sheet.

    ``subject`` is the candidate whose surplus or exclusion this stage transfers; ``elected``
    are the candidates deemed elected at the end of this stage; ``non_transferable`` and
    ``fraction_loss`` are running totals (votes on exhausted papers, and votes lost by
    rounding transfer values down).
    """

    number: int
    kind: StageKind
    subject: str | None
    totals: Mapping[str, Fraction]
    transfers: tuple[Transfer, ...] = ()
    non_transferable: Fraction = Fraction(0)
    fraction_loss: Fraction = Fraction(0)
    elected: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    ties: tuple[TieBreak, ...] = ()
    quota: Fraction | None = None
    keep_values: Mapping[str, Fraction] | None = None
    iterations: int | None = None

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "number": self.number,
            "kind": self.kind.value,
            "subject": self.subject,
            "totals": {name: float(votes) for name, votes in self.totals.items()},
            "transfers": [transfer.to_dict() for transfer in self.transfers],
            "non_transferable": float(self.non_transferable),
            "fraction_loss": float(self.fraction_loss),
            "elected": list(self.elected),
            "excluded": list(self.excluded),
            "ties": [tie.to_dict() for tie in self.ties],
            "quota": _number(self.quota),
        }
        if self.keep_values is not None:
            result["keep_values"] = {n: float(k) for n, k in self.keep_values.items()}
            result["iterations"] = self.iterations
        return result


@dataclass(frozen=True, slots=True)
class CountSheet:
    """A whole count: the declared result and every stage that led to it."""

    method: str
    candidates: tuple[str, ...]
    seats: int
    valid_votes: int
    quota: Fraction | None
    elected: tuple[str, ...]
    stages: tuple[Stage, ...]
    withdrawn: tuple[str, ...] = ()
    empty_ballots: int = 0
    seed: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def ties(self) -> tuple[TieBreak, ...]:
        return tuple(tie for stage in self.stages for tie in stage.ties)

    @property
    def lot_used(self) -> bool:
        return any(tie.resolution is TieResolution.LOT for tie in self.ties)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "candidates": list(self.candidates),
            "withdrawn": list(self.withdrawn),
            "seats": self.seats,
            "valid_votes": self.valid_votes,
            "empty_ballots": self.empty_ballots,
            "quota": _number(self.quota),
            "elected": list(self.elected),
            "stages": [stage.to_dict() for stage in self.stages],
            "lot_used": self.lot_used,
            "seed": self.seed,
            "notes": list(self.notes),
        }
