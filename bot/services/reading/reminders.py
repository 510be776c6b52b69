"""Reminder opt-in: members choose whether the bot DMs them before each session."""

from __future__ import annotations

from bot.db import reminders as reminders_repo
from bot.services.actors import Actor, guild_settings, require_member
from bot.services.core import Core


class ReminderService:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def set(self, actor: Actor, enabled: bool) -> None:
        require_member(actor, guild_settings(self.core.settings, actor.guild_id))
        async with self.core.sessions.begin() as session:
            await reminders_repo.set_opt_in(session, actor.guild_id, actor.member_id, enabled)

    async def recipients(self, guild_id: int) -> list[int]:
        async with self.core.sessions() as session:
            return await reminders_repo.opted_in(session, guild_id)
