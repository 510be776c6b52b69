"""Repository for the scheduled-job ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ScheduledJobRow


@dataclass(frozen=True)
class Job:
    id: str
    guild_id: int
    kind: str
    due_at: dt.datetime
    payload: dict[str, Any]
    state: str
    attempts: int


def _job(row: ScheduledJobRow) -> Job:
    return Job(
        row.id, row.guild_id, row.kind, row.due_at, dict(row.payload), row.state, row.attempts
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
                    state="pending",
                    attempts=0,
                )
            )
            continue
        movable = row.state in ("pending", "cancelled") or (rerun and row.state != "running")
        if movable and (
            row.state != "pending" or row.due_at != spec.due_at or row.payload != spec.payload
        ):
            row.due_at, row.payload, row.state = spec.due_at, spec.payload, "pending"


async def cancel(session: AsyncSession, job_ids: Iterable[str]) -> None:
    ids = list(job_ids)
    if ids:
        await session.execute(
            update(ScheduledJobRow)
            .where(ScheduledJobRow.id.in_(ids), ScheduledJobRow.state == "pending")
            .values(state="cancelled")
        )


async def cancel_prefix(session: AsyncSession, prefix: str) -> None:
    await session.execute(
        update(ScheduledJobRow)
        .where(ScheduledJobRow.id.startswith(prefix, autoescape=True))
        .where(ScheduledJobRow.state == "pending")
        .values(state="cancelled")
    )


async def get(session: AsyncSession, job_id: str) -> Job | None:
    row = await session.get(ScheduledJobRow, job_id)
    return _job(row) if row else None


async def pending(session: AsyncSession, *, until: dt.datetime | None = None) -> Sequence[Job]:
    query = select(ScheduledJobRow).where(ScheduledJobRow.state == "pending")
    if until is not None:
        query = query.where(ScheduledJobRow.due_at <= until)
    rows = await session.scalars(query.order_by(ScheduledJobRow.due_at, ScheduledJobRow.id))
    return [_job(row) for row in rows]


async def interrupted(session: AsyncSession) -> Sequence[Job]:
    """Jobs left 'running' by a process that stopped mid-job."""
    rows = await session.scalars(select(ScheduledJobRow).where(ScheduledJobRow.state == "running"))
    return [_job(row) for row in rows]


async def claim(session: AsyncSession, job_id: str, owner: str, now: dt.datetime) -> bool:
    """Atomically take a pending job; False if another run (or process) has it already."""
    result = await session.execute(
        update(ScheduledJobRow)
        .where(ScheduledJobRow.id == job_id, ScheduledJobRow.state == "pending")
        .values(
            state="running",
            claimed_by=owner,
            claimed_at=now,
            attempts=ScheduledJobRow.attempts + 1,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def release(session: AsyncSession, job_ids: Iterable[str]) -> None:
    """Hand interrupted jobs back to the queue; their handlers are idempotent."""
    ids = list(job_ids)
    if ids:
        await session.execute(
            update(ScheduledJobRow)
            .where(ScheduledJobRow.id.in_(ids), ScheduledJobRow.state == "running")
            .values(state="pending", claimed_by=None)
        )


async def finish(
    session: AsyncSession, job_id: str, state: str, now: dt.datetime, error: str | None = None
) -> None:
    await session.execute(
        update(ScheduledJobRow)
        .where(ScheduledJobRow.id == job_id)
        .values(state=state, finished_at=now, last_error=error)
    )


async def retry_later(session: AsyncSession, job_id: str, due_at: dt.datetime, error: str) -> None:
    await session.execute(
        update(ScheduledJobRow)
        .where(ScheduledJobRow.id == job_id)
        .values(state="pending", due_at=due_at, last_error=error, claimed_by=None)
    )


async def count_by_state(session: AsyncSession) -> dict[str, int]:
    from sqlalchemy import func

    rows = await session.execute(
        select(ScheduledJobRow.state, func.count()).group_by(ScheduledJobRow.state)
    )
    return dict(rows.tuples().all())
