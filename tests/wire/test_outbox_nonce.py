"""A process that stalls between its last fenced write and its Discord send cannot double a post.

Process a claims a job, records the outbox intent (its last write the fence lets through), and
freezes before the send. Its lease expires; process b takes the shard over, reruns the job,
looks in the channel, finds nothing (a has not sent yet) and sends. Then a wakes and sends
too: no database write stands between it and Discord any more. Both are real discord.py
clients talking HTTP to the fake; Discord's nonce, derived from the outbox key and enforced,
makes a's send return b's message instead of creating a second one.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any, cast

import discord
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.db.engine import create_session_factory
from bot.db.jobs import Job
from bot.domain.jobs import JobState
from bot.services.core import Core
from bot.services.outbox import OutboxService
from bot.ui.outbox import Sender, outbox_nonce, with_text
from caucus_demo.fake_discord import FakeDiscord, running_client
from tests.sharding.test_fencing import (
    GUILD,
    STALL,
    T0,
    add_job,
    fenced_scheduler,
    job_state,
    keeper,
)

RESULT = "Vote #1 has closed: the motion passes."
KEY = "vote:1:result"


def client() -> discord.Client:
    intents = discord.Intents.none()
    intents.guilds = True
    return discord.Client(intents=intents, guild_ready_timeout=0.05)


@contextlib.asynccontextmanager
async def two_processes(fake: FakeDiscord) -> AsyncIterator[tuple[discord.Client, ...]]:
    async with running_client(fake, client()) as a, running_client(fake, client()) as b:
        yield a, b


class Poster:
    """One process's job handler: sends the result through its own Sender (its own outbox
    service over the shared database), exactly as the vote jobs do."""

    def __init__(self, engine: AsyncEngine, clock: ManualClock, bot: discord.Client, channel: int):
        core = cast(Any, Core)(None, create_session_factory(engine), clock, None)
        self.sender = Sender(OutboxService(core), lambda: bot.user.id if bot.user else None)
        self.bot, self.channel_id = bot, channel
        self.stall: asyncio.Event | None = None
        self.reached = asyncio.Event()
        self.sent: list[discord.Message] = []

    async def run(self, job: Job) -> None:
        channel = self.bot.get_channel(self.channel_id)
        assert isinstance(channel, discord.TextChannel)

        async def send(*, nonce: str) -> discord.Message:
            if self.stall is not None:  # frozen after the outbox intent, before the send
                stall, self.stall = self.stall, None
                self.reached.set()
                await stall.wait()
            message = await channel.send(RESULT, nonce=nonce)
            self.sent.append(message)
            return message

        await self.sender.send_once(GUILD, KEY, channel, send, with_text(RESULT))


async def test_a_stalled_process_that_sends_after_a_takeover_adds_no_second_message(
    wire_fake: FakeDiscord, engine: AsyncEngine
) -> None:
    guild = wire_fake.add_guild("Branch")
    votes = wire_fake.add_channel(guild.id, "votes")
    clock = ManualClock(T0)
    lease_a, lease_b = keeper(engine, clock, "a", 0), keeper(engine, clock, "b", 1)
    await lease_a.join()
    await lease_b.join()
    await add_job(engine)
    async with two_processes(wire_fake) as (bot_a, bot_b):
        poster_a = Poster(engine, clock, bot_a, int(votes["id"]))
        poster_b = Poster(engine, clock, bot_b, int(votes["id"]))
        sched_a = fenced_scheduler(engine, clock, lease_a)
        sched_b = fenced_scheduler(engine, clock, lease_b)
        sched_a.register("post", poster_a.run)
        sched_b.register("post", poster_b.run)
        wake_a = poster_a.stall = asyncio.Event()

        stalled = asyncio.create_task(sched_a.run_due())  # a begins the entry, then freezes
        await poster_a.reached.wait()
        clock.advance(STALL)  # no heartbeat from a for 45 s
        assert await lease_b.beat() == {0, 1}  # b takes shard 0 over...
        assert await sched_b.run_due() == 1  # ...looks, finds nothing, sends
        wake_a.set()  # a wakes and sends the same entry
        assert await stalled == 0  # its record is refused: its lease is gone

    posted = [m for m in wire_fake.messages_in(votes["id"]) if m["content"] == RESULT]
    assert len(posted) == 1, "the stalled process posted the result a second time"
    assert [m.id for m in poster_a.sent] == [m.id for m in poster_b.sent]  # Discord's answer
    assert posted[0]["nonce"] == outbox_nonce(KEY)
    assert await job_state(engine) is JobState.DONE


def test_the_nonce_is_the_same_everywhere_for_an_entry_and_fits_discords_limit() -> None:
    keys = [f"vote:{n}:result" for n in range(2000)] + ["x" * 500]
    nonces = [outbox_nonce(k) for k in keys]
    assert all(len(n) <= 25 for n in nonces)
    assert len(set(nonces)) == len(keys)
    assert outbox_nonce("vote:1:result") == outbox_nonce("vote:1:result")
