"""The fake honours Create Message's nonce as Discord documents it: with ``enforce_nonce`` a
second message by the same author with the same nonce, within the window, returns the first
and creates nothing; without it, or after the window, a new message is created."""

from __future__ import annotations

import discord
import pytest
from discord.ext import commands
from discord.http import Route

from caucus_demo.fake_discord import FakeDiscord
from tests.fake_discord.conftest import Scene


def text_channel(bot: commands.Bot, scene: Scene) -> discord.TextChannel:
    channel = bot.get_channel(int(scene.text["id"]))
    assert isinstance(channel, discord.TextChannel)
    return channel


async def test_an_enforced_nonce_returns_the_first_message_instead_of_a_second(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    channel = text_channel(bot, scene)

    first = await channel.send("Result: passed", nonce="o1234")  # discord.py enforces it
    again = await channel.send("Result: passed", nonce="o1234")
    other = await channel.send("Result: passed", nonce="o5678")

    assert again.id == first.id
    assert other.id != first.id
    assert [m["id"] for m in fake.messages_in(scene.text["id"])] == [
        str(first.id),
        str(other.id),
    ]
    assert fake.messages_in(scene.text["id"])[0]["nonce"] == "o1234"


async def test_a_nonce_without_enforce_nonce_creates_every_message(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    route = Route("POST", "/channels/{channel_id}/messages", channel_id=scene.text["id"])
    for _ in range(2):
        await bot.http.request(route, json={"content": "hello", "nonce": "o1"})

    assert len(fake.messages_in(scene.text["id"])) == 2


async def test_a_nonce_is_forgotten_after_a_few_minutes(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    now = [0.0]
    fake.state.nonces.clock = lambda: now[0]
    channel = text_channel(bot, scene)

    first = await channel.send("Result: passed", nonce="o1234")
    now[0] += fake.state.nonces.window_seconds + 1
    late = await channel.send("Result: passed", nonce="o1234")

    assert late.id != first.id
    assert len(fake.messages_in(scene.text["id"])) == 2


async def test_a_nonce_over_25_characters_is_refused_as_discord_does(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    channel = text_channel(bot, scene)
    with pytest.raises(discord.HTTPException) as refused:
        await channel.send("x", nonce="o" * 26)
    assert refused.value.status == 400
    assert fake.messages_in(scene.text["id"]) == []
    fake.violations.clear()  # the violation was the point of this test
