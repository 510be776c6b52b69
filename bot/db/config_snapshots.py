"""Repository for each guild's config as the bot last saw it (to tell and audit what an edit
changed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ConfigSnapshotRow


async def get(session: AsyncSession, guild_id: int) -> dict[str, Any] | None:
    row = await session.get(ConfigSnapshotRow, guild_id)
    return dict(row.data) if row is not None else None


async def put(session: AsyncSession, guild_id: int, data: dict[str, Any], at: dt.datetime) -> None:
    row = await session.get(ConfigSnapshotRow, guild_id)
    if row is None:
        session.add(ConfigSnapshotRow(guild_id=guild_id, data=data, at=at))
    else:
        row.data = data
        row.at = at
