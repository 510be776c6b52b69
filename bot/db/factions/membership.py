"""Factions and their members: founding bookkeeping, the member list, and who belongs where."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.factions import FactionMemberRow, FactionRow
from bot.domain.factions import Faction


@dataclass(frozen=True)
class StoredFaction:
    """A faction as stored: the domain faction plus founding and Discord bookkeeping."""

    faction: Faction
    guild_id: int
    created_by: int
    invited: frozenset[int]
    agreed: frozenset[int]
    founded_at: dt.datetime | None
    role_id: int | None
    channel_id: int | None

    @property
    def id(self) -> int:
        return self.faction.id

    @property
    def name(self) -> str:
        return self.faction.name

    @property
    def is_founded(self) -> bool:
        return self.founded_at is not None

    @property
    def is_live(self) -> bool:
        return self.is_founded and self.faction.is_active


async def _members(session: AsyncSession, faction_ids: Sequence[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {fid: set() for fid in faction_ids}
    if not faction_ids:
        return found
    rows = await session.execute(
        select(FactionMemberRow.faction_id, FactionMemberRow.member_id).where(
            FactionMemberRow.faction_id.in_(faction_ids)
        )
    )
    for faction_id, member_id in rows:
        found[faction_id].add(member_id)
    return found


def _stored(row: FactionRow, members: set[int]) -> StoredFaction:
    founders = frozenset(row.agreed) | {row.created_by}
    faction = Faction(
        id=row.id,
        name=row.name,
        description=row.description,
        platform=row.platform,
        founders=founders,
        members=frozenset(members),
        created_at=row.founded_at or row.created_at,
        dissolved_at=row.dissolved_at,
    )
    return StoredFaction(
        faction=faction,
        guild_id=row.guild_id,
        created_by=row.created_by,
        invited=frozenset(row.invited),
        agreed=frozenset(row.agreed),
        founded_at=row.founded_at,
        role_id=row.role_id,
        channel_id=row.channel_id,
    )


async def get_faction(session: AsyncSession, faction_id: int) -> StoredFaction | None:
    row = await session.get(FactionRow, faction_id)
    if row is None:
        return None
    return _stored(row, (await _members(session, [row.id]))[row.id])


async def list_factions(
    session: AsyncSession, guild_id: int, *, include_dissolved: bool = False
) -> list[StoredFaction]:
    """Every faction of the guild (founded or forming), oldest first."""
    query = select(FactionRow).where(FactionRow.guild_id == guild_id).order_by(FactionRow.id)
    if not include_dissolved:
        query = query.where(FactionRow.dissolved_at.is_(None))
    rows = list(await session.scalars(query))
    members = await _members(session, [row.id for row in rows])
    return [_stored(row, members[row.id]) for row in rows]


async def insert_faction(
    session: AsyncSession,
    *,
    guild_id: int,
    name: str,
    name_key: str,
    description: str,
    platform: str,
    created_by: int,
    created_at: dt.datetime,
    invited: Iterable[int],
) -> int:
    row = FactionRow(
        guild_id=guild_id,
        name=name,
        name_key=name_key,
        description=description,
        platform=platform,
        created_by=created_by,
        created_at=created_at,
        invited=sorted(invited),
        agreed=[],
    )
    session.add(row)
    await session.flush()
    return row.id


async def update_faction(session: AsyncSession, faction_id: int, **values: object) -> None:
    await session.execute(update(FactionRow).where(FactionRow.id == faction_id).values(**values))


async def add_member(
    session: AsyncSession, faction_id: int, member_id: int, at: dt.datetime, *, founder: bool
) -> None:
    session.add(
        FactionMemberRow(faction_id=faction_id, member_id=member_id, joined_at=at, founder=founder)
    )
    await session.flush()


async def remove_member(session: AsyncSession, faction_id: int, member_id: int) -> None:
    await session.execute(
        delete(FactionMemberRow).where(
            FactionMemberRow.faction_id == faction_id, FactionMemberRow.member_id == member_id
        )
    )
