"""The unmodified discord.py client connects, syncs, and resumes against the fake."""

from __future__ import annotations

import discord
from discord.ext import commands

from caucus_demo.fake_discord import ChannelType, FakeDiscord
from tests.fake_discord.conftest import Scene


async def test_client_sees_guild_channels_roles_and_members(
    bot: commands.Bot, scene: Scene
) -> None:
    guild = bot.get_guild(scene.guild.id)
    assert guild is not None
    assert guild.name == "Reading group"
    assert isinstance(guild.get_channel(int(scene.forum["id"])), discord.ForumChannel)
    assert isinstance(guild.get_channel(int(scene.stage["id"])), discord.StageChannel)
    assert isinstance(guild.get_channel(int(scene.voice["id"])), discord.VoiceChannel)
    text = guild.get_channel(int(scene.text["id"]))
    assert isinstance(text, discord.TextChannel)
    assert text.category_id == int(scene.category["id"])
    alice = guild.get_member(scene.alice.id)
    assert alice is not None
    assert [r.name for r in alice.roles] == ["@everyone", "Organiser"]


async def test_command_sync_stores_commands_with_ids(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    synced = fake.commands(scene.guild.id)
    assert [c["name"] for c in synced] == ["caucus"]
    assert synced[0]["id"].isdigit()


async def test_resync_keeps_command_ids(fake: FakeDiscord, bot: commands.Bot, scene: Scene) -> None:
    before = fake.commands(scene.guild.id)[0]["id"]
    await bot.tree.sync(guild=discord.Object(scene.guild.id))
    assert fake.commands(scene.guild.id)[0]["id"] == before


async def test_events_missed_while_dropped_are_replayed_on_resume(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    await fake.drop_connection()
    await fake.post_message(scene.text["id"], scene.bob.id, "ping while away")
    await fake.gateway.wait_until_live()
    await fake.wait_for(lambda: fake.messages_in(scene.text["id"])[-1]["content"] == "pong")
    assert fake.gateway.resume_count == 1
    assert fake.gateway.identify_count == 1
    assert bot.resumed_count == 1  # type: ignore[attr-defined]


async def test_channel_added_after_ready_reaches_the_bot(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    later = fake.add_channel(scene.guild.id, "late", ChannelType.TEXT)
    await fake.flush_events()
    # No REST request follows CHANNEL_CREATE, so look at the client's cache after a round trip.
    await fake.post_message(scene.text["id"], scene.bob.id, "ping")
    await fake.wait_for(lambda: len(fake.messages_in(scene.text["id"])) == 2)
    assert bot.get_channel(int(later["id"])) is not None


async def test_member_message_reaches_on_message(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    await fake.post_message(scene.text["id"], scene.bob.id, "ping")
    await fake.wait_for(lambda: len(fake.messages_in(scene.text["id"])) == 2)
    reply = fake.messages_in(scene.text["id"])[-1]
    assert reply["content"] == "pong"
    assert reply["author"]["id"] == str(bot.user.id if bot.user else 0)
