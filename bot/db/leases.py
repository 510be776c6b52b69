"""Repository for shard leases (see bot/db/models/leases.py) and the jobs a lost owner left.

Every change is a guarded UPDATE, so two processes racing for the same lease cannot both win.
Every change of owner adds one to the lease's epoch, the fencing token: ``hold`` checks it in
the caller's transaction, so a write guarded by it commits only while the lease is still ours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import ScheduledJobRow, ShardLeaseRow
from bot.domain.jobs import Fence, JobState, LeaseState, lease_state

# What callers outside bot.db hold, so they need not import sqlalchemy themselves.
SessionFactory = async_sessionmaker[AsyncSession]


@dataclass(frozen=True)
class Lease:
    shard_id: int
    owner: str | None
    adopted: bool
    expires_at: dt.datetime
    epoch: int = 0

    def expired(self, now: dt.datetime) -> bool:
        return self.expires_at <= now

    def state(self, now: dt.datetime) -> LeaseState:
        return lease_state(self.owner, self.adopted, self.expires_at, now)


def shard_of(guild_id: int, shard_count: int) -> int:
    """Discord's rule (as bot.sharding.plan.shard_of, which bot.db may not import)."""
    return (guild_id >> 22) % shard_count


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
            "epoch": 0,
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
        row.shard_id: Lease(row.shard_id, row.owner, row.adopted, row.expires_at, row.epoch)
        for row in rows
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
    """Take a lease from whoever held it when we looked (``seen``), if it is still theirs, at
    the epoch we saw, and still takeable: unowned, expired, or (for the shard's own process)
    only adopted. The epoch grows by one: whatever the old holder still does is fenced off."""
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
            ShardLeaseRow.epoch == seen.epoch,
            and_(same_holder, or_(*takeable)),
        )
        .values(owner=owner, adopted=adopted, expires_at=until, epoch=ShardLeaseRow.epoch + 1)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def renew(
    session: AsyncSession, shard_count: int, owner: str, until: dt.datetime
) -> dict[int, int]:
    """Extend every lease this owner still holds; returns those shards with their epochs."""
    await session.execute(
        update(ShardLeaseRow)
        .where(ShardLeaseRow.shard_count == shard_count, ShardLeaseRow.owner == owner)
        .values(expires_at=until)
    )
    held = await session.execute(
        select(ShardLeaseRow.shard_id, ShardLeaseRow.epoch).where(
            ShardLeaseRow.shard_count == shard_count, ShardLeaseRow.owner == owner
        )
    )
    return {int(shard): int(epoch) for shard, epoch in held.tuples()}


async def hold(session: AsyncSession, fence: Fence) -> bool:
    """Whether the lease is still ours at this epoch, checked inside the caller's transaction.

    A no-op UPDATE rather than a SELECT: on PostgreSQL it locks the lease row until the caller
    commits, so a takeover (which must update that row) waits for the guarded write or sees
    its effect; SQLite's single writer gives the same order."""
    result = await session.execute(
        update(ShardLeaseRow)
        .where(
            ShardLeaseRow.shard_count == fence.shard_count,
            ShardLeaseRow.shard_id == fence.shard_id,
            ShardLeaseRow.owner == fence.owner,
            ShardLeaseRow.epoch == fence.epoch,
        )
        .values(epoch=ShardLeaseRow.epoch)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def release(session: AsyncSession, owner: str, now: dt.datetime) -> None:
    """A clean shutdown: hand every lease back at once instead of letting it expire."""
    await session.execute(
        update(ShardLeaseRow)
        .where(ShardLeaseRow.owner == owner)
        .values(owner=None, adopted=False, expires_at=now, epoch=ShardLeaseRow.epoch + 1)
    )


async def requeue_jobs_on(session: AsyncSession, shard_count: int, shard_ids: Iterable[int]) -> int:
    """Jobs left running on shards whose lease just changed hands go back to pending: whoever
    claimed them did so under an older epoch, so it is fenced off and can record nothing more
    (its own later attempt included); their handlers are idempotent (the outbox)."""
    shards = set(shard_ids)
    if not shards:
        return 0
    running = await session.execute(
        select(ScheduledJobRow.id, ScheduledJobRow.guild_id).where(
            ScheduledJobRow.state == JobState.RUNNING.value
        )
    )
    ids = [
        job_id for job_id, guild_id in running.tuples() if shard_of(guild_id, shard_count) in shards
    ]
    if not ids:
        return 0
    result = await session.execute(
        update(ScheduledJobRow)
        .where(ScheduledJobRow.id.in_(ids), ScheduledJobRow.state == JobState.RUNNING.value)
        .values(state=JobState.PENDING.value, claimed_by=None, claim_epoch=None)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
