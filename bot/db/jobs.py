"""Repository for the scheduled-job ledger.

States are `JobState` values, moved only where bot.domain.jobs allows. A claim carries the
fencing token of the shard lease it was made under (`Fence`); every later record of that run
(finishing, retrying, and the outbox writes of its effects, through `guard`) is a guarded
write that commits only while the claim and the lease epoch still hold.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import leases
from bot.db.models import ScheduledJobRow
from bot.domain.jobs import Fence, JobState, LeaseLost, ensure_job_move, job_states_leading_to


@dataclass(frozen=True)
class Job:
    id: str
    guild_id: int
    kind: str
    due_at: dt.datetime
    payload: dict[str, Any]
    state: JobState
    attempts: int


@dataclass(frozen=True)
class Claim:
    """One run of a job by one process: who claimed it, under which lease epoch."""

    job_id: str
    owner: str
    fence: Fence | None  # None when no shard leases are in use (tests, one process alone)


# The claim of the job whose task is running now: the outbox guards its writes with it.
CURRENT_CLAIM: contextvars.ContextVar[Claim | None] = contextvars.ContextVar(
    "caucus_current_claim", default=None
)


def _job(row: ScheduledJobRow) -> Job:
    return Job(
        row.id,
        row.guild_id,
        row.kind,
        row.due_at,
        dict(row.payload),
        JobState(row.state),
        row.attempts,
    )


@dataclass(frozen=True)
class JobSpec:
    id: str
    guild_id: int
    kind: str
    due_at: dt.datetime
    payload: dict[str, Any]


async def upsert(
    session: AsyncSession,
    job_id: str,
    *,
    guild_id: int,
    kind: str,
    due_at: dt.datetime,
    payload: dict[str, Any] | None = None,
    rerun: bool = False,
) -> None:
    """Create a pending job or move an unfinished one to a new time. Finished jobs stay finished
    unless ``rerun`` asks for the job to run again (an event to update after a reschedule)."""
    await upsert_many(
        session, [JobSpec(job_id, guild_id, kind, due_at, payload or {})], rerun=rerun
    )


async def upsert_many(
    session: AsyncSession, specs: Sequence[JobSpec], *, rerun: bool = False
) -> None:
    """``upsert`` for many jobs with one read: start-up syncs thousands of them."""
    if not specs:
        return
    existing = {
        row.id: row
        for row in await session.scalars(
            select(ScheduledJobRow).where(ScheduledJobRow.id.in_([spec.id for spec in specs]))
        )
    }
    for spec in specs:
        row = existing.get(spec.id)
        if row is None:
            session.add(
                ScheduledJobRow(
                    id=spec.id,
                    guild_id=spec.guild_id,
                    kind=spec.kind,
                    due_at=spec.due_at,
                    payload=spec.payload,
                    state=JobState.PENDING.value,
                    attempts=0,
                )
            )
            continue
        current = JobState(row.state)
        movable = current in (JobState.PENDING, JobState.CANCELLED) or (
            rerun and current is not JobState.RUNNING
        )
        if movable and (
            current is not JobState.PENDING
            or row.due_at != spec.due_at
            or row.payload != spec.payload
        ):
            ensure_job_move(current, JobState.PENDING)
            row.due_at, row.payload, row.state = spec.due_at, spec.payload, JobState.PENDING.value


async def cancel(session: AsyncSession, job_ids: Iterable[str]) -> None:
    ids = list(job_ids)
    if ids:
        await session.execute(
            update(ScheduledJobRow)
            .where(ScheduledJobRow.id.in_(ids), ScheduledJobRow.state == JobState.PENDING.value)
            .values(state=JobState.CANCELLED.value)
        )


async def cancel_prefix(session: AsyncSession, prefix: str) -> None:
    await session.execute(
        update(ScheduledJobRow)
        .where(ScheduledJobRow.id.startswith(prefix, autoescape=True))
        .where(ScheduledJobRow.state == JobState.PENDING.value)
        .values(state=JobState.CANCELLED.value)
    )


async def get(session: AsyncSession, job_id: str) -> Job | None:
    row = await session.get(ScheduledJobRow, job_id)
    return _job(row) if row else None


async def pending(session: AsyncSession, *, until: dt.datetime | None = None) -> Sequence[Job]:
    query = select(ScheduledJobRow).where(ScheduledJobRow.state == JobState.PENDING.value)
    if until is not None:
        query = query.where(ScheduledJobRow.due_at <= until)
    rows = await session.scalars(query.order_by(ScheduledJobRow.due_at, ScheduledJobRow.id))
    return [_job(row) for row in rows]


async def interrupted(session: AsyncSession) -> Sequence[Job]:
    """Jobs left 'running' by a process that stopped mid-job."""
    rows = await session.scalars(
        select(ScheduledJobRow).where(ScheduledJobRow.state == JobState.RUNNING.value)
    )
    return [_job(row) for row in rows]


async def claim(
    session: AsyncSession,
    job_id: str,
    owner: str,
    now: dt.datetime,
    fence: Fence | None = None,
) -> bool:
    """Atomically take a pending job; False if another run (or process) has it already, or if
    ``fence`` says the shard lease is no longer ours at that epoch."""
    if fence is not None and not await leases.hold(session, fence):
        return False
    result = await session.execute(
        update(ScheduledJobRow)
        .where(ScheduledJobRow.id == job_id, ScheduledJobRow.state == JobState.PENDING.value)
        .values(
            state=JobState.RUNNING.value,
            claimed_by=owner,
            claimed_at=now,
            claim_epoch=None if fence is None else fence.epoch,
            attempts=ScheduledJobRow.attempts + 1,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def holds(session: AsyncSession, claim: Claim) -> bool:
    """Whether this run still owns its job: the job is running under this claim, and the lease
    still carries the claim's epoch (checked in the caller's transaction)."""
    if claim.fence is not None and not await leases.hold(session, claim.fence):
        return False
    state = await session.scalar(
        select(ScheduledJobRow.state).where(
            ScheduledJobRow.id == claim.job_id,
            ScheduledJobRow.claimed_by == claim.owner,
            _same_epoch(claim),
        )
    )
    return state == JobState.RUNNING.value


async def guard(session: AsyncSession) -> None:
    """Inside a job's task: refuse the caller's write (raise `LeaseLost`) unless the job's
    claim still holds. Outside a job (a member's command) there is nothing to check."""
    claim = CURRENT_CLAIM.get()
    if claim is not None and not await holds(session, claim):
        raise LeaseLost(f"job {claim.job_id} is no longer ours")


def _same_epoch(claim: Claim) -> Any:
    if claim.fence is None:
        return ScheduledJobRow.claim_epoch.is_(None)
    return ScheduledJobRow.claim_epoch == claim.fence.epoch


async def release(session: AsyncSession, job_ids: Iterable[str]) -> None:
    """Hand interrupted jobs back to the queue; their handlers are idempotent."""
    ids = list(job_ids)
    if ids:
        await session.execute(
            update(ScheduledJobRow)
            .where(ScheduledJobRow.id.in_(ids), ScheduledJobRow.state == JobState.RUNNING.value)
            .values(state=JobState.PENDING.value, claimed_by=None, claim_epoch=None)
        )


async def finish(
    session: AsyncSession,
    job_id: str,
    state: JobState,
    now: dt.datetime,
    error: str | None = None,
    *,
    claim: Claim | None = None,
) -> bool:
    """Record how a run ended. With ``claim``, only while that claim still holds (the fence):
    False means another process owns the job now, and nothing was written."""
    if (
        claim is not None
        and claim.fence is not None
        and not await leases.hold(session, claim.fence)
    ):
        return False
    query = update(ScheduledJobRow).where(
        ScheduledJobRow.id == job_id,
        ScheduledJobRow.state.in_([s.value for s in job_states_leading_to(state)]),
    )
    if claim is not None:
        query = query.where(ScheduledJobRow.claimed_by == claim.owner, _same_epoch(claim))
    result = await session.execute(
        query.values(state=state.value, finished_at=now, last_error=error)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def retry_later(
    session: AsyncSession,
    job_id: str,
    due_at: dt.datetime,
    error: str,
    *,
    claim: Claim | None = None,
) -> bool:
    if (
        claim is not None
        and claim.fence is not None
        and not await leases.hold(session, claim.fence)
    ):
        return False
    query = update(ScheduledJobRow).where(
        ScheduledJobRow.id == job_id, ScheduledJobRow.state == JobState.RUNNING.value
    )
    if claim is not None:
        query = query.where(ScheduledJobRow.claimed_by == claim.owner, _same_epoch(claim))
    result = await session.execute(
        query.values(
            state=JobState.PENDING.value,
            due_at=due_at,
            last_error=error,
            claimed_by=None,
            claim_epoch=None,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def count_by_state(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(
        select(ScheduledJobRow.state, func.count()).group_by(ScheduledJobRow.state)
    )
    return dict(rows.tuples().all())


async def next_due(session: AsyncSession) -> dt.datetime | None:
    """When the earliest pending job is due (None when nothing waits)."""
    due: dt.datetime | None = await session.scalar(
        select(func.min(ScheduledJobRow.due_at)).where(
            ScheduledJobRow.state == JobState.PENDING.value
        )
    )
    return due
