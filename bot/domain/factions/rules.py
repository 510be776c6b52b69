"""Configurable limits and thresholds for factions, documents and minority reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from fractions import Fraction

NAME_MIN_CHARS = 3
NAME_MAX_CHARS = 60
DESCRIPTION_MAX_CHARS = 300
PLATFORM_MAX_CHARS = 20_000
DOCUMENT_TITLE_MIN_CHARS = 3
DOCUMENT_TITLE_MAX_CHARS = 120
DOCUMENT_TEXT_MAX_CHARS = 20_000
REPORT_MIN_CHARS = 50
REPORT_MAX_CHARS = 10_000
REPORT_WINDOW = timedelta(hours=72)


@dataclass(frozen=True)
class Threshold:
    """A share of a faction's members that must vote yes.

    ``inclusive`` says whether reaching the share exactly is enough: a simple majority is
    "more than 1/2" (not inclusive), two thirds is usually "at least 2/3" (inclusive).
    """

    share: Fraction
    inclusive: bool

    def __post_init__(self) -> None:
        if not Fraction(0) <= self.share <= Fraction(1):
            raise ValueError(f"a threshold share must lie between 0 and 1, not {self.share}")
        if self.share == 1 and not self.inclusive:
            raise ValueError("'more than all members' can never be reached")

    @classmethod
    def more_than(cls, share: Fraction) -> Threshold:
        return cls(share, inclusive=False)

    @classmethod
    def at_least(cls, share: Fraction) -> Threshold:
        return cls(share, inclusive=True)

    def yes_votes_needed(self, electorate_size: int) -> int:
        """The smallest number of yes votes among ``electorate_size`` members that passes."""
        exact = self.share * electorate_size
        floor = exact.numerator // exact.denominator
        if exact.denominator == 1 and self.inclusive:
            return floor
        return floor + 1

    def describe(self) -> str:
        if self == SIMPLE_MAJORITY:
            return "a majority of its members"
        word = "at least" if self.inclusive else "more than"
        return f"{word} {self.share} of its members"


SIMPLE_MAJORITY = Threshold.more_than(Fraction(1, 2))


class ReadingPlanDecider(StrEnum):
    """Who decides whether a faction's document joins the group's reading plan."""

    MEMBER_VOTE = "member_vote"
    ORGANIZERS = "organizers"


@dataclass(frozen=True)
class FactionRules:
    """The faction rules a guild's configuration may change; the defaults favour members."""

    co_founders_required: int = 1
    name_min_chars: int = NAME_MIN_CHARS
    name_max_chars: int = NAME_MAX_CHARS
    description_max_chars: int = DESCRIPTION_MAX_CHARS
    platform_max_chars: int = PLATFORM_MAX_CHARS
    document_title_max_chars: int = DOCUMENT_TITLE_MAX_CHARS
    document_text_max_chars: int = DOCUMENT_TEXT_MAX_CHARS
    allow_roles: bool = True
    allow_channels: bool = True
    dissolution_threshold: Threshold = SIMPLE_MAJORITY
    endorsement_threshold: Threshold = SIMPLE_MAJORITY
    reading_plan_decider: ReadingPlanDecider = ReadingPlanDecider.MEMBER_VOTE

    def __post_init__(self) -> None:
        if self.co_founders_required < 0:
            raise ValueError("co_founders_required cannot be negative")
        if not 1 <= self.name_min_chars <= self.name_max_chars:
            raise ValueError("name_min_chars must be at least 1 and at most name_max_chars")


@dataclass(frozen=True)
class MinorityReportRules:
    """Who may file a minority report, for how long after the close, and how long it may be."""

    window: timedelta = REPORT_WINDOW
    faction_cosigners_required: int = 2
    member_cosigners_required: int = 3
    min_chars: int = REPORT_MIN_CHARS
    max_chars: int = REPORT_MAX_CHARS

    def __post_init__(self) -> None:
        if self.window <= timedelta(0):
            raise ValueError("the filing window must be positive")
        if self.faction_cosigners_required < 1 or self.member_cosigners_required < 1:
            raise ValueError("a minority report needs at least one signer")
        if not 1 <= self.min_chars <= self.max_chars:
            raise ValueError("min_chars must be at least 1 and at most max_chars")
