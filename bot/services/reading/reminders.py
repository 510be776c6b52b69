"""Reminder opt-in: members choose whether the bot DMs them before each session."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import ReminderOptInRow
from bot.services.actors import Actor, guild_settings, require_member
from bot.services.core import Core


class ReminderService:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def set(self, actor: Actor, enabled: bool) -> None:
        require_member(actor, guild_settings(self.core.settings, actor.guild_id))
        async with self.core.sessions.begin() as session:
            row = await session.get(ReminderOptInRow, (actor.guild_id, actor.member_id))
            if row is None:
                session.add(
                    ReminderOptInRow(
                        guild_id=actor.guild_id, member_id=actor.member_id, enabled=enabled
                    )
                )
            else:
                row.enabled = enabled

    async def recipients(self, guild_id: int) -> list[int]:
        async with self.core.sessions() as session:
            rows = await session.scalars(
                select(ReminderOptInRow.member_id)
                .where(ReminderOptInRow.guild_id == guild_id, ReminderOptInRow.enabled.is_(True))
                .order_by(ReminderOptInRow.member_id)
            )
            return list(rows)
