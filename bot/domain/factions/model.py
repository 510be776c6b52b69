"""Faction state and the events that describe each change to it."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.factions.errors import FactionError

# Callers pass member eligibility as any container of member ids (a set of the people
# involved is enough), so the rules never need the whole guild.
Eligibility = Container[int]


@dataclass(frozen=True)
class Faction:
    """An open faction. Founders keep no powers: every member has the same rights."""

    id: int
    name: str
    description: str
    platform: str
    founders: frozenset[int]
    members: frozenset[int]
    created_at: datetime
    dissolved_at: datetime | None = None

    @property
    def is_active(self) -> bool:
        return self.dissolved_at is None

    @property
    def size(self) -> int:
        return len(self.members)


def require_active(faction: Faction) -> None:
    if not faction.is_active:
        raise FactionError(f"The faction {faction.name} has been dissolved.")


def require_member(faction: Faction, actor_id: int, doing: str) -> None:
    """Refuse anyone outside the faction acting for it; ``doing`` completes "Only members can"."""
    require_active(faction)
    if actor_id not in faction.members:
        raise FactionError(f"Only members of {faction.name} can {doing}.")


def require_aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("times in the domain must be timezone-aware")


class DissolutionReason(StrEnum):
    MEMBER_VOTE = "member_vote"
    # The last member left: every remaining member chose to go, so the faction ends.
    LAST_MEMBER_LEFT = "last_member_left"


@dataclass(frozen=True)
class FactionCreated:
    faction_id: int
    at: datetime
    actor_id: int
    name: str
    founders: frozenset[int]


@dataclass(frozen=True)
class MemberJoined:
    faction_id: int
    at: datetime
    actor_id: int


@dataclass(frozen=True)
class MemberLeft:
    faction_id: int
    at: datetime
    actor_id: int
    members_left: int


@dataclass(frozen=True)
class PlatformUpdated:
    faction_id: int
    at: datetime
    actor_id: int
    old_chars: int
    new_chars: int


@dataclass(frozen=True)
class DescriptionUpdated:
    faction_id: int
    at: datetime
    actor_id: int
    description: str


@dataclass(frozen=True)
class FactionDissolved:
    faction_id: int
    at: datetime
    reason: DissolutionReason
    yes_votes: int | None = None
    electorate_size: int | None = None


FactionEvent = (
    FactionCreated
    | MemberJoined
    | MemberLeft
    | PlatformUpdated
    | DescriptionUpdated
    | FactionDissolved
)
