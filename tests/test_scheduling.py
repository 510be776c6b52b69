"""The database owns every schedule: jobs survive restarts and run once, never twice."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.db import jobs, migrate
from bot.db.engine import create_engine, create_session_factory
from bot.db.jobs import Job
from bot.domain.jobs import JobState
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


# -- concurrency: one task per job, excluded per subject only ---------------------------------


async def file_engine(tmp_path: Path) -> AsyncEngine:
    """A real database (a SQLite file, or PostgreSQL when configured): in-memory SQLite shares
    one connection between sessions, so the scheduler runs its jobs in turn there."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'jobs.sqlite3'}")
    await migrate.upgrade(engine)
    return engine


@pytest.fixture
async def real_engine(engine: AsyncEngine, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    if engine.dialect.name != "sqlite":
        yield engine
        return
    own = await file_engine(tmp_path)
    try:
        yield own
    finally:
        await own.dispose()


class Gate:
    """A handler that blocks until opened (a DM loop waiting on Discord's rate limits)."""

    def __init__(self) -> None:
        self.entered, self.opened = asyncio.Event(), asyncio.Event()
        self.ran: list[str] = []

    async def run(self, job: Job) -> None:
        self.entered.set()
        await self.opened.wait()
        self.ran.append(job.id)


async def test_a_slow_reminder_run_does_not_delay_a_vote_close(real_engine: AsyncEngine) -> None:
    clock, closes = ManualClock(T0), Recorder()
    sched = Scheduler(create_session_factory(real_engine), clock)
    slow = Gate()
    sched.register("vote.remind", slow.run, subject=lambda job: f"reminder:{job.id}")
    sched.register("vote.close", closes.run)
    await add(real_engine, "vote.remind:1", T0, kind="vote.remind")
    await add(real_engine, "vote.close:1", T0 + dt.timedelta(minutes=1), kind="vote.close")
    await add(real_engine, "vote.close:2", T0 + dt.timedelta(minutes=1), kind="vote.close")

    reminding = asyncio.create_task(sched.run_due())
    await asyncio.wait_for(slow.entered.wait(), 5)
    clock.advance(dt.timedelta(minutes=1))
    assert await asyncio.wait_for(sched.run_due(), 5) == 2  # while the reminder still runs

    assert sorted(closes.ran) == ["vote.close:1", "vote.close:2"]
    assert sched.running == {"vote.remind:1"}
    slow.opened.set()
    assert await reminding == 1
    assert slow.ran == ["vote.remind:1"]


async def test_jobs_on_one_subject_take_turns_and_others_do_not_wait(
    real_engine: AsyncEngine,
) -> None:
    clock = ManualClock(T0)
    sched = Scheduler(create_session_factory(real_engine), clock)
    active: set[str] = set()
    overlaps: list[tuple[str, ...]] = []
    gate, two_started = asyncio.Event(), asyncio.Event()

    async def work(job: Job) -> None:
        active.add(job.id)
        overlaps.append(tuple(sorted(active)))
        if len(overlaps) == 2:
            two_started.set()
        await gate.wait()
        active.discard(job.id)

    sched.register("vote.open", work, subject=lambda job: "vote:1")
    sched.register("vote.close", work, subject=lambda job: "vote:1")
    sched.register("digest", work, subject=lambda job: "digest")
    for ident, kind in (
        ("vote.open:1", "vote.open"),
        ("vote.close:1", "vote.close"),
        ("d", "digest"),
    ):
        await add(real_engine, ident, T0, kind=kind)

    running = asyncio.create_task(sched.run_due())
    await asyncio.wait_for(two_started.wait(), 5)
    assert sorted(sched.running) == ["d", "vote.close:1", "vote.open:1"]  # one task per job
    gate.set()
    assert await running == 3
    together = [set(seen) for seen in overlaps]
    assert not any({"vote.open:1", "vote.close:1"} <= seen for seen in together)
    assert any("d" in seen and len(seen) == 2 for seen in together)


async def test_a_crashed_job_task_is_logged_by_its_done_callback(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    clock, rec = ManualClock(T0), Recorder()
    sched = scheduler(engine, clock, rec)
    await add(engine, "j1", T0)

    async def broken_finish(*_args: object, **_kwargs: object) -> bool:
        raise RuntimeError("the ledger is broken")

    monkeypatch.setattr(jobs, "finish", broken_finish)
    assert await sched.run_due() == 0

    assert "scheduled job j1 (post) crashed" in caplog.text
    assert sched.running == frozenset()


# -- failing for good --------------------------------------------------------------------------


async def test_a_job_that_fails_for_good_tells_the_organizers_once_with_the_cause(
    engine: AsyncEngine,
) -> None:
    clock = ManualClock(T0)
    sched = Scheduler(create_session_factory(engine), clock)
    told: list[tuple[str, str]] = []

    async def broken(job: Job) -> None:
        raise RetryLater("channel 123456789 gone", cause="the votes channel was deleted")

    async def tell(job: Job, cause: str) -> None:
        told.append((job.id, cause))

    sched.register("post", broken)
    sched.on_failed = tell
    await add(engine, "j1", T0)
    for _ in range(10):
        await sched.run_due()
        clock.advance(dt.timedelta(hours=1))

    assert told == [("j1", "the votes channel was deleted")]
    assert await state(engine, "j1") == JobState.FAILED
