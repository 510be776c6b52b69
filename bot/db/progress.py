"""Repository for reading progress: who marked a session read, and whether they show their
name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ReadingProgressRow


@dataclass(frozen=True)
class ProgressCount:
    count: int
    shown_names: tuple[str, ...]  # sorted, of those who chose to show their name
    mine: bool
    my_name_shown: bool


async def toggle(
    session: AsyncSession, guild_id: int, number: int, member_id: int, name: str, at: dt.datetime
) -> bool:
    """Mark the session read for the member, or unmark it. Returns True when now marked."""
    row = await session.get(ReadingProgressRow, (guild_id, number, member_id))
    if row is not None:
        await session.delete(row)
        return False
    session.add(
        ReadingProgressRow(
            guild_id=guild_id,
            session_number=number,
            member_id=member_id,
            show_name=False,
            member_name=name,
            at=at,
        )
    )
    return True


async def show_name(
    session: AsyncSession, guild_id: int, number: int, member_id: int, name: str, show: bool
) -> bool:
    """Set whether the member's mark shows their name; False when they have no mark."""
    row = await session.get(ReadingProgressRow, (guild_id, number, member_id))
    if row is None:
        return False
    row.show_name = show
    row.member_name = name
    return True


async def count(session: AsyncSession, guild_id: int, number: int, member_id: int) -> ProgressCount:
    total = await session.scalar(
        select(func.count())
        .select_from(ReadingProgressRow)
        .where(ReadingProgressRow.guild_id == guild_id, ReadingProgressRow.session_number == number)
    )
    names = await session.scalars(
        select(ReadingProgressRow.member_name)
        .where(
            ReadingProgressRow.guild_id == guild_id,
            ReadingProgressRow.session_number == number,
            ReadingProgressRow.show_name.is_(True),
        )
        .order_by(ReadingProgressRow.member_name)
    )
    mine = await session.get(ReadingProgressRow, (guild_id, number, member_id))
    return ProgressCount(
        int(total or 0), tuple(names), mine is not None, bool(mine and mine.show_name)
    )
