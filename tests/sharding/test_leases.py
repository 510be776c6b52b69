"""Shard leases: own shards are held and renewed, a dead owner's shards are taken over (and its
half-done jobs re-queued), and a returning process takes its shards back."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.db import jobs
from bot.db.engine import create_session_factory
from bot.sharding import LeaseKeeper, ShardPlan, shard_of

T0 = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
HEARTBEAT, TTL = 10.0, 30.0


def keeper(engine: AsyncEngine, clock: ManualClock, owner: str, *shards: int) -> LeaseKeeper:
    return LeaseKeeper(
        create_session_factory(engine),
        clock,
        ShardPlan(4, shards),
        owner,
        heartbeat_seconds=HEARTBEAT,
        ttl_seconds=TTL,
    )


async def test_each_process_holds_its_own_shards(engine: AsyncEngine) -> None:
    clock = ManualClock(T0)
    a, b = keeper(engine, clock, "a", 0, 1), keeper(engine, clock, "b", 2, 3)
    await a.join()
    await b.join()
    assert (a.held, b.held) == ({0, 1}, {2, 3})


async def test_owns_guild_follows_the_guilds_shard(engine: AsyncEngine) -> None:
    clock = ManualClock(T0)
    a = keeper(engine, clock, "a", 0, 1)
    await a.join()
    guilds = [(n << 22) | 7 for n in range(8)]
    assert [a.owns_guild(g) for g in guilds] == [shard_of(g, 4) in (0, 1) for g in guilds]


async def test_an_unowned_shard_is_adopted_only_after_its_grace(engine: AsyncEngine) -> None:
    clock = ManualClock(T0)
    a = keeper(engine, clock, "a", 0, 1)
    await a.join()
    clock.advance(dt.timedelta(seconds=TTL - 1))
    assert await a.beat() == {0, 1}
    clock.advance(dt.timedelta(seconds=2))
    assert await a.beat() == {0, 1, 2, 3}  # nobody came for shards 2 and 3


async def test_a_dead_owners_shards_are_taken_over_and_its_jobs_requeued(
    engine: AsyncEngine,
) -> None:
    clock = ManualClock(T0)
    a, b = keeper(engine, clock, "a", 0, 1), keeper(engine, clock, "b", 2, 3)
    await a.join()
    await b.join()
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        await jobs.upsert(session, "j", guild_id=(2 << 22), kind="post", due_at=T0)
        assert await jobs.claim(session, "j", "b", T0)  # b dies mid-job

    clock.advance(dt.timedelta(seconds=HEARTBEAT))
    assert await a.beat() == {0, 1}  # b's leases have not expired yet
    clock.advance(dt.timedelta(seconds=TTL))
    assert await a.beat() == {0, 1, 2, 3}
    async with sessions() as session:
        job = await jobs.get(session, "j")
    assert job is not None
    assert job.state == "pending"


async def test_a_live_owner_keeps_its_shards(engine: AsyncEngine) -> None:
    clock = ManualClock(T0)
    a, b = keeper(engine, clock, "a", 0, 1), keeper(engine, clock, "b", 2, 3)
    await a.join()
    await b.join()
    for _ in range(5):
        clock.advance(dt.timedelta(seconds=HEARTBEAT))
        await b.beat()
        assert await a.beat() == {0, 1}


async def test_a_returning_process_takes_its_shards_back_from_the_adopter(
    engine: AsyncEngine,
) -> None:
    clock = ManualClock(T0)
    a = keeper(engine, clock, "a", 0, 1)
    await a.join()
    clock.advance(dt.timedelta(seconds=TTL + 1))
    assert await a.beat() == {0, 1, 2, 3}

    b = keeper(engine, clock, "b-restarted", 2, 3)
    await b.join()
    assert b.held == {2, 3}
    assert await a.beat() == {0, 1}


async def test_a_second_process_for_the_same_shards_stands_by(engine: AsyncEngine) -> None:
    clock = ManualClock(T0)
    a, twin = keeper(engine, clock, "a", 0, 1), keeper(engine, clock, "twin", 0, 1)
    await a.join()
    await twin.join()
    assert (a.held, twin.held) == ({0, 1}, frozenset())


async def test_a_clean_stop_hands_leases_over_at_once(engine: AsyncEngine) -> None:
    clock = ManualClock(T0)
    a, b = keeper(engine, clock, "a", 0, 1), keeper(engine, clock, "b", 2, 3)
    await a.join()
    await b.join()
    await b.stop()
    assert await a.beat() == {0, 1, 2, 3}
