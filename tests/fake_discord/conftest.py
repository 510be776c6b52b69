"""Fixtures: a FakeDiscord (strict, responses checked too) and the sample bot connected to it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import discord
import pytest
from discord.ext import commands

from caucus_demo.fake_discord import (
    ChannelType,
    FakeDiscord,
    FakeGuild,
    FakeMember,
    FakeRole,
    running_client,
)
from caucus_demo.fake_discord.pytest_support import fake_discord_fixture
from caucus_demo.fake_discord.state import Payload
from tests.fake_discord.sample_bot import make_bot

fake = fake_discord_fixture(validate_responses=True, interaction_timeout=3.0, name="fake")


@dataclass(frozen=True)
class Scene:
    guild: FakeGuild
    organiser: FakeRole
    alice: FakeMember
    bob: FakeMember
    category: Payload
    text: Payload
    voice: Payload
    stage: Payload
    forum: Payload


@pytest.fixture
def scene(fake: FakeDiscord) -> Scene:
    guild = fake.add_guild("Reading group")
    organiser = fake.add_role(guild.id, "Organiser")
    category = fake.add_channel(guild.id, "Reading", ChannelType.CATEGORY)
    return Scene(
        guild=guild,
        organiser=organiser,
        alice=fake.add_member(guild.id, "alice", roles=[organiser]),
        bob=fake.add_member(guild.id, "bob"),
        category=category,
        text=fake.add_channel(guild.id, "general", parent_id=category["id"]),
        voice=fake.add_channel(guild.id, "Voice", ChannelType.VOICE),
        stage=fake.add_channel(guild.id, "Stage", ChannelType.STAGE),
        forum=fake.add_channel(guild.id, "books", ChannelType.FORUM),
    )


@pytest.fixture
async def bot(fake: FakeDiscord, scene: Scene) -> AsyncIterator[commands.Bot]:
    sample = make_bot()
    async with running_client(fake, sample):
        target = discord.Object(scene.guild.id)
        sample.tree.copy_global_to(guild=target)
        await sample.tree.sync(guild=target)
        yield sample
