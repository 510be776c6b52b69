"""Repository for speakers' stacks: one per channel or thread, with its entries (who waits,
since when, how many turns they had)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.summaries import SpeakerStackRow, StackEntryRow

NAME_LIMIT = 100


@dataclass(frozen=True)
class StoredStack:
    id: int
    message_id: int | None  # the live embed the bot edits in place
    speaker_id: int | None
    speaker_name: str | None


@dataclass(frozen=True)
class StoredEntry:
    member_id: int
    display_name: str
    joined_at: dt.datetime
    waiting: bool
    turns: int


def _stack(row: SpeakerStackRow) -> StoredStack:
    return StoredStack(row.id, row.message_id, row.speaker_id, row.speaker_name)


async def _row(session: AsyncSession, guild_id: int, channel_id: int) -> SpeakerStackRow | None:
    row: SpeakerStackRow | None = await session.scalar(
        select(SpeakerStackRow).where(
            SpeakerStackRow.guild_id == guild_id, SpeakerStackRow.channel_id == channel_id
        )
    )
    return row


async def find(session: AsyncSession, guild_id: int, channel_id: int) -> StoredStack | None:
    row = await _row(session, guild_id, channel_id)
    return _stack(row) if row is not None else None


async def find_or_create(
    session: AsyncSession, guild_id: int, channel_id: int, at: dt.datetime
) -> StoredStack:
    row = await _row(session, guild_id, channel_id)
    if row is None:
        row = SpeakerStackRow(guild_id=guild_id, channel_id=channel_id, created_at=at)
        session.add(row)
        await session.flush()
    return _stack(row)


async def entries(session: AsyncSession, stack_id: int) -> list[StoredEntry]:
    rows = await session.scalars(select(StackEntryRow).where(StackEntryRow.stack_id == stack_id))
    return [
        StoredEntry(row.member_id, row.display_name, row.joined_at, row.waiting, row.turns)
        for row in rows
    ]


async def join(
    session: AsyncSession, stack_id: int, member_id: int, name: str, at: dt.datetime
) -> bool:
    """Put the member in the queue from ``at``; False when they are waiting already."""
    entry = await session.get(StackEntryRow, (stack_id, member_id))
    if entry is not None and entry.waiting:
        return False
    if entry is None:
        session.add(
            StackEntryRow(
                stack_id=stack_id,
                member_id=member_id,
                display_name=name[:NAME_LIMIT],
                waiting=True,
                joined_at=at,
                turns=0,
            )
        )
    else:
        entry.waiting, entry.joined_at = True, at
        entry.display_name = name[:NAME_LIMIT]
    return True


async def leave(session: AsyncSession, stack_id: int, member_id: int) -> bool:
    """Take the member out of the queue; False when they were not waiting."""
    entry = await session.get(StackEntryRow, (stack_id, member_id))
    if entry is None or not entry.waiting:
        return False
    entry.waiting = False
    return True


async def give_floor(
    session: AsyncSession, stack_id: int, member_id: int | None, name: str | None
) -> None:
    """The member speaks now (they leave the queue, one more turn); None: nobody does."""
    stack = await session.get(SpeakerStackRow, stack_id)
    if stack is None:
        raise LookupError(f"speakers' stack {stack_id} does not exist")
    if member_id is not None:
        entry = await session.get(StackEntryRow, (stack_id, member_id))
        if entry is None:
            raise LookupError(f"member {member_id} is not on speakers' stack {stack_id}")
        entry.waiting = False
        entry.turns += 1
    stack.speaker_id, stack.speaker_name = member_id, name


async def set_message(session: AsyncSession, stack_id: int, message_id: int | None) -> None:
    stack = await session.get(SpeakerStackRow, stack_id)
    if stack is None:
        raise LookupError(f"speakers' stack {stack_id} does not exist")
    stack.message_id = message_id
