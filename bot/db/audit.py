"""Repository for the hash-chained audit log. Rows are only ever inserted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AuditRow
from bot.domain.audit import AuditAction, AuditEntry, append


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        seq=row.seq,
        at=row.at,
        guild_id=row.guild_id,
        actor_id=row.actor_id,
        action=row.action,
        details=dict(row.details),
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


async def last(session: AsyncSession, guild_id: int) -> AuditEntry | None:
    row = await session.scalar(
        select(AuditRow).where(AuditRow.guild_id == guild_id).order_by(AuditRow.seq.desc()).limit(1)
    )
    return _entry(row) if row else None


async def record(
    session: AsyncSession,
    *,
    guild_id: int,
    actor_id: int | None,
    action: AuditAction | str,
    at: dt.datetime,
    details: Mapping[str, Any] | None = None,
) -> AuditEntry:
    entry = append(
        await last(session, guild_id),
        at=at,
        guild_id=guild_id,
        actor_id=actor_id,
        action=action,
        details=details,
    )
    session.add(
        AuditRow(
            guild_id=guild_id,
            seq=entry.seq,
            at=entry.at,
            actor_id=entry.actor_id,
            action=entry.action,
            details=entry.details,
            prev_hash=entry.prev_hash,
            hash=entry.hash,
        )
    )
    await session.flush()
    return entry


async def entries(
    session: AsyncSession,
    guild_id: int,
    *,
    since: dt.datetime | None = None,
    limit: int | None = None,
) -> Sequence[AuditEntry]:
    query = select(AuditRow).where(AuditRow.guild_id == guild_id)
    if since is not None:
        query = query.where(AuditRow.at >= since)
    query = query.order_by(AuditRow.seq)
    if limit is not None:
        query = query.order_by(None).order_by(AuditRow.seq.desc()).limit(limit)
        return sorted((_entry(r) for r in await session.scalars(query)), key=lambda e: e.seq)
    return [_entry(row) for row in await session.scalars(query)]


async def guild_ids(session: AsyncSession) -> Sequence[int]:
    return list(await session.scalars(select(AuditRow.guild_id).distinct()))
