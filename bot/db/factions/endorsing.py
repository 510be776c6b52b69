"""Endorsements: a faction's decided support for a candidate in an election."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.factions import EndorsementRow, FactionRow


@dataclass(frozen=True)
class StoredEndorsement:
    faction_id: int
    faction_name: str
    election_id: int
    candidate_id: int
    decided_at: dt.datetime
    yes_votes: int
    electorate_size: int


async def insert_endorsement(
    session: AsyncSession,
    *,
    guild_id: int,
    faction_id: int,
    election_id: int,
    candidate_id: int,
    decided_at: dt.datetime,
    yes_votes: int,
    electorate_size: int,
) -> None:
    session.add(
        EndorsementRow(
            guild_id=guild_id,
            faction_id=faction_id,
            election_id=election_id,
            candidate_id=candidate_id,
            decided_at=decided_at,
            yes_votes=yes_votes,
            electorate_size=electorate_size,
        )
    )
    await session.flush()


async def endorsements(
    session: AsyncSession, guild_id: int, election_id: int
) -> list[StoredEndorsement]:
    rows = await session.execute(
        select(EndorsementRow, FactionRow.name)
        .join(FactionRow, FactionRow.id == EndorsementRow.faction_id)
        .where(EndorsementRow.guild_id == guild_id, EndorsementRow.election_id == election_id)
        .order_by(EndorsementRow.id)
    )
    return [
        StoredEndorsement(
            row.faction_id,
            name,
            row.election_id,
            row.candidate_id,
            row.decided_at,
            row.yes_votes,
            row.electorate_size,
        )
        for row, name in rows
    ]
