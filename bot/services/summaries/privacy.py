"""Summary consent: a member may opt out of being quoted or counted in any summary."""

from __future__ import annotations

from bot.db import summary_consent
from bot.services.actors import Actor, guild_settings
from bot.services.core import Core


class PrivacyService:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def set_summaries(self, actor: Actor, included: bool) -> None:
        """``included=False`` opts the member out of every summary in this guild, from now on
        and for threads already written (summaries are computed when asked for)."""
        guild_settings(self.core.settings, actor.guild_id)
        async with self.core.sessions.begin() as session:
            await summary_consent.set_included(
                session, actor.guild_id, actor.member_id, included, self.core.clock.now()
            )

    async def opted_out(self, guild_id: int) -> frozenset[int]:
        async with self.core.sessions() as session:
            return await summary_consent.opted_out(session, guild_id)
