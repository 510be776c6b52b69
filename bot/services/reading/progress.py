"""Reading progress: members say "I've read it" for a session. Everyone sees how many have;
names are shown (to anyone, organizers included) only for members who chose to show theirs."""

from __future__ import annotations

from dataclasses import dataclass

from bot.db import progress as progress_repo
from bot.db import reading as sessions_repo
from bot.db.session import DbSession
from bot.domain.reading.states import SessionState
from bot.errors import Conflict
from bot.services.actors import Actor, guild_settings, require_member
from bot.services.core import Core


@dataclass(frozen=True)
class Progress:
    number: int
    count: int
    shown_names: tuple[str, ...]  # of those who chose to show their name
    mine: bool | None = None  # the asking member's own mark
    my_name_shown: bool = False


class ProgressService:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def toggle(self, actor: Actor, number: int) -> Progress:
        """Mark the session read, or unmark it when it already was."""
        require_member(actor, guild_settings(self.core.settings, actor.guild_id))
        async with self.core.sessions.begin() as session:
            await self._posted(session, actor.guild_id, number)
            await progress_repo.toggle(
                session,
                actor.guild_id,
                number,
                actor.member_id,
                actor.display_name,
                self.core.clock.now(),
            )
        return await self.progress(actor, number)

    async def show_name(self, actor: Actor, number: int, show: bool) -> Progress:
        require_member(actor, guild_settings(self.core.settings, actor.guild_id))
        async with self.core.sessions.begin() as session:
            if not await progress_repo.show_name(
                session, actor.guild_id, number, actor.member_id, actor.display_name, show
            ):
                raise Conflict(
                    f"You have not marked session {number} as read; press “I've read it” first."
                )
        return await self.progress(actor, number)

    async def progress(self, actor: Actor, number: int) -> Progress:
        async with self.core.sessions() as session:
            counted = await progress_repo.count(session, actor.guild_id, number, actor.member_id)
        return Progress(
            number, counted.count, counted.shown_names, counted.mine, counted.my_name_shown
        )

    @staticmethod
    async def _posted(session: DbSession, guild_id: int, number: int) -> None:
        if await sessions_repo.state_of(session, guild_id, number) is not SessionState.POSTED:
            raise Conflict(f"Session {number} has not been posted.")
