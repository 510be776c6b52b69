"""Votes among a faction's members: calling one, and deciding its result.

The count is of *members* at the moment the vote was called, not of votes cast: a
faction of 10 where 3 vote yes and 1 no has not decided anything by simple majority.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.factions.errors import FactionError
from bot.domain.factions.model import Faction, require_aware, require_member
from bot.domain.factions.rules import Threshold


class MemberVotePurpose(StrEnum):
    DISSOLUTION = "dissolution"
    ENDORSEMENT = "endorsement"


@dataclass(frozen=True)
class MemberVoteCalled:
    """A vote among the faction's members; the electorate is frozen when it is called."""

    faction_id: int
    purpose: MemberVotePurpose
    called_by: int
    at: datetime
    electorate: frozenset[int]
    subject: str | None = None


@dataclass(frozen=True)
class MemberVoteTally:
    """The result of a member vote: counts only, so the vote itself may be secret."""

    faction_id: int
    purpose: MemberVotePurpose
    electorate_size: int
    yes: int
    no: int

    def __post_init__(self) -> None:
        if self.electorate_size < 1:
            raise ValueError("a member vote needs at least one member in its electorate")
        if self.yes < 0 or self.no < 0:
            raise ValueError("vote counts cannot be negative")
        if self.yes + self.no > self.electorate_size:
            raise ValueError(
                f"{self.yes + self.no} votes were counted from only {self.electorate_size} members"
            )


@dataclass(frozen=True)
class MemberVoteDecision:
    passed: bool
    yes: int
    no: int
    electorate_size: int
    yes_needed: int

    def describe(self) -> str:
        outcome = "passed" if self.passed else "did not pass"
        return (
            f"The vote {outcome}: {self.yes} of {self.electorate_size} members voted yes, "
            f"{self.yes_needed} were needed."
        )


def call_member_vote(
    faction: Faction,
    actor_id: int,
    purpose: MemberVotePurpose,
    at: datetime,
    subject: str | None = None,
) -> MemberVoteCalled:
    """Any member may call a vote of the faction's members; nobody else may."""
    require_aware(at)
    require_member(faction, actor_id, "call a vote of the faction")
    return MemberVoteCalled(faction.id, purpose, actor_id, at, faction.members, subject)


def decide_member_vote(tally: MemberVoteTally, threshold: Threshold) -> MemberVoteDecision:
    needed = threshold.yes_votes_needed(tally.electorate_size)
    return MemberVoteDecision(
        passed=tally.yes >= needed,
        yes=tally.yes,
        no=tally.no,
        electorate_size=tally.electorate_size,
        yes_needed=needed,
    )


def require_tally_for(faction: Faction, tally: MemberVoteTally, purpose: MemberVotePurpose) -> None:
    if tally.faction_id != faction.id:
        raise FactionError(f"That vote was not held among the members of {faction.name}.")
    if tally.purpose is not purpose:
        raise FactionError(f"That vote was about {tally.purpose}, not {purpose}.")
