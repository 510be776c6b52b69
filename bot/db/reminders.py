"""Repository for members' reminder opt-ins (a DM before each session)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ReminderOptInRow


async def set_opt_in(session: AsyncSession, guild_id: int, member_id: int, enabled: bool) -> None:
    row = await session.get(ReminderOptInRow, (guild_id, member_id))
    if row is None:
        session.add(ReminderOptInRow(guild_id=guild_id, member_id=member_id, enabled=enabled))
    else:
        row.enabled = enabled


async def opted_in(session: AsyncSession, guild_id: int) -> list[int]:
    rows = await session.scalars(
        select(ReminderOptInRow.member_id)
        .where(ReminderOptInRow.guild_id == guild_id, ReminderOptInRow.enabled.is_(True))
        .order_by(ReminderOptInRow.member_id)
    )
    return list(rows)
