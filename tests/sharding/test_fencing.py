"""Fencing: every claim and record of a job carries its shard lease's epoch, so a process that
stalls past the lease's TTL while another takes over can neither claim nor record anything,
and each job's effect happens exactly once."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.db import jobs, outbox
from bot.db.engine import create_session_factory
from bot.db.jobs import CURRENT_CLAIM, Claim, Job
from bot.domain.jobs import JobState, LeaseLost
from bot.scheduling import Scheduler
from bot.sharding import LeaseKeeper, ShardPlan

T0 = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
HEARTBEAT, TTL = 10.0, 30.0
STALL = dt.timedelta(seconds=45)
GUILD = 0 << 22 | 1  # on shard 0 of 2


def keeper(engine: AsyncEngine, clock: ManualClock, owner: str, *shards: int) -> LeaseKeeper:
    return LeaseKeeper(
        create_session_factory(engine),
        clock,
        ShardPlan(2, shards),
        owner,
        heartbeat_seconds=HEARTBEAT,
        ttl_seconds=TTL,
    )


def fenced_scheduler(engine: AsyncEngine, clock: ManualClock, leases: LeaseKeeper) -> Scheduler:
    sched = Scheduler(create_session_factory(engine), clock, owner=leases.owner)
    sched.owns_guild = leases.owns_guild
    sched.fence_for = leases.fence_for
    sched.requeue_interrupted_at_start = False
    leases.on_loss = sched.abandon
    return sched


async def add_job(engine: AsyncEngine, job_id: str = "post:1") -> None:
    async with create_session_factory(engine).begin() as session:
        await jobs.upsert(session, job_id, guild_id=GUILD, kind="post", due_at=T0)


async def job_state(engine: AsyncEngine, job_id: str = "post:1") -> JobState:
    async with create_session_factory(engine)() as session:
        job = await jobs.get(session, job_id)
    assert job is not None
    return job.state


class Effect:
    """A job's outward effect, sent through the outbox the way the Discord jobs do: the intent
    is recorded (guarded) right before the send, the message id right after it."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.sessions = create_session_factory(engine)
        self.sent: list[str] = []
        self.stall: dict[str, asyncio.Event] = {}
        self.reached: dict[str, asyncio.Event] = {}

    def stalls(self, owner: str) -> asyncio.Event:
        self.reached[owner] = asyncio.Event()
        self.stall[owner] = asyncio.Event()
        return self.stall[owner]

    async def run(self, job: Job) -> None:
        claim = CURRENT_CLAIM.get()
        assert claim is not None
        stall = self.stall.pop(claim.owner, None)  # this run only, not a later one
        if stall is not None:  # the process freezes (a blocked loop, a GC pause...)
            self.reached[claim.owner].set()
            await stall.wait()
        key = f"effect:{job.id}"
        async with self.sessions() as session:
            entry = await outbox.get(session, key)
        if entry is not None and entry.sent:
            return
        async with self.sessions.begin() as session:
            await outbox.begin(session, key, job.guild_id, None)
        self.sent.append(claim.owner)  # the Discord send
        async with self.sessions.begin() as session:
            await outbox.complete(session, key, len(self.sent), None, T0)


async def test_every_takeover_adds_one_to_the_epoch(engine: AsyncEngine) -> None:
    clock = ManualClock(T0)
    a = keeper(engine, clock, "a", 0)
    await a.join()
    first = a.epochs[0]
    clock.advance(dt.timedelta(seconds=TTL + 1))
    b = keeper(engine, clock, "b", 1)
    await b.join()  # a stopped renewing: b adopts shard 0
    assert b.epochs[0] == first + 1
    await a.beat()  # a is back and takes its own shard from the adopter
    assert a.epochs[0] == first + 2
    assert await b.beat() == {1}


async def test_an_old_epoch_can_neither_claim_nor_record(engine: AsyncEngine) -> None:
    clock = ManualClock(T0)
    a, b = keeper(engine, clock, "a", 0), keeper(engine, clock, "b", 1)
    await a.join()
    await b.join()
    await add_job(engine)
    sessions = create_session_factory(engine)
    stale = a.fence_for(GUILD)
    assert stale is not None
    async with sessions.begin() as session:
        assert await jobs.claim(session, "post:1", "a", T0, stale)
    claim = Claim("post:1", "a", stale)

    clock.advance(STALL)  # a stalls; b takes shard 0 over and re-queues the job
    assert await b.beat() == {0, 1}
    assert await job_state(engine) is JobState.PENDING

    async with sessions.begin() as session:
        assert not await jobs.claim(session, "post:1", "a", clock.now(), stale)
    async with sessions.begin() as session:
        assert not await jobs.finish(session, "post:1", JobState.DONE, clock.now(), claim=claim)
    token = CURRENT_CLAIM.set(claim)
    try:
        with pytest.raises(LeaseLost):
            async with sessions.begin() as session:
                await outbox.begin(session, "effect:post:1", GUILD, None)
    finally:
        CURRENT_CLAIM.reset(token)
    assert await job_state(engine) is JobState.PENDING  # nothing a wrote survived
    async with sessions() as session:
        assert await outbox.get(session, "effect:post:1") is None


async def test_a_45_second_stall_then_takeover_runs_the_effect_exactly_once(
    engine: AsyncEngine,
) -> None:
    clock = ManualClock(T0)
    a, b = keeper(engine, clock, "a", 0), keeper(engine, clock, "b", 1)
    await a.join()
    await b.join()
    effect = Effect(engine)
    sched_a, sched_b = fenced_scheduler(engine, clock, a), fenced_scheduler(engine, clock, b)
    for sched in (sched_a, sched_b):
        sched.register("post", effect.run)
    await add_job(engine)
    wake_a = effect.stalls("a")

    stalled = asyncio.create_task(sched_a.run_due())  # a claims the job, then freezes
    await effect.reached["a"].wait()
    clock.advance(STALL)  # no heartbeat from a for 45 s: its lease expired
    assert await b.beat() == {0, 1}  # b takes shard 0 over, re-queues the job...
    assert await sched_b.run_due() == 1  # ...and runs it
    wake_a.set()  # a wakes up, before its own heartbeat noticed anything
    assert await stalled == 0

    assert effect.sent == ["b"]
    assert await job_state(engine) is JobState.DONE
    assert sched_a.running == frozenset()


async def test_a_stalled_process_stops_its_jobs_when_its_heartbeat_notices(
    engine: AsyncEngine,
) -> None:
    clock = ManualClock(T0)
    a, b = keeper(engine, clock, "a", 0), keeper(engine, clock, "b", 1)
    await a.join()
    await b.join()
    effect = Effect(engine)
    sched_a, sched_b = fenced_scheduler(engine, clock, a), fenced_scheduler(engine, clock, b)
    for sched in (sched_a, sched_b):
        sched.register("post", effect.run)
    await add_job(engine)
    effect.stalls("a")

    stalled = asyncio.create_task(sched_a.run_due())
    await effect.reached["a"].wait()
    clock.advance(STALL)
    await b.beat()
    await a.beat()  # a's heartbeat: shard 0 came back at a new epoch, the old job is stopped
    assert await stalled == 0
    assert sched_a.running == frozenset()
    assert await sched_a.run_due() == 1  # a, owner again, runs the re-queued job afresh

    assert effect.sent == ["a"]
    assert await job_state(engine) is JobState.DONE


async def test_a_stalled_process_cannot_claim_a_job_of_a_shard_it_lost(
    engine: AsyncEngine,
) -> None:
    clock = ManualClock(T0)
    a, b = keeper(engine, clock, "a", 0), keeper(engine, clock, "b", 1)
    await a.join()
    await b.join()
    effect = Effect(engine)
    sched_a = fenced_scheduler(engine, clock, a)
    sched_a.register("post", effect.run)
    clock.advance(STALL)
    await b.beat()  # b holds shard 0 now; a still believes it does (no heartbeat yet)
    await add_job(engine)

    assert a.owns_guild(GUILD)
    assert await sched_a.run_due() == 0
    assert effect.sent == []
    assert await job_state(engine) is JobState.PENDING  # left for b
