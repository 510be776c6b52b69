"""Progressive speakers' stacks: one per channel or thread, kept in the database so a restart
keeps the queue. Members join and leave; organizers give the floor with ``next``."""

from __future__ import annotations

from dataclasses import dataclass

from bot.db import stacks as stacks_repo
from bot.db.session import DbSession
from bot.db.stacks import StoredStack
from bot.domain.discussion import StackEntry, stack_order
from bot.errors import Conflict
from bot.services.actors import Actor, guild_settings, require_member, require_organizer
from bot.services.core import Core
from bot.services.summaries.sources import ThreadSources


@dataclass(frozen=True)
class StackState:
    guild_id: int
    channel_id: int
    message_id: int | None  # the live embed the bot edits in place
    speaker_id: int | None
    speaker_name: str | None
    queue: tuple[StackEntry, ...]  # speaking order, first to last
    spoken: frozenset[int]
    new_speakers_first: bool

    def position_of(self, member_id: int) -> int | None:
        """1-based place in the queue, or None when not waiting."""
        for place, entry in enumerate(self.queue, start=1):
            if entry.member_id == member_id:
                return place
        return None


class StackService:
    def __init__(self, core: Core, sources: ThreadSources) -> None:
        self.core = core
        self.sources = sources

    async def join(self, actor: Actor, channel_id: int) -> StackState:
        require_member(actor, guild_settings(self.core.settings, actor.guild_id))
        async with self.core.sessions.begin() as session:
            stack = await stacks_repo.find_or_create(
                session, actor.guild_id, channel_id, self.core.clock.now()
            )
            joined = await stacks_repo.join(
                session, stack.id, actor.member_id, actor.display_name, self.core.clock.now()
            )
            if not joined:
                raise Conflict("You are already on the stack.")
        return await self.show(actor.guild_id, channel_id)

    async def leave(self, actor: Actor, channel_id: int) -> StackState:
        async with self.core.sessions.begin() as session:
            stack = await stacks_repo.find(session, actor.guild_id, channel_id)
            if stack is None or not await stacks_repo.leave(session, stack.id, actor.member_id):
                raise Conflict("You are not on the stack here.")
        return await self.show(actor.guild_id, channel_id)

    async def next(self, actor: Actor, channel_id: int) -> StackState:
        """Give the floor to the first in the progressive order (organizers facilitate)."""
        require_organizer(actor, guild_settings(self.core.settings, actor.guild_id))
        session_spoken = await self._session_spoken(actor.guild_id, channel_id)
        async with self.core.sessions.begin() as session:
            stack = await stacks_repo.find_or_create(
                session, actor.guild_id, channel_id, self.core.clock.now()
            )
            state = await self._state(session, stack, actor.guild_id, channel_id, session_spoken)
            if not state.queue:
                await stacks_repo.give_floor(session, stack.id, None, None)
            else:
                first = state.queue[0]
                await stacks_repo.give_floor(session, stack.id, first.member_id, first.display_name)
        return await self.show(actor.guild_id, channel_id)

    async def show(self, guild_id: int, channel_id: int) -> StackState:
        session_spoken = await self._session_spoken(guild_id, channel_id)
        async with self.core.sessions() as session:
            stack = await stacks_repo.find(session, guild_id, channel_id)
            return await self._state(session, stack, guild_id, channel_id, session_spoken)

    async def _session_spoken(self, guild_id: int, channel_id: int) -> frozenset[int]:
        """Who already wrote in the reading session, when the stack is in a session thread."""
        number = await self.sources.session_for_thread(guild_id, channel_id)
        if number is None:
            return frozenset()
        return await self.sources.session_speakers(guild_id, number)

    async def _state(
        self,
        session: DbSession,
        stack: StoredStack | None,
        guild_id: int,
        channel_id: int,
        session_spoken: frozenset[int],
    ) -> StackState:
        first = guild_settings(self.core.settings, guild_id).summaries.stack_new_speakers_first
        if stack is None:
            return StackState(guild_id, channel_id, None, None, None, (), session_spoken, first)
        rows = await stacks_repo.entries(session, stack.id)
        spoken = session_spoken | {row.member_id for row in rows if row.turns > 0}
        waiting = [
            StackEntry(row.member_id, row.display_name, row.joined_at)
            for row in rows
            if row.waiting
        ]
        return StackState(
            guild_id=guild_id,
            channel_id=channel_id,
            message_id=stack.message_id,
            speaker_id=stack.speaker_id,
            speaker_name=stack.speaker_name,
            queue=stack_order(waiting, spoken, new_speakers_first=first),
            spoken=spoken,
            new_speakers_first=first,
        )

    async def set_message(self, guild_id: int, channel_id: int, message_id: int | None) -> None:
        async with self.core.sessions.begin() as session:
            stack = await stacks_repo.find_or_create(
                session, guild_id, channel_id, self.core.clock.now()
            )
            await stacks_repo.set_message(session, stack.id, message_id)
