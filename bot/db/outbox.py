"""Repository for the outbox: intent recorded before a send, the message id after it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import OutboxRow


@dataclass(frozen=True)
class OutboxEntry:
    key: str
    channel_id: int | None
    message_id: int | None

    @property
    def sent(self) -> bool:
        return self.message_id is not None


async def get(session: AsyncSession, key: str) -> OutboxEntry | None:
    row = await session.get(OutboxRow, key)
    return OutboxEntry(row.key, row.channel_id, row.message_id) if row else None


async def begin(session: AsyncSession, key: str, guild_id: int, channel_id: int | None) -> None:
    if await session.get(OutboxRow, key) is None:
        session.add(OutboxRow(key=key, guild_id=guild_id, channel_id=channel_id))


async def complete(
    session: AsyncSession, key: str, message_id: int, channel_id: int | None, at: dt.datetime
) -> None:
    row = await session.get(OutboxRow, key)
    if row is None:
        raise LookupError(f"outbox entry {key} was never begun")
    row.message_id = message_id
    row.channel_id = channel_id or row.channel_id
    row.sent_at = at
