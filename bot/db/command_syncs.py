"""Repository for the stored hash of each guild's last command sync (models/commands.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import CommandSyncRow


async def synced_hash(session: AsyncSession, guild_id: int) -> str | None:
    row = await session.get(CommandSyncRow, guild_id)
    return row.tree_hash if row is not None else None


async def record_sync(
    session: AsyncSession, guild_id: int, tree_hash: str, synced_at: dt.datetime
) -> None:
    row = await session.get(CommandSyncRow, guild_id)
    if row is None:
        session.add(CommandSyncRow(guild_id=guild_id, tree_hash=tree_hash, synced_at=synced_at))
    else:
        row.tree_hash = tree_hash
        row.synced_at = synced_at
