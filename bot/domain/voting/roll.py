"""Turnout and reminders from the voter roll. The roll records only who has voted, so these
figures say nothing about anyone's choice and can be shown while the vote is open."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Turnout:
    roll_size: int
    ballots_cast: int

    @property
    def share(self) -> Fraction:
        return Fraction(self.ballots_cast, self.roll_size) if self.roll_size else Fraction(0)

    @property
    def percent(self) -> float:
        return float(self.share * 100)

    def meets_quorum(self, quorum: Fraction | None) -> bool:
        """No quorum always passes; otherwise the share of the roll that voted must reach it."""
        return quorum is None or self.share >= quorum

    def ballots_needed_for_quorum(self, quorum: Fraction | None) -> int:
        """How many more ballots the quorum needs (0 when met)."""
        if quorum is None:
            return 0
        needed = -(-quorum.numerator * self.roll_size // quorum.denominator)  # ceiling
        return max(0, needed - self.ballots_cast)


def turnout(roll: frozenset[int], has_voted: frozenset[int]) -> Turnout:
    """Count only voters on the frozen roll (one entry each, however often they changed)."""
    return Turnout(roll_size=len(roll), ballots_cast=len(roll & has_voted))


def reminder_targets(roll: frozenset[int], has_voted: frozenset[int]) -> frozenset[int]:
    """Members on the roll who have not voted yet."""
    return roll - has_voted
