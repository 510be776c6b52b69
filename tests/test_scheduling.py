"""The database owns every schedule: jobs survive restarts and run once, never twice."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.db import jobs
from bot.db.engine import create_session_factory
from bot.db.jobs import Job
from bot.scheduling import RetryLater, Scheduler

T0 = dt.datetime(2026, 11, 5, 23, 0, tzinfo=dt.UTC)


class Recorder:
    def __init__(self) -> None:
        self.ran: list[str] = []
        self.missed: list[str] = []

    async def run(self, job: Job) -> None:
        self.ran.append(job.id)

    async def miss(self, job: Job) -> None:
        self.missed.append(job.id)


def scheduler(
    engine: AsyncEngine, clock: ManualClock, recorder: Recorder, owner: str = "a"
) -> Scheduler:
    sched = Scheduler(create_session_factory(engine), clock, owner=owner)
    sched.register("post", recorder.run, grace=dt.timedelta(hours=6), on_missed=recorder.miss)
    return sched


async def add(engine: AsyncEngine, job_id: str, due: dt.datetime, kind: str = "post") -> None:
    async with create_session_factory(engine).begin() as session:
        await jobs.upsert(session, job_id, guild_id=1, kind=kind, due_at=due)


async def state(engine: AsyncEngine, job_id: str) -> str:
    async with create_session_factory(engine)() as session:
        job = await jobs.get(session, job_id)
    assert job is not None
    return job.state


async def test_job_runs_when_due_and_only_once(engine: AsyncEngine) -> None:
    clock, rec = ManualClock(T0), Recorder()
    sched = scheduler(engine, clock, rec)
    await add(engine, "j1", T0 + dt.timedelta(minutes=5))

    assert await sched.run_due() == 0
    clock.advance(dt.timedelta(minutes=5))
    assert await sched.run_due() == 1
    assert await sched.run_due() == 0
    assert rec.ran == ["j1"]
    assert await state(engine, "j1") == "done"


async def test_job_missed_within_grace_runs_once_at_startup(engine: AsyncEngine) -> None:
    await add(engine, "j1", T0)
    clock, rec = ManualClock(T0 + dt.timedelta(hours=5)), Recorder()

    await scheduler(engine, clock, rec).start(use_timers=False)
    await scheduler(engine, clock, rec).start(use_timers=False)  # a second restart

    assert rec.ran == ["j1"]
    assert rec.missed == []


async def test_job_beyond_grace_is_marked_missed_and_announced(engine: AsyncEngine) -> None:
    await add(engine, "j1", T0)
    clock, rec = ManualClock(T0 + dt.timedelta(hours=7)), Recorder()

    await scheduler(engine, clock, rec).start(use_timers=False)

    assert rec.ran == []
    assert rec.missed == ["j1"]
    assert await state(engine, "j1") == "missed"


async def test_job_interrupted_mid_run_is_requeued_on_restart(engine: AsyncEngine) -> None:
    await add(engine, "j1", T0)
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:  # a process claimed it, then died
        assert await jobs.claim(session, "j1", "dead-process", T0)
    clock, rec = ManualClock(T0 + dt.timedelta(minutes=1)), Recorder()

    await scheduler(engine, clock, rec).start(use_timers=False)

    assert rec.ran == ["j1"]


async def test_two_schedulers_on_one_database_run_a_job_once(engine: AsyncEngine) -> None:
    await add(engine, "j1", T0)
    clock, rec = ManualClock(T0), Recorder()
    first, second = scheduler(engine, clock, rec, "a"), scheduler(engine, clock, rec, "b")

    await first.run_due()
    await second.run_due()

    assert rec.ran == ["j1"]


async def test_transient_failure_is_retried_later(engine: AsyncEngine) -> None:
    clock = ManualClock(T0)
    attempts: list[int] = []

    async def flaky(job: Job) -> None:
        attempts.append(job.attempts)
        if len(attempts) == 1:
            raise RetryLater("discord answered 503")

    sched = Scheduler(create_session_factory(engine), clock)
    sched.register("flaky", flaky)
    await add(engine, "j1", T0, kind="flaky")

    await sched.run_due()
    assert await state(engine, "j1") == "pending"
    clock.advance(dt.timedelta(minutes=5))
    await sched.run_due()

    assert len(attempts) == 2
    assert await state(engine, "j1") == "done"


async def test_cancelled_job_never_runs(engine: AsyncEngine) -> None:
    clock, rec = ManualClock(T0), Recorder()
    await add(engine, "j1", T0)
    async with create_session_factory(engine).begin() as session:
        await jobs.cancel(session, ["j1"])

    await scheduler(engine, clock, rec).run_due()

    assert rec.ran == []


async def test_rescheduling_a_pending_job_moves_it(engine: AsyncEngine) -> None:
    clock, rec = ManualClock(T0), Recorder()
    await add(engine, "j1", T0)
    await add(engine, "j1", T0 + dt.timedelta(days=7))

    await scheduler(engine, clock, rec).run_due()
    assert rec.ran == []
    clock.advance(dt.timedelta(days=7))
    await scheduler(engine, clock, rec).run_due()
    assert rec.ran == ["j1"]


async def test_timers_arm_pending_jobs_at_start(engine: AsyncEngine) -> None:
    clock, rec = ManualClock(T0), Recorder()
    # APScheduler reads the wall clock, so the job must lie in the real future.
    await add(engine, "j1", dt.datetime.now(dt.UTC) + dt.timedelta(days=365))
    sched = scheduler(engine, clock, rec)

    await sched.start()
    try:
        assert sched.queue_size == 2  # the job and the sweep
    finally:
        await sched.shutdown()
