"""Creating, joining, leaving, editing and dissolving factions.

Every function is pure: it returns the new faction and an event describing the change,
and raises FactionError (with a message for the member) when the change is refused.
Any eligible member may found a faction at any time, see every faction's size, join
and leave freely; a faction's text is edited only by its members and it ends only by a
vote of its members. When the last member leaves, the faction is dissolved: every
remaining member chose to go, and an empty faction nobody can speak for would only
hold on to its name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from bot.domain.factions.errors import FactionError
from bot.domain.factions.member_votes import (
    MemberVotePurpose,
    MemberVoteTally,
    decide_member_vote,
    require_tally_for,
)
from bot.domain.factions.model import (
    DescriptionUpdated,
    DissolutionReason,
    Eligibility,
    Faction,
    FactionCreated,
    FactionDissolved,
    MemberJoined,
    MemberLeft,
    PlatformUpdated,
    require_active,
    require_aware,
    require_member,
)
from bot.domain.factions.names import clean_name, name_key
from bot.domain.factions.rules import FactionRules

ORGANIZER_DISSOLUTION_REFUSAL = (
    "Organizers cannot dissolve a faction; its members can, by a vote among them."
)


def _check_description(description: str, rules: FactionRules) -> str:
    text = description.strip()
    if len(text) > rules.description_max_chars:
        raise FactionError(
            f"A faction description can be at most {rules.description_max_chars} characters; "
            f"this one has {len(text)}."
        )
    return text


def _check_platform(platform: str, rules: FactionRules) -> str:
    text = platform.strip()
    if len(text) > rules.platform_max_chars:
        raise FactionError(
            f"A faction platform can be at most {rules.platform_max_chars:,} characters; "
            f"this one has {len(text):,}."
        )
    return text


def _check_founders(
    founder_id: int, co_founder_ids: Sequence[int], eligible: Eligibility, rules: FactionRules
) -> frozenset[int]:
    if founder_id not in eligible:
        raise FactionError("Only eligible members can found a faction.")
    if founder_id in co_founder_ids:
        raise FactionError("You cannot be your own co-founder.")
    distinct = frozenset(co_founder_ids)
    if len(distinct) != len(co_founder_ids):
        raise FactionError("Each co-founder can be named only once.")
    ineligible = sorted(member for member in distinct if member not in eligible)
    if ineligible:
        listed = ", ".join(f"<@{member}>" for member in ineligible)
        raise FactionError(f"Co-founders must be eligible members; these are not: {listed}.")
    if len(distinct) < rules.co_founders_required:
        raise FactionError(
            f"Founding a faction needs {rules.co_founders_required} co-founder(s) besides "
            f"you; {len(distinct)} given."
        )
    return distinct | {founder_id}


def create_faction(
    *,
    faction_id: int,
    name: str,
    description: str,
    platform: str,
    founder_id: int,
    co_founder_ids: Sequence[int],
    eligible: Eligibility,
    existing: Iterable[Faction],
    at: datetime,
    rules: FactionRules,
) -> tuple[Faction, FactionCreated]:
    """Found a faction. Co-founders are the members who agreed to found it with you."""
    require_aware(at)
    shown_name = clean_name(name, rules)
    key = name_key(shown_name)
    for other in existing:
        if other.is_active and name_key(other.name) == key:
            raise FactionError(
                f"There is already a faction called {other.name}; please choose another name."
            )
    founders = _check_founders(founder_id, co_founder_ids, eligible, rules)
    faction = Faction(
        id=faction_id,
        name=shown_name,
        description=_check_description(description, rules),
        platform=_check_platform(platform, rules),
        founders=founders,
        members=founders,
        created_at=at,
    )
    return faction, FactionCreated(faction_id, at, founder_id, shown_name, founders)


def join_faction(
    faction: Faction, member_id: int, eligible: Eligibility, at: datetime
) -> tuple[Faction, MemberJoined]:
    require_aware(at)
    require_active(faction)
    if member_id not in eligible:
        raise FactionError("Only eligible members can join a faction.")
    if member_id in faction.members:
        raise FactionError(f"You are already a member of {faction.name}.")
    joined = replace(faction, members=faction.members | {member_id})
    return joined, MemberJoined(faction.id, at, member_id)


def leave_faction(
    faction: Faction, member_id: int, at: datetime
) -> tuple[Faction, MemberLeft, FactionDissolved | None]:
    """Leave; when the last member leaves, the faction is dissolved in the same step."""
    require_aware(at)
    require_active(faction)
    if member_id not in faction.members:
        raise FactionError(f"You are not a member of {faction.name}.")
    remaining = faction.members - {member_id}
    left = MemberLeft(faction.id, at, member_id, members_left=len(remaining))
    if remaining:
        return replace(faction, members=remaining), left, None
    ended = replace(faction, members=remaining, dissolved_at=at)
    return ended, left, FactionDissolved(faction.id, at, DissolutionReason.LAST_MEMBER_LEFT)


def update_platform(
    faction: Faction, actor_id: int, platform: str, at: datetime, rules: FactionRules
) -> tuple[Faction, PlatformUpdated]:
    require_aware(at)
    require_member(faction, actor_id, "edit its platform")
    text = _check_platform(platform, rules)
    event = PlatformUpdated(faction.id, at, actor_id, len(faction.platform), len(text))
    return replace(faction, platform=text), event


def update_description(
    faction: Faction, actor_id: int, description: str, at: datetime, rules: FactionRules
) -> tuple[Faction, DescriptionUpdated]:
    require_aware(at)
    require_member(faction, actor_id, "edit its description")
    text = _check_description(description, rules)
    return replace(faction, description=text), DescriptionUpdated(faction.id, at, actor_id, text)


def dissolve_faction(
    faction: Faction,
    *,
    tally: MemberVoteTally | None,
    actor_is_organizer: bool,
    at: datetime,
    rules: FactionRules,
) -> tuple[Faction, FactionDissolved]:
    """Dissolve a faction after its members voted for it; nobody may do it alone."""
    require_aware(at)
    require_active(faction)
    if tally is None:
        if actor_is_organizer:
            raise FactionError(ORGANIZER_DISSOLUTION_REFUSAL)
        raise FactionError(
            f"{faction.name} can only be dissolved by a vote among its members; "
            "any member can call one."
        )
    require_tally_for(faction, tally, MemberVotePurpose.DISSOLUTION)
    decision = decide_member_vote(tally, rules.dissolution_threshold)
    if not decision.passed:
        raise FactionError(
            f"{faction.name} was not dissolved. {decision.describe()} "
            f"Dissolution needs {rules.dissolution_threshold.describe()}."
        )
    event = FactionDissolved(
        faction.id,
        at,
        DissolutionReason.MEMBER_VOTE,
        yes_votes=decision.yes,
        electorate_size=decision.electorate_size,
    )
    return replace(faction, dissolved_at=at), event
