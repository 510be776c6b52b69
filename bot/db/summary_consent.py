"""Repository for summary consent: the members who opted out of every summary in a guild."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.summaries import SummaryOptOutRow


async def set_included(
    session: AsyncSession, guild_id: int, member_id: int, included: bool, at: dt.datetime
) -> None:
    """Opt the member back in (their row deleted) or out (a row from ``at``), idempotently."""
    existing = await session.get(SummaryOptOutRow, (guild_id, member_id))
    if included and existing is not None:
        await session.execute(
            delete(SummaryOptOutRow).where(
                SummaryOptOutRow.guild_id == guild_id, SummaryOptOutRow.member_id == member_id
            )
        )
    elif not included and existing is None:
        session.add(SummaryOptOutRow(guild_id=guild_id, member_id=member_id, since=at))


async def opted_out(session: AsyncSession, guild_id: int) -> frozenset[int]:
    rows = await session.scalars(
        select(SummaryOptOutRow.member_id).where(SummaryOptOutRow.guild_id == guild_id)
    )
    return frozenset(rows)
