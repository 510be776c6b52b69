"""Two real bot processes, one shard each, one fake Discord and one database: every scheduled
session post happens exactly once, and when one process is killed the other takes its shards
over and posts for its guilds, still exactly once."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine
from caucus_demo.fake_discord import FakeDiscord
from caucus_demo.stage import FakeBranch
from tests.production.support import (
    BotProcess,
    branch_on_shard,
    duplicate_posts,
    eventually,
    next_second,
    session_complete,
    shared_database,
    write_config,
)

pytestmark = pytest.mark.slow

SHARDS = 2
HEARTBEAT, TTL = 0.5, 2.0
FIRST_WAVE_IN = 24.0  # seconds from the start of the test: both processes are up by then
SECOND_WAVE_AFTER = 10.0  # after the first wave: the survivor has taken over by then


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(validate_responses=True) as running:
        yield running
    running.assert_no_violations()


async def lease_owners(engine: AsyncEngine) -> dict[int, str | None]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT shard_id, owner FROM shard_leases WHERE shard_count = :n"), {"n": SHARDS}
        )
        return {int(shard): owner for shard, owner in rows}


async def post_jobs(engine: AsyncEngine) -> dict[int, tuple[str, str | None]]:
    """guild id -> (state, claimed_by) of its first session's post job."""
    async with engine.connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT guild_id, state, claimed_by FROM scheduled_jobs "
                "WHERE kind = 'reading.post' AND id LIKE :first"
            ),
            {"first": "%:1"},
        )
        return {int(guild): (state, owner) for guild, state, owner in rows}


def owner_of(owners: dict[int, str | None], process: BotProcess) -> str | None:
    return next((o for o in owners.values() if o and f":{process.pid}:" in o), None)


def bot_args(fake: FakeDiscord, config: Path, shard: int) -> list[str]:
    return [
        *("--port", str(fake.port), "--config", str(config)),
        *("--shards", str(shard), "--shard-count", str(SHARDS)),
        *("--lease-heartbeat", str(HEARTBEAT), "--lease-ttl", str(TTL)),
    ]


async def test_two_processes_post_once_and_the_survivor_takes_over(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    start = dt.datetime.now(dt.UTC)
    first_wave = next_second(start, FIRST_WAVE_IN)
    second_wave = next_second(first_wave, SECOND_WAVE_AFTER)
    early = {
        s: [branch_on_shard(fake, f"early {s}.{i}", (s, SHARDS)) for i in (1, 2)] for s in (0, 1)
    }
    late = {s: branch_on_shard(fake, f"late {s}", (s, SHARDS)) for s in (0, 1)}
    everyone: list[FakeBranch] = [*early[0], *early[1], late[0], late[1]]
    a, b = BotProcess("shard-0", tmp_path), BotProcess("shard-1", tmp_path)
    async with shared_database(tmp_path) as url:
        config = write_config(
            tmp_path / "caucus.toml",
            url,
            [(br, first_wave) for br in (*early[0], *early[1])]
            + [(late[0], second_wave), (late[1], second_wave)],
        )
        engine = create_engine(url)
        try:
            # A first, so its start-up sync of the reading plans has finished when B syncs.
            await a.start("tests.production.bot_process", *bot_args(fake, config, 0))
            await eventually(
                lambda: _ready(engine, a, expected_jobs=len(everyone)),
                within=30,
                what="process A to hold shard 0 and schedule every guild's posts",
                logs=[a],
            )
            await b.start("tests.production.bot_process", *bot_args(fake, config, 1))
            await eventually(
                lambda: _holds(engine, b, shard=1), within=30, what="B to hold shard 1", logs=[a, b]
            )
            assert dt.datetime.now(dt.UTC) < first_wave, "the processes took too long to start"

            # First wave: each process posts for the guilds on its own shard.
            await eventually(
                lambda: all(session_complete(fake, br) for br in (*early[0], *early[1])),
                within=(first_wave - dt.datetime.now(dt.UTC)).total_seconds() + 20,
                what="the first wave of session posts",
                logs=[a, b],
            )
            await eventually(
                lambda: _done(engine, [br.guild.id for br in (*early[0], *early[1])]),
                within=10,
                what="the first wave's jobs to be recorded as done",
                logs=[a, b],
            )
            jobs, owners = await post_jobs(engine), await lease_owners(engine)
            for shard, process in ((0, a), (1, b)):
                for branch in early[shard]:
                    assert jobs[branch.guild.id] == ("done", owner_of(owners, process))

            # kill -9 B: A takes shard 1 over once B's lease expires, and posts its late guild.
            b.kill()
            await b.wait(10)
            await eventually(
                lambda: all(session_complete(fake, br) for br in late.values()),
                within=(second_wave - dt.datetime.now(dt.UTC)).total_seconds() + 20,
                what="the second wave, after B was killed",
                logs=[a, b],
            )
            await eventually(
                lambda: _done(engine, [br.guild.id for br in late.values()]),
                within=10,
                what="the second wave's jobs to be recorded as done",
                logs=[a, b],
            )
            jobs, owners = await post_jobs(engine), await lease_owners(engine)
            a_owner = owner_of(owners, a)
            assert owners == {0: a_owner, 1: a_owner}
            assert jobs[late[1].guild.id] == ("done", a_owner)
            assert "took over shards [1]" in a.log()
            duplicates = {br.guild.name: duplicate_posts(fake, br) for br in everyone}
            assert {name: found for name, found in duplicates.items() if found} == {}
            assert all(len(fake.threads_in(br.channel_id("reading"))) == 1 for br in everyone)
            assert _scheduled_event_names_unique(fake, everyone)
        finally:
            await a.stop()
            await b.stop()
            await engine.dispose()
    assert a.process is not None
    assert a.process.returncode == 0, a.log()[-3000:]  # SIGTERM: a clean shutdown
    assert "Traceback" not in a.log(), a.log()[-6000:]
    assert "Traceback" not in b.log(), b.log()[-6000:]


async def _holds(engine: AsyncEngine, process: BotProcess, *, shard: int) -> bool:
    owners = await _lease_owners_or_empty(engine)
    owner = owners.get(shard)
    return owner is not None and f":{process.pid}:" in owner


async def _ready(engine: AsyncEngine, process: BotProcess, *, expected_jobs: int) -> bool:
    if not await _holds(engine, process, shard=0):
        return False
    try:
        return len(await post_jobs(engine)) == expected_jobs
    except DBAPIError:  # no tables yet: the process is still migrating
        return False


async def _done(engine: AsyncEngine, guild_ids: list[int]) -> bool:
    """The posts are on Discord a moment before their jobs are recorded as done."""
    jobs = await post_jobs(engine)
    return all(jobs[guild][0] == "done" for guild in guild_ids)


async def _lease_owners_or_empty(engine: AsyncEngine) -> dict[int, str | None]:
    try:
        return await lease_owners(engine)
    except DBAPIError:  # no tables yet: the process is still migrating
        return {}


def _scheduled_event_names_unique(fake: FakeDiscord, branches: list[FakeBranch]) -> bool:
    for branch in branches:
        names = [e["name"] for e in fake.scheduled_events(branch.guild.id)]
        if len(names) != len(set(names)):
            return False
    return True
