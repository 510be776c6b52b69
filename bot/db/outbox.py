"""Repository for the outbox: intent recorded before a send, the message id after it.

Both writes are guarded (`bot.db.jobs.guard`): inside a scheduled job they commit only while the
job's claim and its shard lease epoch still hold, so a process that stalled while another took
its shards over can neither start a send nor record one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import jobs
from bot.db.models import OutboxRow
from bot.domain.jobs import OutboxState, ensure_outbox_move


@dataclass(frozen=True)
class OutboxEntry:
    key: str
    channel_id: int | None
    message_id: int | None
    state: OutboxState = OutboxState.INTENDED

    @property
    def sent(self) -> bool:
        return self.state is OutboxState.SENT


def _entry(row: OutboxRow) -> OutboxEntry:
    return OutboxEntry(row.key, row.channel_id, row.message_id, OutboxState(row.state))


async def get(session: AsyncSession, key: str) -> OutboxEntry | None:
    row = await session.get(OutboxRow, key)
    return _entry(row) if row else None


async def get_many(session: AsyncSession, keys: Iterable[str]) -> dict[str, OutboxEntry]:
    wanted = list(keys)
    found: dict[str, OutboxEntry] = {}
    for start in range(0, len(wanted), 500):  # under every database's parameter limit
        rows = await session.scalars(
            select(OutboxRow).where(OutboxRow.key.in_(wanted[start : start + 500]))
        )
        found.update((row.key, _entry(row)) for row in rows)
    return found


async def begin(session: AsyncSession, key: str, guild_id: int, channel_id: int | None) -> None:
    await begin_many(session, [key], guild_id, channel_id)


async def begin_many(
    session: AsyncSession, keys: Iterable[str], guild_id: int, channel_id: int | None
) -> None:
    """Record the intent to send, once per key (a key begun before keeps its row)."""
    await jobs.guard(session)
    wanted = list(keys)
    existing = set(await get_many(session, wanted))
    for key in wanted:
        if key not in existing:
            session.add(
                OutboxRow(
                    key=key,
                    guild_id=guild_id,
                    channel_id=channel_id,
                    state=OutboxState.INTENDED.value,
                )
            )


async def complete(
    session: AsyncSession, key: str, message_id: int, channel_id: int | None, at: dt.datetime
) -> None:
    """Record the sent message. Completing a sent entry again keeps the first message."""
    await jobs.guard(session)
    row = await session.get(OutboxRow, key)
    if row is None:
        raise LookupError(f"outbox entry {key} was never begun")
    current = OutboxState(row.state)
    if current is OutboxState.SENT:
        return
    ensure_outbox_move(current, OutboxState.SENT)
    row.state = OutboxState.SENT.value
    row.message_id = message_id
    row.channel_id = channel_id or row.channel_id
    row.sent_at = at
