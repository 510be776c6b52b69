"""Closing a vote: open the ballot box (secret votes: only now, with the vote's key file),
count, publish the shuffled ballot file and forget the sealed material, all in one
transaction; then destroy the vote's key file and scrub the storage. Also the voter's check of
their tracker against the published file.

The close takes the vote's write lock before it reads the box (`hold_for_close`), and every
cast re-reads the vote's state once it holds its own write lock, so a ballot either commits
before the close reads and is counted, or is refused as closed: never acknowledged and lost.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, replace

from nacl.public import PrivateKey

from bot.db import jobs as job_repo
from bot.db import voting as repo
from bot.db.write_lock import write_lock
from bot.domain.audit import AuditAction
from bot.domain.voting.ballots import Ballot, ballot_from_json
from bot.domain.voting.envelope import BallotEnvelope, open_teller_ballots, open_vote_ballots
from bot.domain.voting.errors import SecrecyError, VoteKeyLostError, VotingError
from bot.domain.voting.lifecycle import VoteState
from bot.domain.voting.publish import (
    PublishedBallot,
    describe_ballot,
    parse_published,
    publish_ballots,
    verify_tracker,
)
from bot.domain.voting.secrecy import normalize_tracker
from bot.errors import Conflict, NotFound, UserError
from bot.services.audit import AuditService
from bot.services.core import Core
from bot.services.voting.keys import BallotKeyring
from bot.services.voting.lifecycle import load_vote
from bot.services.voting.records import REMIND_JOB, VoteInfo, job_id, vote_info
from bot.services.voting.tally import count_vote
from bot.services.voting.tellers import TellerService

VERIFY_SEARCH_LIMIT = 50
KEY_LOST_REASON = (
    "Its ballot key was lost, so the sealed ballots cannot be counted. "
    "Nothing was counted; call the vote again."
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrackerCheck:
    vote: VoteInfo
    counted_as: str


class ClosingService:
    def __init__(self, core: Core, audit: AuditService, keys: BallotKeyring) -> None:
        self.core = core
        self.audit = audit
        self.keys = keys
        self.tellers: TellerService | None = None  # set by VotingServices

    async def close(self, guild_id: int, vote_id: int) -> VoteInfo:
        """Count and publish. Closing a closed vote returns it unchanged (jobs may rerun).
        A secret vote whose key file is lost is cancelled with that reason (audited), never
        left open for ever."""
        teller_key: PrivateKey | None = None
        if self.tellers is not None:
            gate = await self.tellers.gate(guild_id, vote_id)
            if gate.waiting:  # a teller vote with fewer than k releases: no count yet
                async with self.core.sessions() as session:
                    stored = await load_vote(session, vote_id, guild_id)
                    return vote_info(stored, await repo.count_voted(session, vote_id))
            teller_key = gate.key
        try:
            info = await self._close(guild_id, vote_id, teller_key)
        except VoteKeyLostError as error:
            log.error("vote %d cannot be counted: %s", vote_id, error)
            return await self.abandon_keyless(guild_id, vote_id)
        if info.spec.secret:
            await self.forget_keys(guild_id, vote_id)
        return info

    async def forget_keys(self, guild_id: int, vote_id: int) -> None:
        """Destroy the vote's key file, then scrub the database files (crypto-shredding)."""
        await self.keys.forget("vote", guild_id, vote_id)

    async def abandon_keyless(self, guild_id: int, vote_id: int) -> VoteInfo:
        """Cancel an open secret vote whose key is lost, with that reason (audited)."""
        async with self.audit.transaction(guild_id) as session:
            stored = await load_vote(session, vote_id, guild_id)
            if stored.state is VoteState.OPEN:
                await repo.update_vote(
                    session,
                    vote_id,
                    state=VoteState.CANCELLED,
                    closed_at=self.core.clock.now(),
                    cancel_reason=KEY_LOST_REASON,
                )
                await repo.forget_secrets(session, vote_id)
                await job_repo.cancel(session, [job_id(REMIND_JOB, vote_id)])
                await self.audit.record(
                    session,
                    guild_id=guild_id,
                    actor_id=None,
                    action=AuditAction.VOTE_CANCELLED,
                    details={
                        "vote": vote_id,
                        "title": stored.spec.title,
                        "reason": KEY_LOST_REASON,
                    },
                )
            stored = await load_vote(session, vote_id, guild_id)
            info = vote_info(stored, await repo.count_voted(session, vote_id))
        await self.forget_keys(guild_id, vote_id)
        return info

    async def _close(
        self, guild_id: int, vote_id: int, teller_key: PrivateKey | None = None
    ) -> VoteInfo:
        writer = write_lock(self.core.sessions.kw["bind"])
        async with (
            writer if writer is not None else contextlib.nullcontext(),
            self.audit.transaction(guild_id) as session,
        ):
            await repo.hold_for_close(session, vote_id)
            stored = await load_vote(session, vote_id, guild_id)
            if stored.state is VoteState.CLOSED:
                return vote_info(stored, await repo.count_voted(session, vote_id))
            if stored.state is not VoteState.OPEN:
                raise Conflict(f"Vote #{vote_id} is {stored.state.value}; it cannot be closed.")
            spec = stored.spec
            entries = await repo.roll(session, vote_id)
            voters = sum(1 for e in entries if e.has_voted)
            roll_call: tuple[tuple[int, str], ...] = ()
            tracked: list[BallotEnvelope] | list[PublishedBallot]
            if spec.secret:
                tracked = self._open_sealed(
                    stored, await repo.sealed_ballots(session, vote_id), teller_key
                )
                if len(tracked) != voters:
                    raise SecrecyError(
                        f"vote {vote_id}: {len(tracked)} live ballots for {voters} voters"
                    )
            else:
                tracked = [
                    PublishedBallot(str(e.member_id), ballot_from_json(e.open_ballot))
                    for e in entries
                    if e.has_voted and e.open_ballot is not None
                ]
                roll_call = tuple(
                    (int(p.tracker), describe_ballot(spec, p.ballot)) for p in tracked
                )
            ballots: list[Ballot] = [t.ballot for t in tracked]
            outcome = count_vote(spec, ballots, stored.roll_size or len(entries))
            outcome = replace(outcome, roll_call=roll_call)
            published = publish_ballots(spec, tracked)
            await repo.update_vote(
                session,
                vote_id,
                state=VoteState.CLOSED,
                closed_at=self.core.clock.now(),
                result=outcome.to_json(),
                published_extension=published.extension,
                published_text=published.text,
            )
            if spec.secret:
                # The published file is the record now: drop pointers, ballots and the key.
                await repo.forget_secrets(session, vote_id)
                if self.tellers is not None:
                    await self.tellers.forget_releases(session, vote_id)
            await job_repo.cancel(session, [job_id(REMIND_JOB, vote_id)])
            await self.audit.record(
                session,
                guild_id=guild_id,
                actor_id=None,
                action=AuditAction.VOTE_CLOSED,
                details={
                    "vote": vote_id,
                    "title": spec.title,
                    "roll_size": outcome.roll_size,
                    "ballots": outcome.ballots,
                    "outcome": outcome.headline,
                },
            )
            stored = await load_vote(session, vote_id, guild_id)
            return vote_info(stored, voters)

    def _open_sealed(
        self,
        stored: repo.StoredVote,
        rows: list[tuple[str, bytes]],
        teller_key: PrivateKey | None = None,
    ) -> list[BallotEnvelope]:
        if stored.public_key is None:
            raise SecrecyError(f"vote {stored.id} is secret but has no public key")
        vote_secrets = self.keys.secrets("vote", stored.guild_id, stored.id, stored.public_key)
        if teller_key is not None:  # docs/secret-ballots.md, "Tellers"
            return open_teller_ballots(vote_secrets, teller_key, rows)
        return open_vote_ballots(vote_secrets, rows)

    async def verify(self, guild_id: int, tracker: str, vote_id: int | None = None) -> TrackerCheck:
        """Find a tracker in the published file of one vote, or of the recent closed votes."""
        if normalize_tracker(tracker) is None:
            raise UserError("That is not a tracker code: it looks like K7QF-3MZP-XW2A.")
        async with self.core.sessions() as session:
            if vote_id is not None:
                candidates = [await load_vote(session, vote_id, guild_id)]
            else:
                candidates = await repo.list_votes(
                    session, guild_id, states=(VoteState.CLOSED,), limit=VERIFY_SEARCH_LIMIT
                )
        for stored in candidates:
            if not stored.spec.secret or stored.published_text is None:
                continue
            try:
                published = parse_published(stored.spec, stored.published_text)
            except VotingError:
                continue
            ballot = verify_tracker(published, tracker)
            if ballot is not None:
                return TrackerCheck(vote_info(stored, 0), describe_ballot(stored.spec, ballot))
        if vote_id is not None and candidates[0].state is not VoteState.CLOSED:
            raise Conflict("That vote has not closed yet: trackers are published at close.")
        raise NotFound(
            "No published ballot has that tracker. Check the code; a replaced ballot's old "
            "tracker does not count."
        )
