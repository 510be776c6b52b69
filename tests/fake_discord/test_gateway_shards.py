"""The fake gateway serves sharded clients: each shard sees its own guilds and their events."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import discord
import pytest

from caucus_demo.fake_discord import FakeDiscord, FakeGuild, running_client
from caucus_demo.fake_discord.snowflakes import SnowflakeFactory

SHARD_COUNT = 2


class ShardClient(discord.AutoShardedClient):
    """An ordinary auto-sharded client that records the messages it receives."""

    def __init__(self, shard_ids: list[int]) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        intents.guild_messages = True
        intents.message_content = True
        super().__init__(
            intents=intents,
            shard_ids=shard_ids,
            shard_count=SHARD_COUNT,
            guild_ready_timeout=0.05,
        )
        self.seen: list[str] = []

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None  # Discord's 5 s spacing between IDENTIFYs is no concern of the fake

    async def on_message(self, message: discord.Message) -> None:
        self.seen.append(message.content)


def expect_message(client: discord.Client, content: str) -> asyncio.Task[discord.Message]:
    """Starts waiting (3 s at most) before the message is sent, so it cannot be missed."""
    return asyncio.create_task(
        client.wait_for("message", check=lambda m: m.content == content, timeout=3)
    )


def guild_ids(client: discord.Client) -> set[int]:
    return {g.id for g in client.guilds}


@pytest.fixture
def guilds(fake: FakeDiscord) -> dict[int, FakeGuild]:
    return {shard: fake.add_guild(f"Shard {shard}", shard=(shard, SHARD_COUNT)) for shard in (0, 1)}


@contextlib.asynccontextmanager
async def two_processes(fake: FakeDiscord) -> AsyncIterator[tuple[ShardClient, ShardClient]]:
    async with (
        running_client(fake, ShardClient([0])) as first,
        running_client(fake, ShardClient([1])) as second,
    ):
        yield first, second


def test_snowflakes_can_be_made_for_any_shard() -> None:
    ids = SnowflakeFactory()
    made = [ids.next_id_on_shard(shard, 8) for shard in (3, 0, 7, 7, 1)]
    assert [(m >> 22) % 8 for m in made] == [3, 0, 7, 7, 1]
    assert made == sorted(set(made))  # still strictly increasing


async def test_each_shard_sees_only_its_own_guilds(
    fake: FakeDiscord, guilds: dict[int, FakeGuild]
) -> None:
    async with two_processes(fake) as (first, second):
        assert guild_ids(first) == {guilds[0].id}
        assert guild_ids(second) == {guilds[1].id}
        assert len(fake.gateway.sessions) == 2
        assert fake.gateway.live_shards() == {0, 1}


async def test_a_client_with_an_explicit_shard_count_never_asks_for_one(
    fake: FakeDiscord, guilds: dict[int, FakeGuild]
) -> None:
    async with two_processes(fake):
        assert [r for r in fake.requests if r.path == "/gateway/bot"] == []


async def test_one_client_may_run_several_shards(
    fake: FakeDiscord, guilds: dict[int, FakeGuild]
) -> None:
    async with running_client(fake, ShardClient([0, 1])) as both:
        assert guild_ids(both) == {guilds[0].id, guilds[1].id}
        assert fake.gateway.live_shards() == {0, 1}


async def test_a_guild_event_reaches_only_its_shard(
    fake: FakeDiscord, guilds: dict[int, FakeGuild]
) -> None:
    channel = fake.add_channel(guilds[1].id, "general")
    member = fake.add_member(guilds[1].id, "ana")
    async with two_processes(fake) as (first, second):
        arrived = expect_message(second, "hello shard one")
        await fake.post_message(channel["id"], member.id, "hello shard one")
        await arrived
        assert first.seen == []


async def test_dropping_one_shard_resumes_it_and_replays_its_events(
    fake: FakeDiscord, guilds: dict[int, FakeGuild]
) -> None:
    channel = fake.add_channel(guilds[0].id, "general")
    member = fake.add_member(guilds[0].id, "ben")
    async with two_processes(fake) as (first, _second):
        arrived = expect_message(first, "while away")
        await fake.drop_connection(shard_id=0)
        await fake.post_message(channel["id"], member.id, "while away")
        await fake.gateway.wait_until_live(shards=(0, 1))
        await arrived
        assert fake.gateway.resume_count == 1
        assert fake.gateway.identify_count == 2
