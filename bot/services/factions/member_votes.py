"""Votes among a faction's members (dissolution, endorsement) and among all members (a reading
proposal): calling, casting, and deciding.

Why not the guild's vote machinery (bot/services/voting): those votes are the organization's
own (organizer-created, announced in the votes channel, rolls from the member role, sealed
ballots under the master key). A faction's internal decision needs a roll of *its* members,
must be callable by any of them, and has two answers. So it lives here, small: the roll
records only *has voted*, the choices only as two counters on the vote, so no row says who
voted what. A vote is decided as soon as its result is certain, or at its closing time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import factions as repo
from bot.db import jobs as job_repo
from bot.db import voting as voting_repo
from bot.domain.audit import AuditAction
from bot.domain.factions import (
    Endorsement,
    MemberVotePurpose,
    MemberVoteTally,
    ReadingPlanDecider,
    ReadingPlanProposal,
    call_member_vote,
    decide_endorsement,
    decide_proposal,
    dissolve_faction,
    endorsement_labels,
)
from bot.domain.voting.kinds import VoteKind
from bot.domain.voting.lifecycle import VoteState
from bot.domain.voting.nominations import NominationStatus
from bot.errors import Conflict, NotAllowed, NotFound
from bot.services.actors import Actor, guild_settings, is_organizer
from bot.services.audit import AuditService
from bot.services.core import Core
from bot.services.factions.common import (
    as_user_errors,
    enabled_guild,
    faction_rules,
    find_faction,
)
from bot.services.factions.membership import MembershipService
from bot.services.factions.records import (
    CLOSE_JOB,
    CastResult,
    FactionVotePurpose,
    MemberVoteOutcome,
    StoredFaction,
    StoredFactionVote,
    VoteDecided,
    close_job_id,
)

FACTION_VOTE_CALLED = "faction.vote_called"
READING_PROPOSAL_DECIDED = "faction.reading_proposal_decided"


class MemberVoteService:
    def __init__(self, core: Core, audit: AuditService, membership: MembershipService) -> None:
        self.core = core
        self.audit = audit
        self.membership = membership

    # -- calling ------------------------------------------------------------------------------

    async def call_dissolution(self, actor: Actor, name: str) -> StoredFactionVote:
        """Any member calls a vote on dissolving; organizers as such cannot."""
        guild = enabled_guild(guild_settings(self.core.settings, actor.guild_id))
        async with self.audit.transaction(actor.guild_id) as session:
            stored = await find_faction(session, actor.guild_id, name)
            if actor.member_id not in stored.faction.members:
                with as_user_errors():
                    # Refuses with the message for organizers or for other members.
                    dissolve_faction(
                        stored.faction,
                        tally=None,
                        actor_is_organizer=is_organizer(actor, guild),
                        at=self.core.clock.now(),
                        rules=faction_rules(guild.factions),
                    )
            return await self._call(session, actor, stored, FactionVotePurpose.DISSOLUTION)

    async def call_endorsement(
        self, actor: Actor, name: str, election_id: int, candidate_id: int
    ) -> StoredFactionVote:
        enabled_guild(guild_settings(self.core.settings, actor.guild_id))
        async with self.audit.transaction(actor.guild_id) as session:
            stored = await find_faction(session, actor.guild_id, name)
            election = await voting_repo.get_vote(session, election_id)
            if election is None or election.guild_id != actor.guild_id:
                raise NotFound(f"There is no vote #{election_id} in this server.")
            if election.spec.kind is not VoteKind.ELECTION:
                raise Conflict(
                    f"Vote #{election_id} is not an election; only candidates are endorsed."
                )
            if election.state not in (VoteState.NOMINATING, VoteState.OPEN):
                raise Conflict(
                    f"Election #{election_id} is {election.state.value}; it is too late to endorse."
                )
            standing = {
                c.nomination.nominee_id
                for c in await voting_repo.candidacies(session, election_id)
                if c.nomination.status is NominationStatus.ACCEPTED
            }
            if candidate_id not in standing:
                raise Conflict(f"That member is not a candidate in election #{election_id}.")
            done = await repo.endorsements(session, actor.guild_id, election_id)
            if any(e.faction_id == stored.id and e.candidate_id == candidate_id for e in done):
                raise Conflict(f"{stored.name} endorses that candidate already.")
            return await self._call(
                session,
                actor,
                stored,
                FactionVotePurpose.ENDORSEMENT,
                election_id=election_id,
                candidate_id=candidate_id,
            )

    async def _call(
        self,
        session: AsyncSession,
        actor: Actor,
        stored: StoredFaction,
        purpose: FactionVotePurpose,
        **subject: int,
    ) -> StoredFactionVote:
        now = self.core.clock.now()
        with as_user_errors():
            called = call_member_vote(
                stored.faction, actor.member_id, MemberVotePurpose(purpose), now
            )
        for vote in await repo.open_votes(
            session, actor.guild_id, faction_id=stored.id, purpose=purpose
        ):
            if all(getattr(vote, key) == value for key, value in subject.items()):
                raise Conflict(f"{stored.name} is voting on that already (vote F{vote.id}).")
        return await self.open_vote(
            session,
            actor,
            stored.id,
            purpose,
            called.electorate,
            subject_name=stored.name,
            **subject,
        )

    async def open_vote(
        self,
        session: AsyncSession,
        actor: Actor,
        faction_id: int | None,
        purpose: FactionVotePurpose,
        electorate: Iterable[int],
        *,
        subject_name: str,
        **subject: int,
    ) -> StoredFactionVote:
        """Store the vote with its frozen roll, schedule its close, and audit the call."""
        guild = guild_settings(self.core.settings, actor.guild_id)
        now = self.core.clock.now()
        roll = frozenset(electorate)
        if not roll:
            raise Conflict("There is nobody to vote.")
        closes_at = now + dt.timedelta(hours=guild.factions.member_vote_hours)
        vote_id = await repo.insert_vote(
            session,
            guild_id=actor.guild_id,
            faction_id=faction_id,
            purpose=purpose.value,
            called_by=actor.member_id,
            called_at=now,
            closes_at=closes_at,
            electorate=roll,
            **subject,
        )
        await job_repo.upsert(
            session,
            close_job_id(vote_id),
            guild_id=actor.guild_id,
            kind=CLOSE_JOB,
            due_at=closes_at,
            payload={"vote_id": vote_id},
        )
        await self.audit.record(
            session,
            guild_id=actor.guild_id,
            actor_id=actor.member_id,
            action=FACTION_VOTE_CALLED,
            details={
                "vote": f"F{vote_id}",
                "purpose": purpose.value,
                "about": subject_name,
                "roll_size": len(roll),
                **{key: str(value) for key, value in subject.items()},
            },
        )
        vote = await repo.get_vote(session, vote_id)
        assert vote is not None
        return vote

    def arm(self, vote: StoredFactionVote) -> None:
        """After the calling transaction commits: wake up at the closing time."""
        self.core.scheduler.arm(close_job_id(vote.id), vote.closes_at)

    # -- casting ------------------------------------------------------------------------------

    async def cast(self, actor: Actor, vote_id: int, *, yes: bool) -> CastResult:
        async with self.audit.transaction(actor.guild_id) as session:
            vote = await self._load(session, actor.guild_id, vote_id)
            if vote.is_decided or self.core.clock.now() >= vote.closes_at:
                raise Conflict(f"Vote F{vote_id} has closed.")
            standing = await repo.on_roll(session, vote_id, actor.member_id)
            if standing is None:
                raise NotAllowed(await self._roll_refusal(session, vote))
            if standing or not await repo.mark_voted(session, vote_id, actor.member_id):
                raise Conflict("You have voted in this vote already; a ballot cannot be changed.")
            await repo.add_choice(session, vote_id, yes=yes)
            vote = await self._load(session, actor.guild_id, vote_id)
            decided = None
            if self._certain(vote) is not None:
                decided = await self._decide(session, vote)
        if decided is not None:
            self.core.scheduler.disarm(close_job_id(vote_id))
        return CastResult(decided.vote if decided else vote, decided)

    async def _roll_refusal(self, session: AsyncSession, vote: StoredFactionVote) -> str:
        if vote.faction_id is None:
            return "Only members on the roll when this vote was called can vote in it."
        faction = await repo.get_faction(session, vote.faction_id)
        name = faction.name if faction else "the faction"
        return f"Only members of {name} when this vote was called can vote in it."

    # -- deciding -----------------------------------------------------------------------------

    async def close(self, guild_id: int, vote_id: int) -> VoteDecided | None:
        """At the closing time: decide on the ballots cast (None if it was decided before)."""
        async with self.audit.transaction(guild_id) as session:
            vote = await self._load(session, guild_id, vote_id)
            if vote.is_decided:
                return None
            return await self._decide(session, vote, final=True)

    def yes_needed(self, vote: StoredFactionVote) -> int | None:
        """Yes votes of the roll a faction vote needs; None for a reading proposal."""
        if vote.purpose == FactionVotePurpose.READING_PROPOSAL:
            return None
        guild = guild_settings(self.core.settings, vote.guild_id)
        rules = faction_rules(guild.factions)
        threshold = (
            rules.dissolution_threshold
            if vote.purpose == FactionVotePurpose.DISSOLUTION
            else rules.endorsement_threshold
        )
        return threshold.yes_votes_needed(vote.electorate_size)

    def _certain(self, vote: StoredFactionVote, *, final: bool = False) -> bool | None:
        """True/False once the result cannot change (or at the close), else None.

        Faction votes count members: yes must reach the threshold of the whole roll. A reading
        proposal among all members passes with more yes than no among the ballots cast.
        """
        remaining = 0 if final else vote.electorate_size - vote.ballots
        needed = self.yes_needed(vote)
        if needed is None:
            if vote.yes > vote.no + remaining:
                return True
            if vote.yes + remaining <= vote.no:
                return False
            return (vote.yes > vote.no) if final else None
        if vote.yes >= needed:
            return True
        if vote.yes + remaining < needed:
            return False
        return None

    async def _decide(
        self, session: AsyncSession, vote: StoredFactionVote, *, final: bool = False
    ) -> VoteDecided:
        passed = bool(self._certain(vote, final=final))
        now = self.core.clock.now()
        outcome = MemberVoteOutcome.PASSED if passed else MemberVoteOutcome.FAILED
        await repo.update_vote(session, vote.id, outcome=outcome.value, decided_at=now)
        await job_repo.cancel(session, [close_job_id(vote.id)])
        decided = await self._load(session, vote.guild_id, vote.id)
        if vote.purpose == FactionVotePurpose.READING_PROPOSAL:
            return await self._apply_reading(session, decided, passed)
        assert vote.faction_id is not None
        faction = await repo.get_faction(session, vote.faction_id)
        assert faction is not None
        tally = MemberVoteTally(
            faction.id, MemberVotePurpose(vote.purpose), vote.electorate_size, vote.yes, vote.no
        )
        counts = f"{vote.yes} of {vote.electorate_size} members voted yes, {vote.no} no."
        if vote.purpose == FactionVotePurpose.DISSOLUTION:
            return await self._apply_dissolution(session, decided, faction, tally, counts)
        return await self._apply_endorsement(session, decided, faction, tally, counts)

    async def _apply_dissolution(
        self,
        session: AsyncSession,
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

    async def _apply_endorsement(
        self,
        session: AsyncSession,
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

    async def _apply_reading(
        self, session: AsyncSession, vote: StoredFactionVote, passed: bool
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

    # -- reading ------------------------------------------------------------------------------

    async def endorsement_labels(self, guild_id: int, election_id: int) -> dict[int, list[str]]:
        """For each endorsed candidate (member id), the factions endorsing them, sorted."""
        async with self.core.sessions() as session:
            found = await repo.endorsements(session, guild_id, election_id)
        labels = endorsement_labels(
            {e.candidate_id for e in found},
            [
                Endorsement(
                    e.faction_id,
                    e.faction_name,
                    e.election_id,
                    e.candidate_id,
                    e.decided_at,
                    e.yes_votes,
                    e.electorate_size,
                )
                for e in found
            ],
        )
        return {candidate: names for candidate, names in labels.items() if names}

    async def get(self, guild_id: int, vote_id: int) -> StoredFactionVote:
        async with self.core.sessions() as session:
            return await self._load(session, guild_id, vote_id)

    async def open_for(self, guild_id: int, faction_id: int) -> list[StoredFactionVote]:
        async with self.core.sessions() as session:
            return await repo.open_votes(session, guild_id, faction_id=faction_id)

    async def set_message(self, vote_id: int, *, channel_id: int, message_id: int) -> None:
        async with self.core.sessions.begin() as session:
            await repo.update_vote(session, vote_id, channel_id=channel_id, message_id=message_id)

    async def _load(self, session: AsyncSession, guild_id: int, vote_id: int) -> StoredFactionVote:
        vote = await repo.get_vote(session, vote_id)
        if vote is None or vote.guild_id != guild_id:
            raise NotFound(f"There is no faction vote F{vote_id} in this server.")
        return vote
