"""Repository for shard leases (see bot/db/models/leases.py) and the jobs a dead owner left.

Every change is a guarded UPDATE, so two processes racing for the same lease cannot both win.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import ScheduledJobRow, ShardLeaseRow

# What callers outside bot.db hold, so they need not import sqlalchemy themselves.
SessionFactory = async_sessionmaker[AsyncSession]


@dataclass(frozen=True)
class Lease:
    shard_id: int
    owner: str | None
    adopted: bool
    expires_at: dt.datetime

    def expired(self, now: dt.datetime) -> bool:
        return self.expires_at <= now


async def ensure(
    session: AsyncSession, shard_count: int, shard_ids: Iterable[int], free_at: dt.datetime
) -> None:
    """Create missing lease rows, unowned; another process may adopt them from ``free_at``
    (which gives the shard's own process, perhaps starting right now, the first chance)."""
    rows = [
        {
            "shard_count": shard_count,
            "shard_id": shard_id,
            "owner": None,
            "adopted": False,
            "expires_at": free_at,
        }
        for shard_id in shard_ids
    ]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(ShardLeaseRow).values(rows).on_conflict_do_nothing()
    await session.execute(statement)


async def all_leases(session: AsyncSession, shard_count: int) -> dict[int, Lease]:
    rows = await session.scalars(
        select(ShardLeaseRow).where(ShardLeaseRow.shard_count == shard_count)
    )
    return {
        row.shard_id: Lease(row.shard_id, row.owner, row.adopted, row.expires_at) for row in rows
    }


async def take(
    session: AsyncSession,
    shard_count: int,
    seen: Lease,
    owner: str,
    *,
    until: dt.datetime,
    now: dt.datetime,
    adopted: bool,
) -> bool:
    """Take a lease from whoever held it when we looked (``seen``), if it is still theirs and
    still takeable: unowned, expired, or (for the shard's own process) only adopted."""
    takeable = [ShardLeaseRow.owner.is_(None), ShardLeaseRow.expires_at <= now]
    if not adopted:
        takeable.append(ShardLeaseRow.adopted.is_(True))
    same_holder = (
        ShardLeaseRow.owner.is_(None) if seen.owner is None else ShardLeaseRow.owner == seen.owner
    )
    result = await session.execute(
        update(ShardLeaseRow)
        .where(
            ShardLeaseRow.shard_count == shard_count,
            ShardLeaseRow.shard_id == seen.shard_id,
            and_(same_holder, or_(*takeable)),
        )
        .values(owner=owner, adopted=adopted, expires_at=until)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def renew(
    session: AsyncSession, shard_count: int, owner: str, until: dt.datetime
) -> frozenset[int]:
    """Extend every lease this owner still holds; returns those shards."""
    await session.execute(
        update(ShardLeaseRow)
        .where(ShardLeaseRow.shard_count == shard_count, ShardLeaseRow.owner == owner)
        .values(expires_at=until)
    )
    held = await session.scalars(
        select(ShardLeaseRow.shard_id).where(
            ShardLeaseRow.shard_count == shard_count, ShardLeaseRow.owner == owner
        )
    )
    return frozenset(held)


async def release(session: AsyncSession, owner: str, now: dt.datetime) -> None:
    """A clean shutdown: hand every lease back at once instead of letting it expire."""
    await session.execute(
        update(ShardLeaseRow)
        .where(ShardLeaseRow.owner == owner)
        .values(owner=None, adopted=False, expires_at=now)
    )


async def requeue_jobs_of(session: AsyncSession, owners: Sequence[str]) -> int:
    """Jobs left 'running' by these owners go back to pending: their handlers are idempotent
    (the outbox), and an owner passed here is not running them any more."""
    if not owners:
        return 0
    result = await session.execute(
        update(ScheduledJobRow)
        .where(ScheduledJobRow.state == "running", ScheduledJobRow.claimed_by.in_(list(owners)))
        .values(state="pending", claimed_by=None)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
