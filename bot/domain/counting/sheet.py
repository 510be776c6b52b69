"""The count sheet: every stage of a count, with totals, transfers, elections and ties.

All vote figures are exact ``Fraction`` values; ``to_dict`` turns them into floats for JSON.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


# -- plain words for members --------------------------------------------------------------


def _names(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def stage_label(stage: Stage, elected_before: Sequence[str] = ()) -> str:
    """A short, plain heading for one stage: what moved votes at this stage.

    A Meek surplus stage has no single subject: every candidate elected so far passes on the
    part of each vote they do not need, so the heading names them all.
    """
    if stage.kind is StageKind.FIRST_PREFERENCES:
        return "First choices"
    if stage.kind is StageKind.SURPLUS:
        holders = [stage.subject] if stage.subject else list(elected_before)
        if not holders:
            return "Surplus votes passed on"
        if len(holders) == 1:
            return f"{holders[0]}'s surplus"
        return f"Surpluses of {_names(holders)}"
    if stage.subject:
        return f"{stage.subject} out"
    return "Lowest candidate out"


def stage_labels(sheet: CountSheet) -> tuple[str, ...]:
    """``stage_label`` for every stage of ``sheet``, in order."""
    labels: list[str] = []
    elected: list[str] = []
    for stage in sheet.stages:
        labels.append(stage_label(stage, elected))
        elected.extend(stage.elected)
    return tuple(labels)


def _tie_decision(decision: str) -> str:
    return {
        "exclusion": "who was out first",
        "surplus_order": "whose surplus was passed on first",
        "winner": "who won",
        "seat": "who won",
    }.get(decision, "the order")


def explain_tie(tie: Mapping[str, Any]) -> str:
    """One tie break (``TieBreak.to_dict()``) in a sentence a member can follow."""
    tied = _names([str(name) for name in tie.get("tied", ())])
    chosen = str(tie.get("chosen", ""))
    what = _tie_decision(str(tie.get("decision", "")))
    if tie.get("resolution") == "look_back":
        back = tie.get("looked_back_to")
        where = f"stage {back}" if back else "an earlier stage"
        return (
            f"{tied} were tied on {what}; it was settled by looking back to {where}, "
            f"where they last differed: {chosen}."
        )
    return f"{tied} were tied on {what}; it was decided by lot: {chosen}."


def ties_in(sheet: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Every tie a stored count sheet (``to_dict()`` of any method) records, in order."""
    ties: list[Mapping[str, Any]] = list(sheet.get("ties", ()))
    for stage in sheet.get("stages", ()):
        ties.extend(stage.get("ties", ()))
    return ties
