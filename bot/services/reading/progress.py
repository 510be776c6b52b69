"""Reading progress: members say "I've read it" for a session. Everyone sees how many have;
names are shown (to anyone, organizers included) only for members who chose to show theirs."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ReadingProgressRow, ReadingSessionRow
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
            row = await session.get(ReadingProgressRow, (actor.guild_id, number, actor.member_id))
            if row is None:
                session.add(
                    ReadingProgressRow(
                        guild_id=actor.guild_id,
                        session_number=number,
                        member_id=actor.member_id,
                        show_name=False,
                        member_name=actor.display_name,
                        at=self.core.clock.now(),
                    )
                )
            else:
                await session.delete(row)
        return await self.progress(actor, number)

    async def show_name(self, actor: Actor, number: int, show: bool) -> Progress:
        require_member(actor, guild_settings(self.core.settings, actor.guild_id))
        async with self.core.sessions.begin() as session:
            row = await session.get(ReadingProgressRow, (actor.guild_id, number, actor.member_id))
            if row is None:
                raise Conflict(
                    f"You have not marked session {number} as read; press “I've read it” first."
                )
            row.show_name = show
            row.member_name = actor.display_name
        return await self.progress(actor, number)

    async def progress(self, actor: Actor, number: int) -> Progress:
        async with self.core.sessions() as session:
            count = await session.scalar(
                select(func.count())
                .select_from(ReadingProgressRow)
                .where(
                    ReadingProgressRow.guild_id == actor.guild_id,
                    ReadingProgressRow.session_number == number,
                )
            )
            names = await session.scalars(
                select(ReadingProgressRow.member_name)
                .where(
                    ReadingProgressRow.guild_id == actor.guild_id,
                    ReadingProgressRow.session_number == number,
                    ReadingProgressRow.show_name.is_(True),
                )
                .order_by(ReadingProgressRow.member_name)
            )
            mine = await session.get(ReadingProgressRow, (actor.guild_id, number, actor.member_id))
        return Progress(
            number,
            int(count or 0),
            tuple(names),
            mine is not None,
            bool(mine and mine.show_name),
        )

    @staticmethod
    async def _posted(session: AsyncSession, guild_id: int, number: int) -> None:
        state = await session.scalar(
            select(ReadingSessionRow.state).where(
                ReadingSessionRow.guild_id == guild_id, ReadingSessionRow.number == number
            )
        )
        if state != "posted":
            raise Conflict(f"Session {number} has not been posted.")
