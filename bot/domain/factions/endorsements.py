"""Faction endorsements of candidates: information printed next to a name, nothing more.

An endorsement never fills in a ballot and nothing here can turn a faction's list into
votes: each member still ranks or approves candidates one by one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.domain.factions.member_votes import (
    MemberVoteDecision,
    MemberVotePurpose,
    MemberVoteTally,
    decide_member_vote,
    require_tally_for,
)
from bot.domain.factions.model import Faction, require_active, require_aware
from bot.domain.factions.rules import FactionRules


@dataclass(frozen=True)
class Endorsement:
    faction_id: int
    faction_name: str
    election_id: int
    candidate_id: int
    decided_at: datetime
    yes_votes: int
    electorate_size: int


@dataclass(frozen=True)
class EndorsementDecision:
    decision: MemberVoteDecision
    endorsement: Endorsement | None


def decide_endorsement(
    faction: Faction,
    *,
    election_id: int,
    candidate_id: int,
    tally: MemberVoteTally,
    at: datetime,
    rules: FactionRules,
) -> EndorsementDecision:
    """The faction endorses the candidate when enough of its members voted yes."""
    require_aware(at)
    require_active(faction)
    require_tally_for(faction, tally, MemberVotePurpose.ENDORSEMENT)
    decision = decide_member_vote(tally, rules.endorsement_threshold)
    if not decision.passed:
        return EndorsementDecision(decision, None)
    endorsement = Endorsement(
        faction.id, faction.name, election_id, candidate_id, at, tally.yes, tally.electorate_size
    )
    return EndorsementDecision(decision, endorsement)


def endorsement_labels(
    candidates: Iterable[int], endorsements: Iterable[Endorsement]
) -> dict[int, list[str]]:
    """For each candidate, the names of the factions endorsing them, sorted for fairness."""
    names: dict[int, set[str]] = {candidate: set() for candidate in candidates}
    for endorsement in endorsements:
        if endorsement.candidate_id in names:
            names[endorsement.candidate_id].add(endorsement.faction_name)
    return {candidate: sorted(found, key=str.casefold) for candidate, found in names.items()}
