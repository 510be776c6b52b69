"""Teller keys, the tellers named for each vote, their releases and the published dealing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.tellers import TellerKeyRow, VoteDealingRow, VoteTellerRow


@dataclass(frozen=True)
class NamedTeller:
    vote_id: int
    number: int
    member_id: int
    name: str
    public_key: str
    named_by: int
    faction_id: int | None
    release: str | None
    released_at: dt.datetime | None


@dataclass(frozen=True)
class StoredDealing:
    vote_id: int
    threshold: int
    published: str
    deadline: dt.datetime


def _named(row: VoteTellerRow) -> NamedTeller:
    return NamedTeller(
        row.vote_id,
        row.number,
        row.member_id,
        row.name,
        row.public_key,
        row.named_by,
        row.faction_id,
        row.release,
        row.released_at,
    )


async def registered_key(session: AsyncSession, guild_id: int, member_id: int) -> str | None:
    row = await session.get(TellerKeyRow, (guild_id, member_id))
    return None if row is None else row.public_key


async def register_key(
    session: AsyncSession, guild_id: int, member_id: int, public_key: str, now: dt.datetime
) -> None:
    row = await session.get(TellerKeyRow, (guild_id, member_id))
    if row is None:
        session.add(
            TellerKeyRow(
                guild_id=guild_id, member_id=member_id, public_key=public_key, registered_at=now
            )
        )
    else:
        row.public_key = public_key
        row.registered_at = now
    await session.flush()


async def tellers(session: AsyncSession, vote_id: int) -> list[NamedTeller]:
    rows = await session.scalars(
        select(VoteTellerRow).where(VoteTellerRow.vote_id == vote_id).order_by(VoteTellerRow.number)
    )
    return [_named(row) for row in rows]


async def add_teller(
    session: AsyncSession,
    *,
    vote_id: int,
    member_id: int,
    name: str,
    public_key: str,
    named_by: int,
    faction_id: int | None,
) -> int:
    """Name a teller; returns their number (1-based, in the order named)."""
    highest = await session.scalar(
        select(func.max(VoteTellerRow.number)).where(VoteTellerRow.vote_id == vote_id)
    )
    number = (highest or 0) + 1
    session.add(
        VoteTellerRow(
            vote_id=vote_id,
            number=number,
            member_id=member_id,
            name=name[:100],
            public_key=public_key,
            named_by=named_by,
            faction_id=faction_id,
        )
    )
    await session.flush()
    return number


async def remove_teller(session: AsyncSession, vote_id: int, number: int) -> None:
    await session.execute(
        delete(VoteTellerRow).where(
            VoteTellerRow.vote_id == vote_id, VoteTellerRow.number == number
        )
    )


async def renumber(session: AsyncSession, vote_id: int) -> None:
    """Number the tellers 1..n again (before dealing, after one was removed)."""
    rows = list(
        await session.scalars(
            select(VoteTellerRow)
            .where(VoteTellerRow.vote_id == vote_id)
            .order_by(VoteTellerRow.number)
        )
    )
    for position, row in enumerate(rows, start=1):
        if row.number != position:
            await session.execute(
                update(VoteTellerRow)
                .where(VoteTellerRow.vote_id == vote_id, VoteTellerRow.number == row.number)
                .values(number=position)
            )


async def store_release(
    session: AsyncSession, vote_id: int, number: int, release: str, now: dt.datetime
) -> None:
    await session.execute(
        update(VoteTellerRow)
        .where(VoteTellerRow.vote_id == vote_id, VoteTellerRow.number == number)
        .values(release=release, released_at=now)
    )


async def forget_releases(session: AsyncSession, vote_id: int) -> None:
    """Once counted (or cancelled) the releases are no use to anyone: drop them."""
    await session.execute(
        update(VoteTellerRow).where(VoteTellerRow.vote_id == vote_id).values(release=None)
    )


async def dealing(session: AsyncSession, vote_id: int) -> StoredDealing | None:
    row = await session.get(VoteDealingRow, vote_id)
    if row is None:
        return None
    return StoredDealing(row.vote_id, row.threshold, row.published, row.deadline)


async def store_dealing(
    session: AsyncSession, vote_id: int, threshold: int, published: str, deadline: dt.datetime
) -> None:
    row = await session.get(VoteDealingRow, vote_id)
    if row is None:
        session.add(
            VoteDealingRow(
                vote_id=vote_id, threshold=threshold, published=published, deadline=deadline
            )
        )
    else:
        row.threshold, row.published, row.deadline = threshold, published, deadline
    await session.flush()
