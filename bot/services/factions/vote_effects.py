"""What a decided member vote sets in motion: a dissolution, an endorsement, or a reading
proposal accepted or declined; each recorded in the audit log."""

from __future__ import annotations

from bot.db import factions as repo
from bot.db.session import DbSession
from bot.domain.audit import AuditAction
from bot.domain.factions import (
    MemberVoteTally,
    ReadingPlanDecider,
    ReadingPlanProposal,
    decide_endorsement,
    decide_proposal,
    dissolve_faction,
)
from bot.services.actors import guild_settings
from bot.services.audit import AuditService
from bot.services.core import Core
from bot.services.factions.common import as_user_errors, faction_rules
from bot.services.factions.membership import MembershipService
from bot.services.factions.records import (
    MemberVoteOutcome,
    StoredFaction,
    StoredFactionVote,
    VoteDecided,
)

READING_PROPOSAL_DECIDED = "faction.reading_proposal_decided"


class VoteEffects:
    def __init__(self, core: Core, audit: AuditService, membership: MembershipService) -> None:
        self.core = core
        self.audit = audit
        self.membership = membership

    async def apply_dissolution(
        self,
        session: DbSession,
        vote: StoredFactionVote,
        faction: StoredFaction,
        tally: MemberVoteTally,
        counts: str,
    ) -> VoteDecided:
        passed = vote.outcome == MemberVoteOutcome.PASSED
        if not passed or not faction.faction.is_active:
            return VoteDecided(vote, False, f"{faction.name} stays: {counts}", faction)
        rules = faction_rules(guild_settings(self.core.settings, vote.guild_id).factions)
        now = self.core.clock.now()
        with as_user_errors():
            _, event = dissolve_faction(
                faction.faction, tally=tally, actor_is_organizer=False, at=now, rules=rules
            )
        await repo.update_faction(session, faction.id, dissolved_at=now)
        await self.membership.close_open_votes(session, faction.id, now)
        await self.audit.record(
            session,
            guild_id=vote.guild_id,
            actor_id=None,
            action=AuditAction.FACTION_DISSOLVED,
            details={
                "faction": faction.id,
                "name": faction.name,
                "reason": event.reason.value,
                "vote": f"F{vote.id}",
                "yes": vote.yes,
                "no": vote.no,
                "roll_size": vote.electorate_size,
            },
        )
        after = await repo.get_faction(session, faction.id)
        return VoteDecided(
            vote, True, f"{faction.name} is dissolved by its members: {counts}", after
        )

    async def apply_endorsement(
        self,
        session: DbSession,
        vote: StoredFactionVote,
        faction: StoredFaction,
        tally: MemberVoteTally,
        counts: str,
    ) -> VoteDecided:
        assert vote.election_id is not None
        assert vote.candidate_id is not None
        rules = faction_rules(guild_settings(self.core.settings, vote.guild_id).factions)
        now = self.core.clock.now()
        with as_user_errors():
            result = decide_endorsement(
                faction.faction,
                election_id=vote.election_id,
                candidate_id=vote.candidate_id,
                tally=tally,
                at=now,
                rules=rules,
            )
        if result.endorsement is not None:
            await repo.insert_endorsement(
                session,
                guild_id=vote.guild_id,
                faction_id=faction.id,
                election_id=vote.election_id,
                candidate_id=vote.candidate_id,
                decided_at=now,
                yes_votes=vote.yes,
                electorate_size=vote.electorate_size,
            )
        await self.audit.record(
            session,
            guild_id=vote.guild_id,
            actor_id=None,
            action=AuditAction.ENDORSEMENT_DECIDED,
            details={
                "faction": faction.id,
                "name": faction.name,
                "election": vote.election_id,
                "candidate": str(vote.candidate_id),
                "endorsed": result.endorsement is not None,
                "yes": vote.yes,
                "roll_size": vote.electorate_size,
            },
        )
        verb = "endorses" if result.endorsement else "does not endorse"
        summary = (
            f"{faction.name} {verb} <@{vote.candidate_id}> in election #{vote.election_id}: "
            f"{counts}"
        )
        return VoteDecided(vote, result.endorsement is not None, summary, faction)

    async def apply_reading(
        self, session: DbSession, vote: StoredFactionVote, passed: bool
    ) -> VoteDecided:
        assert vote.document_id is not None
        document = await repo.get_document(session, vote.document_id)
        assert document is not None
        assert document.proposed_at is not None
        proposal = ReadingPlanProposal(
            document.id,
            document.document.faction_id,
            document.proposed_by or vote.called_by,
            document.proposed_at,
            ReadingPlanDecider.MEMBER_VOTE,
        )
        with as_user_errors():
            decision = decide_proposal(
                proposal,
                via=ReadingPlanDecider.MEMBER_VOTE,
                accepted=passed,
                actor_is_organizer=False,
                at=self.core.clock.now(),
            )
        await repo.update_document(
            session,
            document.id,
            outcome=decision.outcome.value,
            decided_at=decision.at,
            decided_by=ReadingPlanDecider.MEMBER_VOTE.value,
        )
        await self.audit.record(
            session,
            guild_id=vote.guild_id,
            actor_id=None,
            action=READING_PROPOSAL_DECIDED,
            details={
                "document": f"B{document.id}",
                "title": document.document.title,
                "outcome": decision.outcome.value,
                "vote": f"F{vote.id}",
                "yes": vote.yes,
                "no": vote.no,
                "roll_size": vote.electorate_size,
            },
        )
        counts = f"{vote.yes} yes, {vote.no} no of {vote.electorate_size} members."
        verb = "joins" if passed else "does not join"
        summary = f"“{document.document.title}” {verb} the reading plan: {counts}"
        after = await repo.get_document(session, document.id)
        return VoteDecided(vote, passed, summary, document=after)
