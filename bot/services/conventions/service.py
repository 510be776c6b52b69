"""The convention service: creating a convention and its agenda, check-in, amendments and
their co-signers (amendments.py), and `next`, which settles the vote in progress and moves the
agenda on.

Every convention vote is an ordinary vote (bot/services/voting): created here, opened and
closed through a VoteDesk, its roll taken from the check-in list when it opens (`roll_for`)
and frozen there. Amendments are voted one at a time before their motion, in the order and
with the lapse rule of bot/domain/conventions/amendments.py.
"""

from __future__ import annotations

import datetime as dt

from bot.config import GuildSettings
from bot.db import conventions as repo
from bot.db import jobs as job_repo
from bot.db.session import DbSession
from bot.domain.conventions.agenda import (
    MAX_ITEMS,
    ConventionState,
    ItemKind,
    Quorum,
)
from bot.domain.conventions.errors import ConventionError
from bot.domain.conventions.text import split_lines
from bot.domain.voting.kinds import VoteKind
from bot.errors import Conflict, NotAllowed, NotFound, UserError
from bot.services.actors import Actor, guild_settings, is_organizer, require_member
from bot.services.audit import AuditService
from bot.services.conventions.amendments import AmendmentOps, user_error
from bot.services.conventions.minutes import Minutes, render_minutes
from bot.services.conventions.records import (
    END_JOB,
    ITEM_CLOSE_JOB,
    ITEM_OPEN_JOB,
    START_JOB,
    ConventionView,
    ItemView,
    clock_job_id,
)
from bot.services.core import Core
from bot.services.voting.bundle import VotingServices

MAX_TITLE = 200

CONVENTION_CREATED = "convention.created"
CONVENTION_ITEM_ADDED = "convention.item_added"
CONVENTION_OPENED = "convention.opened"
CONVENTION_ITEM_OPENED = "convention.item_opened"
CONVENTION_ITEM_DONE = "convention.item_done"
CONVENTION_CLOSED = "convention.closed"
AMENDMENT_DECIDED = "convention.amendment_decided"


def is_chair(actor: Actor, guild: GuildSettings) -> bool:
    chair = guild.conventions.chair_role
    return is_organizer(actor, guild) or (chair is not None and chair in actor.role_ids)


def require_chair(actor: Actor, guild: GuildSettings) -> None:
    if not is_chair(actor, guild):
        raise NotAllowed("Only the convention's chair can do that.")


class ConventionService(AmendmentOps):
    def __init__(self, core: Core, audit: AuditService, voting: VotingServices) -> None:
        self.core = core
        self.audit = audit
        self.voting = voting

    def _guild(self, guild_id: int) -> GuildSettings:
        return guild_settings(self.core.settings, guild_id)

    # -- creating --------------------------------------------------------------------------

    async def create(
        self,
        actor: Actor,
        title: str,
        starts_at: dt.datetime,
        ends_at: dt.datetime,
        channel_id: int | None = None,
    ) -> ConventionView:
        require_chair(actor, self._guild(actor.guild_id))
        title = " ".join(title.split())[:MAX_TITLE]
        if not title:
            raise UserError("A convention needs a title.")
        if ends_at <= starts_at:
            raise UserError("A convention must end after it starts.")
        if ends_at <= self.core.clock.now():
            raise UserError("That convention would already be over: give an end in the future.")
        async with self.audit.transaction(actor.guild_id) as session:
            convention_id = await repo.insert_convention(
                session,
                guild_id=actor.guild_id,
                title=title,
                starts_at=starts_at,
                ends_at=ends_at,
                created_by=actor.member_id,
                created_at=self.core.clock.now(),
                channel_id=channel_id,
            )
            due = {clock_job_id(END_JOB, convention_id): (END_JOB, ends_at)}
            if starts_at > self.core.clock.now():  # starting now: at the chair's first `next`
                due[clock_job_id(START_JOB, convention_id)] = (START_JOB, starts_at)
            await self._schedule(session, actor.guild_id, convention_id, None, due)
            await self.audit.record(
                session,
                guild_id=actor.guild_id,
                actor_id=actor.member_id,
                action=CONVENTION_CREATED,
                details={"convention": convention_id, "title": title},
                as_organizer=True,
            )
        self._arm(due)
        return await self.view(actor.guild_id, convention_id)

    async def _schedule(
        self,
        session: DbSession,
        guild_id: int,
        convention_id: int,
        position: int | None,
        due: dict[str, tuple[str, dt.datetime]],
    ) -> None:
        payload: dict[str, object] = {"convention_id": convention_id}
        if position is not None:
            payload["position"] = position
        for ident, (kind, moment) in due.items():
            await job_repo.upsert(
                session, ident, guild_id=guild_id, kind=kind, due_at=moment, payload=payload
            )

    def _arm(self, due: dict[str, tuple[str, dt.datetime]]) -> None:
        for ident, (_kind, moment) in due.items():
            self.core.scheduler.arm(ident, moment)

    async def schedule_close_again(
        self, guild_id: int, convention_id: int, position: int, vote_id: int, at: dt.datetime
    ) -> None:
        """A motion closing on the clock with votes still to come: the clock steps again when
        the vote just opened closes (one job per vote, so a rerun schedules nothing twice)."""
        ident = clock_job_id(ITEM_CLOSE_JOB, convention_id, position, f"vote{vote_id}")
        due = {ident: (ITEM_CLOSE_JOB, at)}
        async with self.core.sessions.begin() as session:
            await self._schedule(session, guild_id, convention_id, position, due)
        self._arm(due)

    async def add_item(
        self,
        actor: Actor,
        convention_id: int,
        kind: ItemKind,
        title: str,
        text: str = "",
        vote_id: int | None = None,
        open_at: dt.datetime | None = None,
        close_at: dt.datetime | None = None,
    ) -> ItemView:
        require_chair(actor, self._guild(actor.guild_id))
        now = self.core.clock.now()
        if close_at is not None and close_at <= now:
            raise UserError("That closing time has passed: give one in the future.")
        if open_at is not None and close_at is not None and close_at <= open_at:
            raise UserError("An item must close after it opens.")
        title = " ".join(title.split())[:MAX_TITLE]
        if not title:
            raise UserError("An agenda item needs a title.")
        body = ""
        if kind.has_text:
            try:
                lines = split_lines(text)
            except ConventionError as error:
                raise user_error(error) from None
            if not lines:
                raise UserError(f"A {kind.value} needs its text.")
            body = "\n".join(lines)
        elif kind is ItemKind.REPORT:
            body = text.strip()
        if kind is ItemKind.ELECTION:
            if vote_id is None:
                raise UserError(
                    "An election item names its election: create it with `/vote create` "
                    "(kind: election) and give its number."
                )
            info = await self.voting.votes.get(actor.guild_id, vote_id)
            if info.kind is not VoteKind.ELECTION or info.state.is_final:
                raise Conflict(f"Vote #{vote_id} is not an election still to be held.")
        elif vote_id is not None:
            raise UserError("Only an election item names a vote.")
        async with self.audit.transaction(actor.guild_id) as session:
            convention = await self._load(session, actor.guild_id, convention_id)
            if convention.state is ConventionState.CLOSED:
                raise Conflict("That convention has closed.")
            if len(await repo.items(session, convention_id)) >= MAX_ITEMS:
                raise Conflict(f"An agenda holds at most {MAX_ITEMS} items.")
            if close_at is not None and close_at > convention.ends_at:
                raise UserError("An item must close before the convention ends.")
            item = await repo.insert_item(
                session,
                convention_id,
                kind=kind,
                title=title,
                body=body,
                vote_id=vote_id,
                open_at=open_at,
                close_at=close_at,
            )
            due: dict[str, tuple[str, dt.datetime]] = {}
            if open_at is not None:
                due[clock_job_id(ITEM_OPEN_JOB, convention_id, item.position)] = (
                    ITEM_OPEN_JOB,
                    open_at,
                )
            if close_at is not None:
                due[clock_job_id(ITEM_CLOSE_JOB, convention_id, item.position)] = (
                    ITEM_CLOSE_JOB,
                    close_at,
                )
            await self._schedule(session, actor.guild_id, convention_id, item.position, due)
            await self.audit.record(
                session,
                guild_id=actor.guild_id,
                actor_id=actor.member_id,
                action=CONVENTION_ITEM_ADDED,
                details={
                    "convention": convention_id,
                    "item": item.position,
                    "kind": kind.value,
                    "title": title,
                },
                as_organizer=True,
            )
        self._arm(due)
        view = await self.view(actor.guild_id, convention_id)
        found = view.item(item.position)
        assert found is not None
        return found

    # -- members ---------------------------------------------------------------------------

    async def check_in(self, actor: Actor, convention_id: int) -> tuple[ConventionView, bool]:
        """Check the member in; (view, False) when they already were. Members only."""
        require_member(actor, self._guild(actor.guild_id))
        async with self.core.sessions.begin() as session:
            convention = await self._load(session, actor.guild_id, convention_id)
            if convention.state is ConventionState.CLOSED:
                raise Conflict("That convention has closed.")
            new = await repo.check_in(
                session,
                convention_id,
                actor.member_id,
                actor.display_name[:100],
                self.core.clock.now(),
            )
        return await self.view(actor.guild_id, convention_id), new

    # -- reading ---------------------------------------------------------------------------

    async def _load(
        self, session: DbSession, guild_id: int, convention_id: int
    ) -> repo.StoredConvention:
        convention = await repo.get_convention(session, convention_id)
        if convention is None or convention.guild_id != guild_id:
            raise NotFound(f"There is no convention #{convention_id} in this server.")
        return convention

    async def view(self, guild_id: int, convention_id: int) -> ConventionView:
        async with self.core.sessions() as session:
            convention = await self._load(session, guild_id, convention_id)
            items = []
            for item in await repo.items(session, convention_id):
                amendments = tuple(await repo.amendments(session, item.id))
                items.append(ItemView(item, amendments))
            checkins = tuple(await repo.checkins(session, convention_id))
        views = []
        for entry in items:
            ids = [a.vote_id for a in entry.amendments] + [entry.item.vote_id]
            votes = {
                vote_id: await self.voting.votes.get(guild_id, vote_id)
                for vote_id in ids
                if vote_id is not None
            }
            views.append(ItemView(entry.item, entry.amendments, votes))
        return ConventionView(convention, tuple(views), checkins)

    async def _item_view(self, guild_id: int, convention_id: int, position: int) -> ItemView:
        found = (await self.view(guild_id, convention_id)).item(position)
        assert found is not None
        return found

    async def recent(self, guild_id: int) -> list[repo.StoredConvention]:
        async with self.core.sessions() as session:
            return await repo.list_conventions(session, guild_id)

    async def latest_open(self, guild_id: int) -> int | None:
        """The newest convention not closed: commands default to it."""
        return next(
            (c.id for c in await self.recent(guild_id) if c.state is not ConventionState.CLOSED),
            None,
        )

    async def roll_for(self, guild_id: int, vote_id: int) -> frozenset[int] | None:
        """The members checked in to the convention this vote belongs to (None: not a
        convention vote). Taken when the vote opens and frozen in its roll."""
        async with self.core.sessions() as session:
            convention_id = await repo.convention_of_vote(session, vote_id)
            if convention_id is None:
                return None
            convention = await repo.get_convention(session, convention_id)
            if convention is None or convention.guild_id != guild_id:
                return None
            return repo.checkin_ids(await repo.checkins(session, convention_id))

    async def set_agenda_message(
        self, convention_id: int, *, channel_id: int, message_id: int
    ) -> None:
        async with self.core.sessions.begin() as session:
            await repo.update_convention(
                session, convention_id, channel_id=channel_id, agenda_message_id=message_id
            )

    async def minutes(self, guild_id: int, convention_id: int) -> Minutes:
        view = await self.view(guild_id, convention_id)
        return render_minutes(view, self.quorum(guild_id), await self.audit.verify(guild_id))

    def quorum(self, guild_id: int) -> Quorum:
        settings = self._guild(guild_id).conventions
        return Quorum(share=settings.quorum_fraction, count=settings.quorum_count)
