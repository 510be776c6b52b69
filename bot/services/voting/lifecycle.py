"""Creating, opening, cancelling and looking up votes; their jobs live in the job ledger."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Iterable, Sequence

from bot.db import jobs as job_repo
from bot.db import voting as repo
from bot.db.session import DbSession
from bot.domain.audit import AuditAction
from bot.domain.voting.errors import VotingError
from bot.domain.voting.kinds import EligibleRole, VoteKind, VoteSpec
from bot.domain.voting.lifecycle import VoteState, ensure_transition
from bot.domain.voting.roll import reminder_targets
from bot.domain.voting.vote_keys import VoteSecrets
from bot.errors import Conflict, NotAllowed, NotFound
from bot.services.actors import Actor, guild_settings, is_member, is_organizer, require_organizer
from bot.services.audit import AuditService
from bot.services.core import Core
from bot.services.voting.keys import BallotKeyring
from bot.services.voting.nominations import accepted_options
from bot.services.voting.records import (
    CLOSE_JOB,
    OPEN_JOB,
    REMIND_JOB,
    CreateRequest,
    ReminderBatch,
    VoteInfo,
    job_id,
    vote_info,
)
from bot.services.voting.specs import build_spec
from bot.services.voting.tellers import TellerService

VOTE_CREATED = "vote.created"
OVERDUE_OPENINGS_LIMIT = 1000


async def load_vote(session: DbSession, vote_id: int, guild_id: int) -> repo.StoredVote:
    """The vote, if it exists in this guild (another guild's vote is as good as missing)."""
    stored = await repo.get_vote(session, vote_id)
    if stored is None or stored.guild_id != guild_id:
        raise NotFound(f"There is no vote #{vote_id} in this server.")
    return stored


class VoteService:
    def __init__(self, core: Core, audit: AuditService, keys: BallotKeyring) -> None:
        self.core = core
        self.audit = audit
        self.keys = keys
        self.tellers: TellerService | None = None  # set by VotingServices

    # -- creating ------------------------------------------------------------------------

    async def create(self, actor: Actor, request: CreateRequest) -> VoteInfo:
        guild = guild_settings(self.core.settings, actor.guild_id)
        organizer = is_organizer(actor, guild)
        if not organizer and not (guild.voting.members_can_create and is_member(actor, guild)):
            raise NotAllowed("Only organizers can create votes here.")
        if request.eligible_roles and not organizer:
            raise NotAllowed("Only organizers can choose who may vote; leave `eligible` empty.")
        return await self.create_on_behalf(
            actor.guild_id, actor.member_id, request, as_organizer=organizer
        )

    async def create_on_behalf(
        self,
        guild_id: int,
        created_by: int,
        request: CreateRequest,
        *,
        as_organizer: bool,
        link: Callable[[DbSession, int], Awaitable[None]] | None = None,
    ) -> VoteInfo:
        """Create a vote whose caller has already checked who may (a convention's chair puts
        its amendments and motions this way); defaults come from the guild's config. `link`
        runs inside the creating transaction with the new vote's id, so whatever the caller
        ties to the vote commits with it, before its opening job can run."""
        guild = guild_settings(self.core.settings, guild_id)
        organizer = as_organizer
        now = self.core.clock.now()
        spec = build_spec(request, guild.voting, now)
        vote_secrets = None
        if spec.secret:
            self.keys.master_key(create=True)  # a missing key fails before anything is written
            vote_secrets = VoteSecrets.generate()
        initial = VoteState.NOMINATING if spec.kind is VoteKind.ELECTION else VoteState.DRAFT
        async with self.audit.transaction(guild_id) as session:
            vote_id = await repo.insert_vote(
                session,
                guild_id=guild_id,
                spec=spec,
                state=initial,
                created_by=created_by,
                created_at=now,
                public_key=vote_secrets.public_key if vote_secrets else None,
            )
            if vote_secrets is not None:
                # Written before the commit: a vote never exists without its key file (a
                # file whose vote never committed is swept at start-up).
                await asyncio.to_thread(self.keys.store, "vote", guild_id, vote_id, vote_secrets)
            due = await self._schedule(session, vote_id, guild_id, spec)
            if link is not None:
                await link(session, vote_id)
            await self.audit.record(
                session,
                guild_id=guild_id,
                actor_id=created_by,
                action=VOTE_CREATED,
                details={
                    "vote": vote_id,
                    "title": spec.title,
                    "kind": spec.kind.value,
                    "secret": spec.secret,
                    **(
                        {"eligible": [r.name for r in spec.eligible_roles]}
                        if spec.eligible_roles
                        else {}
                    ),
                },
                as_organizer=organizer,
            )
        for ident, moment in due.items():
            self.core.scheduler.arm(ident, moment)
        return await self.get(guild_id, vote_id)

    async def _schedule(
        self, session: DbSession, vote_id: int, guild_id: int, spec: VoteSpec
    ) -> dict[str, dt.datetime]:
        if spec.opens_at is None or spec.closes_at is None:
            raise ValueError("a scheduled vote has opening and closing times")
        voting = guild_settings(self.core.settings, guild_id).voting
        due = {
            job_id(OPEN_JOB, vote_id): spec.opens_at,
            job_id(CLOSE_JOB, vote_id): spec.closes_at,
        }
        remind_at = spec.closes_at - dt.timedelta(hours=voting.reminder_before_close_hours)
        if voting.reminder_before_close_hours > 0 and remind_at > spec.opens_at:
            due[job_id(REMIND_JOB, vote_id)] = remind_at
        for ident, moment in due.items():
            kind = ident.split(":", 1)[0]
            await job_repo.upsert(
                session,
                ident,
                guild_id=guild_id,
                kind=kind,
                due_at=moment,
                payload={"vote_id": vote_id},
            )
        return due

    # -- opening -------------------------------------------------------------------------

    async def open(
        self,
        guild_id: int,
        vote_id: int,
        member_ids: Iterable[int],
        eligible: Sequence[EligibleRole] = (),
    ) -> VoteInfo:
        """Open voting: close nominations (elections), freeze the roll to `member_ids` (the
        members holding an eligible role right now, from a fully loaded member list) and
        record the eligible roles' names as members were told them. Opening an open vote
        changes nothing."""
        now = self.core.clock.now()
        async with self.audit.transaction(guild_id) as session:
            stored = await load_vote(session, vote_id, guild_id)
            if stored.state is VoteState.OPEN:
                return await self._info(session, stored)
            spec = stored.spec
            if spec.kind is VoteKind.ELECTION:
                spec = spec.with_candidates(await accepted_options(session, vote_id))
            try:
                ensure_transition(spec, stored.state, VoteState.OPEN, now)
            except VotingError as error:
                raise Conflict(error.message) from None
            roll_size = await repo.freeze_roll(session, vote_id, member_ids)
            if spec.kind is VoteKind.ELECTION:
                await repo.set_options(session, vote_id, spec.options)
            frozen = {"eligible_roles": repo.roles_json(eligible)} if eligible else {}
            await repo.update_vote(
                session,
                vote_id,
                state=VoteState.OPEN,
                opened_at=now,
                roll_size=roll_size,
                **frozen,
            )
            details: dict[str, object] = {"vote": vote_id, "roll_size": roll_size}
            if eligible:
                details["eligible"] = [role.name for role in eligible]
            await self.audit.record(
                session,
                guild_id=guild_id,
                actor_id=None,
                action=AuditAction.VOTE_OPENED,
                details=details,
            )
            if self.tellers is not None:
                # A teller vote is dealt last (its key file is rewritten just before the
                # commit), or does not open at all when its tellers are missing.
                await self.tellers.deal_at_open(session, guild_id, stored)
            stored = await load_vote(session, vote_id, guild_id)
            return await self._info(session, stored)

    async def requeue_overdue_openings(self, guild_id: int) -> list[int]:
        """Queue again the opening of every vote past its opening time but not open (e.g. its
        job gave up while Discord had not sent the whole member list): called when the bot
        is ready, so an opening only ever waits, never fails for good. Returns the votes."""
        now = self.core.clock.now()
        async with self.core.sessions.begin() as session:
            waiting = await repo.list_votes(
                session,
                guild_id,
                states=(VoteState.DRAFT, VoteState.NOMINATING),
                limit=OVERDUE_OPENINGS_LIMIT,
            )
            overdue = [vote.id for vote in waiting if vote.opens_at <= now]
            for vote_id in overdue:
                await job_repo.upsert(
                    session,
                    job_id(OPEN_JOB, vote_id),
                    guild_id=guild_id,
                    kind=OPEN_JOB,
                    due_at=now,
                    payload={"vote_id": vote_id},
                    rerun=True,
                )
        for vote_id in overdue:
            self.core.scheduler.arm(job_id(OPEN_JOB, vote_id), now)
        return overdue

    # -- cancelling ----------------------------------------------------------------------

    async def cancel(self, actor: Actor, vote_id: int, reason: str) -> VoteInfo:
        """An organizer stops a vote; nothing is counted (audited)."""
        require_organizer(actor, guild_settings(self.core.settings, actor.guild_id))
        return await self._cancel(actor.guild_id, vote_id, actor.member_id, reason)

    async def abandon(self, guild_id: int, vote_id: int, reason: str) -> VoteInfo:
        """The bot stops a vote that cannot open (an election nobody stood for)."""
        return await self._cancel(guild_id, vote_id, None, reason)

    async def _cancel(
        self, guild_id: int, vote_id: int, actor_id: int | None, reason: str
    ) -> VoteInfo:
        async with self.audit.transaction(guild_id) as session:
            await repo.hold_for_close(session, vote_id)  # no cast commits past the cancel
            stored = await load_vote(session, vote_id, guild_id)
            try:
                ensure_transition(stored.spec, stored.state, VoteState.CANCELLED, stored.opens_at)
            except VotingError as error:
                raise Conflict(error.message) from None
            await repo.update_vote(
                session,
                vote_id,
                state=VoteState.CANCELLED,
                closed_at=self.core.clock.now(),
                cancelled_by=actor_id,
                cancel_reason=reason.strip()[:300] or None,
            )
            # Nothing will be counted: forget the sealed ballots and the key now.
            await repo.forget_secrets(session, vote_id)
            if self.tellers is not None:  # a teller vote's releases are of no use now
                await self.tellers.forget_releases(session, vote_id)
            await job_repo.cancel(
                session, [job_id(kind, vote_id) for kind in (OPEN_JOB, CLOSE_JOB, REMIND_JOB)]
            )
            await self.audit.record(
                session,
                guild_id=guild_id,
                actor_id=actor_id,
                action=AuditAction.VOTE_CANCELLED,
                details={"vote": vote_id, "title": stored.spec.title, "reason": reason.strip()},
                as_organizer=actor_id is not None,
            )
        for kind in (OPEN_JOB, CLOSE_JOB, REMIND_JOB):
            self.core.scheduler.disarm(job_id(kind, vote_id))
        if stored.spec.secret:
            await self.keys.forget("vote", guild_id, vote_id)
        return await self.get(guild_id, vote_id)

    # -- reading -------------------------------------------------------------------------

    async def _info(self, session: DbSession, stored: repo.StoredVote) -> VoteInfo:
        return vote_info(stored, await repo.count_voted(session, stored.id))

    async def get(self, guild_id: int, vote_id: int) -> VoteInfo:
        async with self.core.sessions() as session:
            return await self._info(session, await load_vote(session, vote_id, guild_id))

    async def waiting_for(self, guild_id: int, member_id: int) -> list[VoteInfo]:
        """The open votes with `member_id` on the roll who has not voted yet, oldest closing
        first (/vote mine). Reads only the roll's has-voted mark, never a ballot."""
        async with self.core.sessions() as session:
            stored = await repo.list_votes(
                session, guild_id, states=(VoteState.OPEN,), limit=OVERDUE_OPENINGS_LIMIT
            )
            waiting = []
            for vote in stored:
                entry = await repo.roll_entry(session, vote.id, member_id)
                if entry is not None and not entry.has_voted:
                    waiting.append(await self._info(session, vote))
        return sorted(waiting, key=lambda info: (info.closes_at, info.id))

    async def list(self, guild_id: int, *, limit: int = 15) -> list[VoteInfo]:
        async with self.core.sessions() as session:
            stored = await repo.list_votes(session, guild_id, limit=limit)
            return [await self._info(session, s) for s in stored]

    async def reminder_batch(self, guild_id: int, vote_id: int) -> ReminderBatch | None:
        """Who to remind: on the roll and not yet voted (None unless the vote is open)."""
        async with self.core.sessions() as session:
            stored = await load_vote(session, vote_id, guild_id)
            if stored.state is not VoteState.OPEN:
                return None
            entries = await repo.roll(session, vote_id)
            info = await self._info(session, stored)
        roll = frozenset(e.member_id for e in entries)
        voted = frozenset(e.member_id for e in entries if e.has_voted)
        return ReminderBatch(info, reminder_targets(roll, voted))

    # -- Discord bookkeeping -------------------------------------------------------------

    async def set_announcement(self, vote_id: int, *, channel_id: int, message_id: int) -> None:
        async with self.core.sessions.begin() as session:
            await repo.update_vote(session, vote_id, channel_id=channel_id, message_id=message_id)

    async def set_result_message(self, vote_id: int, message_id: int) -> None:
        async with self.core.sessions.begin() as session:
            await repo.update_vote(session, vote_id, result_message_id=message_id)
