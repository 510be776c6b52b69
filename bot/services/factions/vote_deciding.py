"""Deciding a member vote: once everyone on the roll has voted, or on the ballots cast at its
closing time; then its effects follow (bot/services/factions/vote_effects.py).

Sealed ballots are opened only then, in the deciding transaction, and deleted in it; the
yes/no counters are written once. Deciding earlier, "as soon as the result is certain",
would tell anyone reading the write-ahead log which voter's ballot made it certain (and so
how they voted): only votes called before sealed ballots still do that, on their counters.
"""

from __future__ import annotations

from dataclasses import replace

from bot.db import factions as repo
from bot.db import jobs as job_repo
from bot.db.factions import votes as ballot_repo
from bot.db.session import DbSession
from bot.domain.factions import MemberVotePurpose, MemberVoteTally
from bot.domain.voting.ballots import MotionBallot, MotionChoice
from bot.domain.voting.envelope import open_layered_ballots
from bot.domain.voting.errors import SecrecyError
from bot.domain.voting.vote_keys import VoteSecrets
from bot.errors import NotFound
from bot.services.actors import guild_settings
from bot.services.audit import AuditService
from bot.services.core import Core
from bot.services.factions.common import faction_rules
from bot.services.factions.membership import MembershipService
from bot.services.factions.records import (
    CLOSE_JOB,
    FactionVotePurpose,
    MemberVoteOutcome,
    StoredFactionVote,
    VoteDecided,
    close_job_id,
)
from bot.services.factions.vote_effects import VoteEffects


async def load_vote(
    session: DbSession, guild_id: int, vote_id: int, *, for_share: bool = False
) -> StoredFactionVote:
    """The guild's faction vote, or NotFound (another guild's vote is not found either)."""
    vote = (
        await repo.get_vote(session, vote_id)
        if not for_share
        else (await ballot_repo.get_vote(session, vote_id, for_share=True))
    )
    if vote is None or vote.guild_id != guild_id:
        raise NotFound(f"There is no faction vote F{vote_id} in this server.")
    return vote


class VoteDecider:
    def __init__(self, core: Core, audit: AuditService, membership: MembershipService) -> None:
        self.core = core
        self.effects = VoteEffects(core, audit, membership)

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

    def certain(self, vote: StoredFactionVote, *, final: bool = False) -> bool | None:
        """True/False once the result cannot change (or at the close), else None.

        Faction votes count members: yes must reach the threshold of the whole roll. A reading
        proposal among all members passes with more yes than no among the ballots cast.
        """
        if vote.is_sealed and not final:
            return None  # decided when all have voted or at the close: see the docstring
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

    async def decide_sealed(
        self, session: DbSession, vote: StoredFactionVote, vote_secrets: VoteSecrets
    ) -> VoteDecided:
        """Open the sealed ballots (shuffled), write the counts once, forget the ballots, and
        decide on them. The caller holds the vote's write lock and destroys the key file
        after the commit."""
        envelopes = open_layered_ballots(
            vote_secrets, await ballot_repo.sealed_ballots(session, vote.id)
        )
        voted = await ballot_repo.count_voted(session, vote.id)
        if len(envelopes) != voted:
            raise SecrecyError(f"member vote {vote.id}: {len(envelopes)} ballots, {voted} voters")
        yes = sum(
            1
            for e in envelopes
            if isinstance(e.ballot, MotionBallot) and e.ballot.choice is MotionChoice.YES
        )
        await repo.update_vote(session, vote.id, yes=yes, no=len(envelopes) - yes)
        await ballot_repo.forget_ballots(session, vote.id)
        counted = await load_vote(session, vote.guild_id, vote.id)
        return await self.decide(session, counted, final=True)

    async def recall(self, session: DbSession, vote: StoredFactionVote) -> VoteDecided | None:
        """The decision recorded earlier, for a rerun of the close job to post its result
        again (the outbox makes that once); None for a vote that ended without a result
        sentence (its faction was dissolved first, or it was decided before they were kept)."""
        if vote.summary is None:
            return None
        passed = vote.outcome == MemberVoteOutcome.PASSED
        faction = document = None
        if vote.faction_id is not None:
            faction = await repo.get_faction(session, vote.faction_id)
        if vote.document_id is not None:
            document = await repo.get_document(session, vote.document_id)
        return VoteDecided(vote, passed, vote.summary, faction, document)

    async def decide(
        self, session: DbSession, vote: StoredFactionVote, *, final: bool = False
    ) -> VoteDecided:
        passed = bool(self.certain(vote, final=final))
        now = self.core.clock.now()
        outcome = MemberVoteOutcome.PASSED if passed else MemberVoteOutcome.FAILED
        await repo.update_vote(session, vote.id, outcome=outcome.value, decided_at=now)
        # The close job posts the result (through the outbox), so a crash after this commit
        # and before the post leaves a job to rerun, never a result nobody posts: when a
        # cast decided the vote, the job is brought forward to now instead of cancelled.
        await job_repo.upsert(
            session,
            close_job_id(vote.id),
            guild_id=vote.guild_id,
            kind=CLOSE_JOB,
            due_at=now,
            payload={"vote_id": vote.id},
        )
        decided = await self._apply(session, await load_vote(session, vote.guild_id, vote.id))
        await repo.update_vote(session, vote.id, summary=decided.summary)
        return replace(decided, vote=await load_vote(session, vote.guild_id, vote.id))

    async def _apply(self, session: DbSession, vote: StoredFactionVote) -> VoteDecided:
        """What the recorded outcome sets in motion, in the deciding transaction."""
        passed = vote.outcome == MemberVoteOutcome.PASSED
        if vote.purpose == FactionVotePurpose.READING_PROPOSAL:
            return await self.effects.apply_reading(session, vote, passed)
        assert vote.faction_id is not None
        faction = await repo.get_faction(session, vote.faction_id)
        assert faction is not None
        tally = MemberVoteTally(
            faction.id, MemberVotePurpose(vote.purpose), vote.electorate_size, vote.yes, vote.no
        )
        counts = f"{vote.yes} of {vote.electorate_size} members voted yes, {vote.no} no."
        if vote.purpose == FactionVotePurpose.DISSOLUTION:
            return await self.effects.apply_dissolution(session, vote, faction, tally, counts)
        return await self.effects.apply_endorsement(session, vote, faction, tally, counts)
