"""The declared result of a vote, as stored (JSON) and rendered: outcome, turnout, quorum and
threshold checks, and the count sheet in the shape each method needs (stages for STV and
IRV, the pairwise table for Schulze, totals for the rest)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class StageRow:
    """One stage of an STV or IRV count: what happened and every candidate's total after it."""

    number: int
    label: str
    totals: tuple[tuple[str, float], ...]
    elected: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()


@dataclass(frozen=True)
class PairwiseRow:
    """How many voters ranked `first` above `second`, and the reverse."""

    first: str
    second: str
    first_over_second: int
    second_over_first: int


@dataclass(frozen=True)
class VoteOutcome:
    method: str
    headline: str
    winners: tuple[str, ...]
    roll_size: int
    ballots: int
    quorum: str | None = None
    quorum_met: bool = True
    ballots_needed: int = 0
    threshold: str | None = None
    threshold_met: bool | None = None
    passed: bool | None = None
    totals: tuple[tuple[str, float], ...] = ()
    stages: tuple[StageRow, ...] = ()
    pairwise: tuple[PairwiseRow, ...] = ()
    quota: float | None = None
    seed: int = 0
    notes: tuple[str, ...] = ()
    roll_call: tuple[tuple[int, str], ...] = ()  # open votes only: (member id, their ballot)
    sheet: dict[str, Any] = field(default_factory=dict)

    @property
    def turnout_percent(self) -> float:
        return 100.0 * self.ballots / self.roll_size if self.roll_size else 0.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> VoteOutcome:
        data = dict(value)
        data["winners"] = tuple(data["winners"])
        data["totals"] = tuple((name, votes) for name, votes in data["totals"])
        data["stages"] = tuple(
            StageRow(
                number=s["number"],
                label=s["label"],
                totals=tuple((name, votes) for name, votes in s["totals"]),
                elected=tuple(s["elected"]),
                excluded=tuple(s["excluded"]),
            )
            for s in data["stages"]
        )
        data["pairwise"] = tuple(PairwiseRow(**p) for p in data["pairwise"])
        data["notes"] = tuple(data["notes"])
        data["roll_call"] = tuple((member, text) for member, text in data["roll_call"])
        return cls(**data)
