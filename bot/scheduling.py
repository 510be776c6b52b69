"""The in-process scheduler, rebuilt from the database at start-up.

The ``scheduled_jobs`` table is the truth. APScheduler only wakes us at the right moment: each
pending job gets a date trigger under its stable id, and a periodic sweep runs anything due that
was armed elsewhere (another process, a restart). Running a job first *claims* its row, so a
job runs once.

Jobs missed while the bot was down run once at start-up if within their kind's grace period;
older ones are marked ``missed`` and their kind's ``on_missed`` hook announces it.

With several processes, ``owns_guild`` (the shard leases, bot/sharding) decides which jobs this
process tries. While the database is unreachable a sweep logs the outage once and tries again
at the next sweep; a job it could not finish is re-queued once the database is back.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db import jobs as job_repo
from bot.db.availability import is_unavailable, outages
from bot.db.jobs import Job

__all__ = ["Job", "JobHandler", "RetryLater", "Scheduler"]

log = logging.getLogger(__name__)

JobHandler = Callable[[Job], Awaitable[None]]
SWEEP_SECONDS = 15
MAX_ATTEMPTS = 5


class RetryLater(Exception):
    """Raised by a handler that hit a transient failure (Discord 5xx, rate limit)."""


Grace = dt.timedelta | Callable[[Job], dt.timedelta]


@dataclass
class JobKind:
    handler: JobHandler
    grace: Grace = dt.timedelta(hours=6)
    on_missed: JobHandler | None = None

    def grace_for(self, job: Job) -> dt.timedelta:
        return self.grace(job) if callable(self.grace) else self.grace


@dataclass
class Scheduler:
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    owner: str = field(default_factory=lambda: f"pid-{os.getpid()}")
    owns_guild: Callable[[int], bool] = lambda _guild_id: True
    # One process alone re-queues every interrupted job at start-up; with shard leases the
    # lease keeper re-queues only the jobs of owners whose leases expired (they are dead).
    requeue_interrupted_at_start: bool = True
    kinds: dict[str, JobKind] = field(default_factory=dict)
    _aps: AsyncIOScheduler | None = None
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # Claimed by us, then the database went away before we could record the outcome.
    _stranded: set[str] = field(default_factory=set)

    def register(
        self,
        kind: str,
        handler: JobHandler,
        *,
        grace: Grace = dt.timedelta(hours=6),
        on_missed: JobHandler | None = None,
    ) -> None:
        self.kinds[kind] = JobKind(handler, grace, on_missed)

    async def start(self, *, use_timers: bool = True) -> None:
        """Recover interrupted jobs, then arm every pending one from the database."""
        stuck: list[str] = []
        if self.requeue_interrupted_at_start:
            async with self.sessions.begin() as session:
                stuck = [
                    j.id for j in await job_repo.interrupted(session) if self.owns_guild(j.guild_id)
                ]
                await job_repo.release(session, stuck)
        if stuck:
            log.warning("re-queued %d job(s) interrupted by the last shutdown", len(stuck))
        if use_timers:
            self._aps = AsyncIOScheduler(timezone=dt.UTC)
            self._aps.add_job(
                self.run_due,
                "interval",
                seconds=SWEEP_SECONDS,
                id="caucus:sweep",
                coalesce=True,
                max_instances=1,
            )
            self._aps.start()
        await self.rebuild()

    async def rebuild(self) -> int:
        async with self.sessions() as session:
            pending = await job_repo.pending(session)
        armed = 0
        for job in pending:
            if self.owns_guild(job.guild_id):
                self.arm(job.id, job.due_at)
                armed += 1
        await self.run_due()
        return armed

    def arm(self, job_id: str, due_at: dt.datetime) -> None:
        if self._aps is None:
            return
        run_at = max(due_at, self.clock.now())
        self._aps.add_job(
            self.run_one,
            DateTrigger(run_date=run_at),
            args=[job_id],
            id=job_id,
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
        )

    def disarm(self, job_id: str) -> None:
        if self._aps is not None and self._aps.get_job(job_id) is not None:
            self._aps.remove_job(job_id)

    async def shutdown(self) -> None:
        if self._aps is not None:
            self._aps.shutdown(wait=False)
            self._aps = None

    @property
    def queue_size(self) -> int:
        return len(self._aps.get_jobs()) if self._aps else 0

    async def run_due(self) -> int:
        """Run every pending job whose time has come (the sweep, and what tests call)."""
        ran = 0
        async with self._lock:
            try:
                await self._requeue_stranded()
                async with self.sessions() as session:
                    due = await job_repo.pending(session, until=self.clock.now())
                for job in due:
                    if self.owns_guild(job.guild_id):
                        ran += await self._run(job)
            except Exception as exc:
                if not is_unavailable(exc):
                    raise
                outages.failed("scheduler", exc)  # the next sweep tries again
                return ran
        outages.recovered()
        return ran

    async def run_one(self, job_id: str) -> None:
        async with self._lock:
            try:
                await self._requeue_stranded()
                async with self.sessions() as session:
                    job = await job_repo.get(session, job_id)
                if (
                    job
                    and job.state == "pending"
                    and self.owns_guild(job.guild_id)
                    and job.due_at <= self.clock.now() + dt.timedelta(seconds=1)
                ):
                    await self._run(job)
            except Exception as exc:
                if not is_unavailable(exc):
                    raise
                outages.failed("scheduler", exc)  # the sweep picks the job up later

    async def _requeue_stranded(self) -> None:
        if self._stranded:
            async with self.sessions.begin() as session:
                await job_repo.release(session, sorted(self._stranded))
            log.info("re-queued %d job(s) interrupted by a database outage", len(self._stranded))
            self._stranded.clear()

    async def _run(self, job: Job) -> int:
        now = self.clock.now()
        async with self.sessions.begin() as session:
            if not await job_repo.claim(session, job.id, self.owner, now):
                return 0
        try:
            return await self._run_claimed(job, now)
        except Exception as exc:
            if is_unavailable(exc):
                self._stranded.add(job.id)
            raise

    async def _run_claimed(self, job: Job, now: dt.datetime) -> int:
        kind = self.kinds.get(job.kind)
        if kind is None:
            await self._finish(job, "failed", f"no handler for job kind {job.kind!r}")
            log.error("job %s has unknown kind %s", job.id, job.kind)
            return 0
        grace = kind.grace_for(job)
        if now - job.due_at > grace:
            await self._finish(job, "missed")
            log.warning("job %s missed (due %s, grace %s)", job.id, job.due_at, grace)
            if kind.on_missed is not None:
                await self._guarded(kind.on_missed, job)
            return 0
        try:
            await kind.handler(job)
        except RetryLater as exc:
            await self._retry(job, str(exc))
            return 0
        except Exception as exc:
            if is_unavailable(exc):
                raise  # not the job's fault: re-queued when the database is back
            log.exception("scheduled job %s (%s) failed", job.id, job.kind)
            await self._retry(job, traceback.format_exc(limit=3))
            return 0
        await self._finish(job, "done")
        return 1

    async def _guarded(self, handler: JobHandler, job: Job) -> None:
        try:
            await handler(job)
        except Exception:
            log.exception("missed-job hook for %s failed", job.id)

    async def _finish(self, job: Job, state: str, error: str | None = None) -> None:
        async with self.sessions.begin() as session:
            await job_repo.finish(session, job.id, state, self.clock.now(), error)

    async def _retry(self, job: Job, error: str) -> None:
        if job.attempts + 1 >= MAX_ATTEMPTS:
            await self._finish(job, "failed", error)
            return
        delay = dt.timedelta(seconds=30 * 2**job.attempts)
        due = self.clock.now() + delay
        async with self.sessions.begin() as session:
            await job_repo.retry_later(session, job.id, due, error)
        self.arm(job.id, due)
