"""Summary consent: a member may opt out of being quoted or counted in any summary."""

from __future__ import annotations

from sqlalchemy import delete, select

from bot.db.models.summaries import SummaryOptOutRow
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
            key = (actor.guild_id, actor.member_id)
            existing = await session.get(SummaryOptOutRow, key)
            if included and existing is not None:
                await session.execute(
                    delete(SummaryOptOutRow).where(
                        SummaryOptOutRow.guild_id == actor.guild_id,
                        SummaryOptOutRow.member_id == actor.member_id,
                    )
                )
            elif not included and existing is None:
                session.add(
                    SummaryOptOutRow(
                        guild_id=actor.guild_id,
                        member_id=actor.member_id,
                        since=self.core.clock.now(),
                    )
                )

    async def opted_out(self, guild_id: int) -> frozenset[int]:
        async with self.core.sessions() as session:
            rows = await session.scalars(
                select(SummaryOptOutRow.member_id).where(SummaryOptOutRow.guild_id == guild_id)
            )
            return frozenset(rows)
