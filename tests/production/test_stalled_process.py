"""A live process that stalls (SIGSTOP: the whole process frozen, as a blocked event loop or a
long GC pause would) while it holds a shard's lease with a session post due: the other process
takes the shard over and posts, exactly once; when the stalled one wakes up it is fenced off
(its lease epoch is old), posts nothing, and takes its own shard back for later work."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.db.engine import create_engine
from caucus_demo.fake_discord import FakeDiscord
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
from tests.production.test_two_processes import (
    HEARTBEAT,
    SHARDS,
    TTL,
    _done,
    _holds,
    _ready,
    bot_args,
    lease_owners,
    post_jobs,
)

pytestmark = pytest.mark.slow

POST_IN = 75.0  # seconds from the start: both processes are up by then, even on a busy machine
AFTER_WAKING = 6.0  # seconds the woken process gets to (not) post again


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(validate_responses=True) as running:
        yield running
    running.assert_no_violations()


async def test_a_stalled_process_is_fenced_off_and_the_post_happens_once(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    due = next_second(dt.datetime.now(dt.UTC), POST_IN)
    branch = branch_on_shard(fake, "stalled shard", (0, SHARDS))
    other = branch_on_shard(fake, "other shard", (1, SHARDS))
    a, b = BotProcess("shard-0", tmp_path), BotProcess("shard-1", tmp_path)
    async with shared_database(tmp_path) as url:
        config = write_config(tmp_path / "caucus.toml", url, [(branch, due), (other, None)])
        engine = create_engine(url)
        try:
            await a.start("tests.production.bot_process", *bot_args(fake, config, 0))
            await eventually(
                lambda: _ready(engine, a, expected_jobs=1),
                within=40,
                what="A to hold shard 0 and schedule the post",
                logs=[a],
            )
            await b.start("tests.production.bot_process", *bot_args(fake, config, 1))
            await eventually(
                lambda: _holds(engine, b, shard=1), within=40, what="B to hold shard 1", logs=[a, b]
            )
            wait = (due - dt.datetime.now(dt.UTC)).total_seconds() - 1.0
            assert wait > 0, "the processes took too long to start"
            await asyncio.sleep(wait)

            os.kill(a.pid, signal.SIGSTOP)  # A freezes a second before the post is due
            stalled_at = asyncio.get_running_loop().time()
            try:
                await eventually(
                    lambda: session_complete(fake, branch),
                    within=60,
                    what="B to take shard 0 over and post while A is frozen",
                    logs=[b],
                )
                await eventually(
                    lambda: _done(engine, [branch.guild.id]),
                    within=10,
                    what="the post job to be recorded as done",
                    logs=[b],
                )
            finally:
                os.kill(a.pid, signal.SIGCONT)
            stall = asyncio.get_running_loop().time() - stalled_at
            await asyncio.sleep(AFTER_WAKING)

            owners = await lease_owners(engine)
            jobs = await post_jobs(engine)
            state, claimed_by = jobs[branch.guild.id]
            assert state == "done"
            assert claimed_by is not None
            assert f":{b.pid}:" in claimed_by, "B ran the job"
            assert duplicate_posts(fake, branch) == []
            assert len(fake.threads_in(branch.channel_id("reading"))) == 1
            assert "took over shards [0]" in b.log()
            assert owners[0] is not None
            assert f":{a.pid}:" in owners[0], "A, awake again, takes its own shard back"
            # B waited for A's lease to run out rather than taking over at once. A renews every
            # HEARTBEAT seconds, so its last renewal came up to a heartbeat (two on a busy
            # machine) before it froze: the lease ran out at least TTL - 2 * HEARTBEAT after.
            assert stall > TTL - 2 * HEARTBEAT
        finally:
            await a.stop()
            await b.stop()
            await engine.dispose()
    assert "Traceback" not in a.log(), a.log()[-6000:]
    assert "Traceback" not in b.log(), b.log()[-6000:]
