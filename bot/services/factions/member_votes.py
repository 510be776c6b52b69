"""Votes among a faction's members (dissolution, endorsement) and among all members (a reading
proposal): calling, casting, and deciding.

Why not the guild's vote machinery (bot/services/voting): those votes are the organization's
own (organizer-created, announced in the votes channel, rolls from the member role, sealed
ballots under the master key). A faction's internal decision needs a roll of *its* members,
must be callable by any of them, and has two answers. So it lives here, small, but with the
same sealed ballots (docs/secret-ballots.md): the roll records only *has voted*, each ballot
is sealed under the vote's key file and stored under a random key, and the counts are
written once, when the vote is decided: once everyone on the roll has voted, or at its
closing time. Nothing a voter's transaction writes pairs them with their choice.

By role: calling in vote_calling.py, deciding in vote_deciding.py, what a decision sets in
motion in vote_effects.py; this service adds casting and reading and is what callers use.
"""

from __future__ import annotations

import contextlib

from bot.db import factions as repo
from bot.db.factions import votes as ballot_repo
from bot.db.session import DbSession
from bot.db.write_lock import write_lock
from bot.domain.factions import Endorsement, endorsement_labels
from bot.domain.voting.ballots import MotionBallot, MotionChoice
from bot.domain.voting.envelope import cast_layered_ballot
from bot.domain.voting.errors import SecrecyError
from bot.domain.voting.vote_keys import VoteSecrets
from bot.errors import Conflict, NotAllowed
from bot.services.actors import Actor
from bot.services.audit import AuditService
from bot.services.core import Core
from bot.services.factions.membership import MembershipService
from bot.services.factions.records import CastResult, StoredFactionVote, VoteDecided, close_job_id
from bot.services.factions.vote_calling import FACTION_VOTE_CALLED, VoteCalling
from bot.services.factions.vote_deciding import VoteDecider, load_vote
from bot.services.factions.vote_effects import READING_PROPOSAL_DECIDED
from bot.services.voting.keys import BallotKeyring

__all__ = ["FACTION_VOTE_CALLED", "READING_PROPOSAL_DECIDED", "MemberVoteService"]


class MemberVoteService(VoteCalling):
    """Calling (inherited from VoteCalling), casting, closing, and reading member votes."""

    def __init__(
        self,
        core: Core,
        audit: AuditService,
        membership: MembershipService,
        keys: BallotKeyring,
    ) -> None:
        super().__init__(core, audit, keys)
        self.membership = membership
        self.decider = VoteDecider(core, audit, membership)

    # -- casting ------------------------------------------------------------------------------

    def _writer(self) -> contextlib.AbstractAsyncContextManager[object]:
        """SQLite's single writer slot, shared with the vote's close (None on PostgreSQL)."""
        writer = write_lock(self.core.sessions.kw["bind"])
        return writer if writer is not None else contextlib.nullcontext()

    async def cast(self, actor: Actor, vote_id: int, *, yes: bool) -> CastResult:
        async with self._writer(), self.audit.transaction(actor.guild_id) as session:
            vote = await load_vote(session, actor.guild_id, vote_id, for_share=True)
            if vote.is_decided or self.core.clock.now() >= vote.closes_at:
                raise Conflict(f"Vote F{vote_id} has closed.")
            standing = await repo.on_roll(session, vote_id, actor.member_id)
            if standing is None:
                raise NotAllowed(await self._roll_refusal(session, vote))
            if standing or not await repo.mark_voted(session, vote_id, actor.member_id):
                raise Conflict("You have voted in this vote already; a ballot cannot be changed.")
            decided = None
            if vote.is_sealed:
                vote_secrets = self._secrets(vote)
                assert vote.public_key is not None
                choice = MotionChoice.YES if yes else MotionChoice.NO
                cast = cast_layered_ballot(vote_secrets, vote.public_key, MotionBallot(choice))
                await ballot_repo.insert_ballot(session, vote_id, cast.row_key, cast.sealed_ballot)
                # The clean cut: this transaction holds the write lock now.
                if await ballot_repo.is_decided_now(session, vote_id):
                    raise Conflict(f"Vote F{vote_id} has closed.")
                if await ballot_repo.count_voted(session, vote_id) >= vote.electorate_size:
                    decided = await self.decider.decide_sealed(session, vote, vote_secrets)
            else:  # a vote called before sealed ballots: its counters, as before
                await repo.add_choice(session, vote_id, yes=yes)
                vote = await load_vote(session, actor.guild_id, vote_id)
                if self.decider.certain(vote) is not None:
                    decided = await self.decider.decide(session, vote)
            if decided is None:
                vote = await load_vote(session, actor.guild_id, vote_id)
        if decided is not None:
            # Its close job now posts the result: woken now, here or by another process's sweep.
            self.core.scheduler.arm(close_job_id(vote_id), self.core.clock.now())
            if vote.is_sealed:
                await self.keys.forget("faction", actor.guild_id, vote_id)
        return CastResult(decided.vote if decided else vote, decided)

    def _secrets(self, vote: StoredFactionVote) -> VoteSecrets:
        assert vote.public_key is not None
        try:
            return self.keys.secrets("faction", vote.guild_id, vote.id, vote.public_key)
        except SecrecyError:
            raise Conflict(
                f"The ballot key of vote F{vote.id} is missing on the bot's side, so it cannot "
                "take ballots right now. Please tell an organizer."
            ) from None

    async def _roll_refusal(self, session: DbSession, vote: StoredFactionVote) -> str:
        if vote.faction_id is None:
            return "Only members on the roll when this vote was called can vote in it."
        faction = await repo.get_faction(session, vote.faction_id)
        name = faction.name if faction else "the faction"
        return f"Only members of {name} when this vote was called can vote in it."

    # -- deciding -----------------------------------------------------------------------------

    async def close(self, guild_id: int, vote_id: int) -> VoteDecided | None:
        """At the closing time: decide on the ballots cast. A vote decided before (by its last
        cast, or by an earlier run of this job that stopped before posting) returns that
        decision again, for its result to be posted (once: the outbox); None when there is
        nothing to post."""
        async with self._writer(), self.audit.transaction(guild_id) as session:
            await ballot_repo.hold_for_decision(session, vote_id)  # no cast commits past it
            vote = await load_vote(session, guild_id, vote_id)
            if vote.is_decided:
                decided = await self.decider.recall(session, vote)
            elif not vote.is_sealed:
                return await self.decider.decide(session, vote, final=True)
            else:
                assert vote.public_key is not None
                vote_secrets = self.keys.secrets("faction", guild_id, vote_id, vote.public_key)
                decided = await self.decider.decide_sealed(session, vote, vote_secrets)
        if vote.is_sealed:  # again on a rerun: a crash may have come before the destroy
            await self.keys.forget("faction", guild_id, vote_id)
        return decided

    def yes_needed(self, vote: StoredFactionVote) -> int | None:
        """Yes votes of the roll a faction vote needs; None for a reading proposal."""
        return self.decider.yes_needed(vote)

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
            return await load_vote(session, guild_id, vote_id)

    async def set_channel(self, vote_id: int, *, channel_id: int) -> None:
        """Where the vote is posted, recorded before it is sent: a ballot can only be cast
        once the message exists, so its result always finds the channel to be posted in."""
        async with self.core.sessions.begin() as session:
            await repo.update_vote(session, vote_id, channel_id=channel_id)

    async def set_message(self, vote_id: int, *, channel_id: int, message_id: int) -> None:
        async with self.core.sessions.begin() as session:
            await repo.update_vote(session, vote_id, channel_id=channel_id, message_id=message_id)
