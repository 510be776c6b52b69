"""The in-process scheduler, rebuilt from the database at start-up.

The ``scheduled_jobs`` table is the truth. APScheduler only wakes us: a date trigger per pending
job under its stable id, and a sweep for what was armed elsewhere (another process, a restart).
Running a job first *claims* its row, so a job runs once.

Jobs run concurrently, one asyncio task per job id (its failure logged by a done-callback);
only jobs of one subject take turns (bot/job_subjects.py), so a slow reminder never delays a
vote close.

Jobs missed while the bot was down run once at start-up if within their kind's grace period;
older ones are marked ``missed`` and their kind's ``on_missed`` hook announces it. A job that
fails for good is marked ``failed`` and ``on_failed`` tells the organizers, once, why.

With several processes, the shard leases (bot/sharding) decide which jobs this process tries,
and fence them: a claim and every record of its run carry the lease's epoch, so a process that
stalled while another took its shards over records nothing, and stops those jobs once its
lease keeper notices (``abandon``). While the database is unreachable a sweep logs the outage
once and tries again at the next sweep; a job it could not finish is re-queued once the
database is back.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field, replace

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.pool import StaticPool

from bot.clock import Clock
from bot.db import jobs as job_repo
from bot.db.availability import is_unavailable, outages
from bot.db.jobs import CURRENT_CLAIM, Claim, Job
from bot.domain.jobs import Fence, JobState, LeaseLost
from bot.job_subjects import Subject, SubjectLock, default_subject

__all__ = ["Job", "JobHandler", "LeaseLost", "RetryLater", "Scheduler"]

log = logging.getLogger(__name__)

JobHandler = Callable[[Job], Awaitable[None]]
FailureHandler = Callable[[Job, str], Awaitable[None]]
SWEEP_SECONDS = 15
MAX_ATTEMPTS = 5
GENERIC_CAUSE = "an unexpected error inside Caucus (its log has the details)"


class RetryLater(Exception):
    """Raised by a handler that hit a transient failure (Discord 5xx, rate limit).

    ``cause`` says what went wrong in words an organizer understands (no ids, no jargon); it
    is what they read if the job fails for good."""

    def __init__(self, detail: str, *, cause: str | None = None) -> None:
        super().__init__(detail)
        self.cause = cause


Grace = dt.timedelta | Callable[[Job], dt.timedelta]


@dataclass
class JobKind:
    handler: JobHandler
    grace: Grace = dt.timedelta(hours=6)
    on_missed: JobHandler | None = None
    subject: Subject = default_subject

    def grace_for(self, job: Job) -> dt.timedelta:
        return self.grace(job) if callable(self.grace) else self.grace


@dataclass
class _Running:
    job: Job
    task: asyncio.Task[int]
    claim: Claim | None = None


@dataclass
class Scheduler:
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    owner: str = field(default_factory=lambda: f"pid-{os.getpid()}")
    owns_guild: Callable[[int], bool] = lambda _guild_id: True
    # With shard leases: the fencing token for a guild's jobs (None: not ours now).
    fence_for: Callable[[int], Fence | None] | None = None
    # One process alone re-queues every interrupted job at start-up; with shard leases the
    # lease keeper re-queues the jobs on shards it takes over.
    requeue_interrupted_at_start: bool = True
    kinds: dict[str, JobKind] = field(default_factory=dict)
    # Tells the organizers that a job failed for good, and why (set by the Discord side).
    on_failed: FailureHandler | None = None
    # Turns a handler's exception into the cause organizers read (no ids, no traceback).
    explain: Callable[[BaseException], str | None] = lambda _exc: None
    _aps: AsyncIOScheduler | None = None
    _running: dict[str, _Running] = field(default_factory=dict)
    _subjects: dict[str, tuple[asyncio.Lock, int]] = field(default_factory=dict)
    # One connection shared by every session (in-memory SQLite): transactions cannot be kept
    # apart there, so jobs take turns. Any real database runs them concurrently.
    _one_connection: asyncio.Lock | None = None
    # Claimed by us, then the database went away before we could record the outcome.
    _stranded: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        bind = self.sessions.kw.get("bind")
        if isinstance(getattr(bind, "pool", None), StaticPool):
            self._one_connection = asyncio.Lock()

    def register(
        self,
        kind: str,
        handler: JobHandler,
        *,
        grace: Grace = dt.timedelta(hours=6),
        on_missed: JobHandler | None = None,
        subject: Subject = default_subject,
    ) -> None:
        self.kinds[kind] = JobKind(handler, grace, on_missed, subject)

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
                self.sweep,
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
        running = [r.task for r in self._running.values()]
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)

    @property
    def queue_size(self) -> int:
        return len(self._aps.get_jobs()) if self._aps else 0

    @property
    def running(self) -> frozenset[str]:
        """The ids of the jobs whose tasks are running in this process now."""
        return frozenset(self._running)

    # -- running ----------------------------------------------------------------------------

    async def sweep(self) -> None:
        """The periodic sweep: starts what is due and returns, without waiting for it."""
        await self._start_due()

    async def run_due(self) -> int:
        """Run every pending job whose time has come and wait for those it started (the sweep
        of tests and of start-up). Jobs already running are not waited for. Returns how many
        of the started jobs completed."""
        started = await self._start_due()
        results = await asyncio.gather(*started, return_exceptions=True)
        return sum(r for r in results if isinstance(r, int))

    async def _start_due(self) -> list[asyncio.Task[int]]:
        try:
            await self._requeue_stranded()
            async with self.sessions() as session:
                due = await job_repo.pending(session, until=self.clock.now())
        except Exception as exc:
            if not is_unavailable(exc):
                raise
            outages.failed("scheduler", exc)  # the next sweep tries again
            return []
        outages.recovered()
        return [task for job in due if (task := self._spawn(job)) is not None]

    async def run_one(self, job_id: str) -> None:
        """A job's timer fired: run it, if it is still pending, due and ours."""
        try:
            await self._requeue_stranded()
            async with self.sessions() as session:
                job = await job_repo.get(session, job_id)
        except Exception as exc:
            if not is_unavailable(exc):
                raise
            outages.failed("scheduler", exc)  # the sweep picks the job up later
            return
        if job is None or job.state is not JobState.PENDING:
            return
        if job.due_at > self.clock.now() + dt.timedelta(seconds=1):
            return
        task = self._spawn(job)
        if task is not None:
            await asyncio.gather(task, return_exceptions=True)

    def _spawn(self, job: Job) -> asyncio.Task[int] | None:
        """One task per job id: a job already running here is not started twice."""
        if job.id in self._running or not self.owns_guild(job.guild_id):
            return None
        task = asyncio.create_task(self._run(job), name=f"caucus job {job.id}")
        self._running[job.id] = _Running(job, task)
        task.add_done_callback(lambda done: self._finished(job, done))
        return task

    def _finished(self, job: Job, task: asyncio.Task[int]) -> None:
        self._running.pop(job.id, None)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is None:
            return
        if is_unavailable(exc):
            outages.failed("scheduler", exc)  # re-queued once the database is back
        else:
            log.error("scheduled job %s (%s) crashed", job.id, job.kind, exc_info=exc)

    def abandon(self, shards: Iterable[int]) -> int:
        """The lease keeper found these shards' leases gone (or re-taken at a new epoch): stop
        every job this process runs for them under the old epoch. Returns how many."""
        lost = set(shards)
        stopped = 0
        for running in list(self._running.values()):
            fence = running.claim.fence if running.claim else None
            if fence is not None and fence.shard_id in lost:
                running.task.cancel()
                stopped += 1
        if stopped:
            log.warning(
                "stopped %d job(s) of shards %s: their leases changed hands", stopped, sorted(lost)
            )
        return stopped

    async def _requeue_stranded(self) -> None:
        if self._stranded:
            async with self.sessions.begin() as session:
                await job_repo.release(session, sorted(self._stranded))
            log.info("re-queued %d job(s) interrupted by a database outage", len(self._stranded))
            self._stranded.clear()

    async def _run(self, job: Job) -> int:
        kind = self.kinds.get(job.kind)
        subject = kind.subject(job) if kind else job.id
        async with self._subject(subject):
            fence = None
            if self.fence_for is not None:
                fence = self.fence_for(job.guild_id)
                if fence is None:
                    return 0  # the shard's lease is not ours (any more)
            now = self.clock.now()
            async with self.sessions.begin() as session:
                if not await job_repo.claim(session, job.id, self.owner, now, fence):
                    return 0
            claim = Claim(job.id, self.owner, fence)
            if (running := self._running.get(job.id)) is not None:
                running.claim = claim
            CURRENT_CLAIM.set(claim)  # this task's context only: the outbox guards with it
            try:
                return await self._run_claimed(job, claim, now)
            except LeaseLost:
                log.warning(
                    "job %s stopped: this process lost its shard lease while running it; the "
                    "process that took over runs it",
                    job.id,
                )
                return 0
            except Exception as exc:
                if is_unavailable(exc):
                    self._stranded.add(job.id)
                raise

    def _subject(self, subject: str) -> SubjectLock:
        return SubjectLock(self._subjects, subject, self._one_connection)

    async def _run_claimed(self, job: Job, claim: Claim, now: dt.datetime) -> int:
        kind = self.kinds.get(job.kind)
        if kind is None:
            log.error("job %s has unknown kind %s", job.id, job.kind)
            await self._fail(job, claim, f"no handler for job kind {job.kind!r}", None)
            return 0
        grace = kind.grace_for(job)
        if now - job.due_at > grace:
            if not await self._finish(job, claim, JobState.MISSED):
                raise LeaseLost(job.id)
            log.warning("job %s missed (due %s, grace %s)", job.id, job.due_at, grace)
            if kind.on_missed is not None:
                await self._guarded(kind.on_missed, job)
            return 0
        try:
            await kind.handler(job)
        except (LeaseLost, asyncio.CancelledError):
            raise
        except RetryLater as exc:
            await self._retry(job, claim, str(exc), exc.cause or self.explain(exc))
            return 0
        except Exception as exc:
            if is_unavailable(exc):
                raise  # not the job's fault: re-queued when the database is back
            log.exception("scheduled job %s (%s) failed", job.id, job.kind)
            await self._retry(job, claim, f"{type(exc).__name__}: {exc}", self.explain(exc))
            return 0
        if not await self._finish(job, claim, JobState.DONE):
            raise LeaseLost(job.id)
        return 1

    async def _guarded(self, handler: JobHandler, job: Job) -> None:
        # The job is recorded as finished under our claim; what follows is no longer its run.
        CURRENT_CLAIM.set(None)
        try:
            await handler(job)
        except LeaseLost:
            raise
        except Exception:
            log.exception("missed-job hook for %s failed", job.id)

    async def _finish(
        self, job: Job, claim: Claim, state: JobState, error: str | None = None
    ) -> bool:
        async with self.sessions.begin() as session:
            return await job_repo.finish(
                session, job.id, state, self.clock.now(), error, claim=claim
            )

    async def _retry(self, job: Job, claim: Claim, error: str, cause: str | None) -> None:
        if job.attempts + 1 >= MAX_ATTEMPTS:
            await self._fail(job, claim, error, cause)
            return
        delay = dt.timedelta(seconds=30 * 2**job.attempts)
        due = self.clock.now() + delay
        async with self.sessions.begin() as session:
            if not await job_repo.retry_later(session, job.id, due, error, claim=claim):
                raise LeaseLost(job.id)
        self.arm(job.id, due)

    async def _fail(self, job: Job, claim: Claim, error: str, cause: str | None) -> None:
        """Failed for good: recorded once (the guarded finish), then the organizers are told
        once (the notice goes through the outbox, keyed by the job and its attempt)."""
        if not await self._finish(job, claim, JobState.FAILED, error):
            raise LeaseLost(job.id)
        log.error(
            "job %s (%s) failed for good after %d attempt(s)", job.id, job.kind, job.attempts + 1
        )
        if self.on_failed is None:
            return
        failed = replace(job, state=JobState.FAILED, attempts=job.attempts + 1)
        CURRENT_CLAIM.set(None)  # recorded as failed under our claim: the run is over
        try:
            await self.on_failed(failed, cause or GENERIC_CAUSE)
        except LeaseLost:
            raise
        except Exception:
            log.exception("could not tell the organizers that job %s failed", job.id)
