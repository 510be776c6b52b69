"""Breaking ties: look back to earlier stages, then draw lots with a seeded generator.

Rule used by every method here (after the Scottish Local Government Elections Order 2007,
rules 49(2)-(3) and 51(2)): when candidates are tied at a decision, look at the end of the
most recent preceding stage at which their totals were unequal and take the highest (for a
surplus or a winner) or the lowest (for an exclusion); with three or more tied, keep narrowing
stage by stage towards the start. If they were equal at every stage, draw lots: sort the tied
candidates by ballot-paper order and take ``random.Random(seed).choice`` of them. The generator
is created once per count, so a count with the same ballots and seed is reproducible.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import Any


class TieDecision(Enum):
    """What the tie decided."""

    SURPLUS_ORDER = "surplus_order"
    EXCLUSION = "exclusion"
    WINNER = "winner"
    SEAT = "seat"


class TieResolution(Enum):
    LOOK_BACK = "look_back"
    LOT = "lot"


@dataclass(frozen=True, slots=True)
class TieBreak:
    """One tie: who was tied at ``stage``, who was chosen, and how."""

    decision: TieDecision
    stage: int
    tied: tuple[str, ...]
    chosen: str
    resolution: TieResolution
    looked_back_to: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision.value,
            "stage": self.stage,
            "tied": list(self.tied),
            "chosen": self.chosen,
            "resolution": self.resolution.value,
            "looked_back_to": self.looked_back_to,
        }


Total = int | Fraction


class TieBreaker:
    """Chooses among tied candidates; one instance per count holds the seeded generator."""

    def __init__(self, candidates: Sequence[str], seed: int) -> None:
        self._names = candidates
        self._rng = random.Random(seed)

    def by_lot(self, tied: Sequence[int]) -> int:
        return self._rng.choice(sorted(tied))

    def choose(
        self,
        tied: Sequence[int],
        history: Sequence[Sequence[Total]],
        *,
        lowest: bool,
        decision: TieDecision,
        stage: int,
    ) -> tuple[int, TieBreak | None]:
        """Pick one of ``tied`` (tied at ``history[-1]``); ``history[i]`` is stage ``i + 1``.

        Returns the choice and the record of the tie (None if there was no tie).
        """
        if len(tied) == 1:
            return tied[0], None
        pick: Callable[[Sequence[Total]], Total] = min if lowest else max
        remaining = sorted(tied)
        looked_back_to: int | None = None
        for index in range(len(history) - 2, -1, -1):
            totals = history[index]
            best = pick([totals[c] for c in remaining])
            narrowed = [c for c in remaining if totals[c] == best]
            if len(narrowed) < len(remaining):
                remaining = narrowed
                looked_back_to = index + 1
                if len(remaining) == 1:
                    break
        if len(remaining) == 1:
            resolution = TieResolution.LOOK_BACK
            chosen = remaining[0]
        else:
            resolution = TieResolution.LOT
            chosen = self.by_lot(remaining)
        record = TieBreak(
            decision=decision,
            stage=stage,
            tied=tuple(self._names[c] for c in sorted(tied)),
            chosen=self._names[chosen],
            resolution=resolution,
            looked_back_to=looked_back_to,
        )
        return chosen, record
