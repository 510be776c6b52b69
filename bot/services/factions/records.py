"""What the faction services hand to cogs: frozen, Discord-free and ORM-free."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.db.factions import (
    StoredDocument,
    StoredEndorsement,
    StoredFaction,
    StoredFactionVote,
    StoredReport,
)

__all__ = [
    "CLOSE_JOB",
    "CastResult",
    "FactionVotePurpose",
    "FoundingResult",
    "LeaveResult",
    "MemberVoteOutcome",
    "ProposalResult",
    "ReportResult",
    "StoredDocument",
    "StoredEndorsement",
    "StoredFaction",
    "StoredFactionVote",
    "StoredReport",
    "VoteDecided",
    "close_job_id",
]

CLOSE_JOB = "faction.vote.close"


def close_job_id(vote_id: int) -> str:
    return f"{CLOSE_JOB}:{vote_id}"


class FactionVotePurpose(StrEnum):
    """What a member vote decides. Reading proposals are decided by all members."""

    DISSOLUTION = "dissolution"
    ENDORSEMENT = "endorsement"
    READING_PROPOSAL = "reading_proposal"


class MemberVoteOutcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"


@dataclass(frozen=True)
class VoteDecided:
    """A member vote reached its result, and what followed from it."""

    vote: StoredFactionVote
    passed: bool
    summary: str  # one sentence for the channel
    faction: StoredFaction | None = None  # after the change (dissolved, for a dissolution)
    document: StoredDocument | None = None  # reading proposals


@dataclass(frozen=True)
class CastResult:
    vote: StoredFactionVote
    decided: VoteDecided | None


@dataclass(frozen=True)
class FoundingResult:
    faction: StoredFaction
    founded: bool  # all co-founders agreed: the faction exists now
    waiting_for: frozenset[int]


@dataclass(frozen=True)
class LeaveResult:
    faction: StoredFaction
    dissolved: bool  # the last member left


@dataclass(frozen=True)
class ProposalResult:
    document: StoredDocument
    vote: StoredFactionVote | None  # the members' vote, when members decide


@dataclass(frozen=True)
class ReportResult:
    report: StoredReport
    filed_now: bool
    signers_needed: int
