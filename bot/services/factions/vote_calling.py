"""Calling a member vote: who may call one, its frozen roll, its scheduled close, its audit.

The first part of MemberVoteService (bot/services/factions/member_votes.py), which inherits it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterable

from bot.db import factions as repo
from bot.db import jobs as job_repo
from bot.db import nominations as nominations_repo
from bot.db import voting as voting_repo
from bot.db.session import DbSession
from bot.domain.factions import MemberVotePurpose, call_member_vote, dissolve_faction
from bot.domain.voting.kinds import VoteKind
from bot.domain.voting.lifecycle import VoteState
from bot.domain.voting.nominations import NominationStatus
from bot.domain.voting.vote_keys import VoteSecrets
from bot.errors import Conflict, NotFound
from bot.services.actors import Actor, guild_settings, is_organizer
from bot.services.audit import AuditService
from bot.services.core import Core
from bot.services.factions.common import (
    as_user_errors,
    enabled_guild,
    faction_rules,
    find_faction,
)
from bot.services.factions.records import (
    CLOSE_JOB,
    FactionVotePurpose,
    StoredFaction,
    StoredFactionVote,
    close_job_id,
)
from bot.services.voting.keys import BallotKeyring

FACTION_VOTE_CALLED = "faction.vote_called"


class VoteCalling:
    def __init__(self, core: Core, audit: AuditService, keys: BallotKeyring) -> None:
        self.keys = keys
        self.core = core
        self.audit = audit

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
                for c in await nominations_repo.candidacies(session, election_id)
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
        session: DbSession,
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
        session: DbSession,
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
        # Sealed ballots, like a secret vote's: its keys live in a key file, never here.
        await asyncio.to_thread(self.keys.master_key, create=True)
        vote_secrets = VoteSecrets.generate()
        vote_id = await repo.insert_vote(
            session,
            guild_id=actor.guild_id,
            faction_id=faction_id,
            purpose=purpose.value,
            called_by=actor.member_id,
            called_at=now,
            closes_at=closes_at,
            electorate=roll,
            public_key=vote_secrets.public_key,
            **subject,
        )
        await asyncio.to_thread(self.keys.store, "faction", actor.guild_id, vote_id, vote_secrets)
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
