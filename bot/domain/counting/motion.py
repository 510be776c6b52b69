"""Motions: yes / no / abstain, with a pass threshold and an optional quorum.

- The threshold is a share of the votes cast *excluding abstentions* (yes + no): a simple
  majority needs strictly more than 1/2 of them, two thirds needs at least 2/3. With no yes or
  no vote cast the threshold is not met.
- The quorum, when given, is a share of the eligible roll that must take part; abstentions
  count as taking part. It is met when turnout is at least that share.
- A motion passes when both are met. Margins say by how many votes each was met (>= 0) or
  missed (< 0). There are no ties to break: an exact half fails a simple majority.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from math import ceil, floor
from typing import Any

from bot.domain.counting.errors import CountingError


class MotionChoice(Enum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


@dataclass(frozen=True, slots=True)
class Threshold:
    """``share`` of yes among yes + no: more than it (``strict``) or at least it."""

    share: Fraction
    strict: bool

    def __post_init__(self) -> None:
        if not 0 < self.share <= 1:
            raise CountingError(f"a threshold share must be above 0 and at most 1: {self.share}")

    def yes_needed(self, cast: int) -> int:
        """The fewest yes votes that meet the threshold when ``cast`` yes + no votes are cast."""
        exact = self.share * cast
        needed = floor(exact) + 1 if self.strict else ceil(exact)
        return max(1, needed)

    def describe(self) -> str:
        return f"{'more than' if self.strict else 'at least'} {self.share}"


SIMPLE_MAJORITY = Threshold(Fraction(1, 2), strict=True)
TWO_THIRDS = Threshold(Fraction(2, 3), strict=False)


@dataclass(frozen=True, slots=True)
class MotionResult:
    yes: int
    no: int
    abstain: int
    threshold: Threshold
    yes_needed: int
    quorum: Fraction | None
    eligible: int | None
    turnout_needed: int | None

    @property
    def cast(self) -> int:
        return self.yes + self.no

    @property
    def turnout(self) -> int:
        return self.yes + self.no + self.abstain

    @property
    def threshold_margin(self) -> int:
        return self.yes - self.yes_needed

    @property
    def threshold_met(self) -> bool:
        return self.threshold_margin >= 0

    @property
    def quorum_margin(self) -> int | None:
        return None if self.turnout_needed is None else self.turnout - self.turnout_needed

    @property
    def quorum_met(self) -> bool:
        return self.quorum_margin is None or self.quorum_margin >= 0

    @property
    def passed(self) -> bool:
        return self.quorum_met and self.threshold_met

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": "motion",
            "yes": self.yes,
            "no": self.no,
            "abstain": self.abstain,
            "cast": self.cast,
            "turnout": self.turnout,
            "threshold": self.threshold.describe(),
            "yes_needed": self.yes_needed,
            "threshold_met": self.threshold_met,
            "threshold_margin": self.threshold_margin,
            "quorum": None if self.quorum is None else str(self.quorum),
            "eligible": self.eligible,
            "turnout_needed": self.turnout_needed,
            "quorum_met": self.quorum_met,
            "quorum_margin": self.quorum_margin,
            "passed": self.passed,
        }


def tally_motion(
    yes: int,
    no: int,
    abstain: int = 0,
    *,
    threshold: Threshold = SIMPLE_MAJORITY,
    quorum: Fraction | None = None,
    eligible: int | None = None,
) -> MotionResult:
    """Decide a motion from its counts; ``quorum`` needs ``eligible`` (the roll's size)."""
    if min(yes, no, abstain) < 0:
        raise CountingError("vote counts cannot be negative")
    turnout_needed: int | None = None
    if quorum is not None:
        if eligible is None:
            raise CountingError("a quorum needs the number of eligible voters")
        if not 0 < quorum <= 1:
            raise CountingError(f"a quorum must be a share above 0 and at most 1: {quorum}")
        turnout_needed = ceil(quorum * eligible)
    if eligible is not None and yes + no + abstain > eligible:
        raise CountingError(f"{yes + no + abstain} votes exceed the {eligible} eligible voters")
    return MotionResult(
        yes=yes,
        no=no,
        abstain=abstain,
        threshold=threshold,
        yes_needed=threshold.yes_needed(yes + no),
        quorum=quorum,
        eligible=eligible,
        turnout_needed=turnout_needed,
    )


def count_motion(
    votes: Iterable[MotionChoice],
    *,
    threshold: Threshold = SIMPLE_MAJORITY,
    quorum: Fraction | None = None,
    eligible: int | None = None,
) -> MotionResult:
    """Count individual motion votes and decide the motion (see ``tally_motion``)."""
    counts = dict.fromkeys(MotionChoice, 0)
    for vote in votes:
        counts[vote] += 1
    return tally_motion(
        counts[MotionChoice.YES],
        counts[MotionChoice.NO],
        counts[MotionChoice.ABSTAIN],
        threshold=threshold,
        quorum=quorum,
        eligible=eligible,
    )
