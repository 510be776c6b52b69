"""Worlds for the summary cog tests: a plain thread in #general, and the reading world."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.cogs.reading.conftest import READING
from tests.support.world import World, running_world


async def open_thread(world: World, name: str = "Which book first?") -> Any:
    """A public thread in #general, created through discord.py, as a SimCord handle."""
    general = world.bot.get_channel(world.channels["general"].id)
    assert isinstance(general, discord.TextChannel)
    created = await general.create_thread(name=name, type=discord.ChannelType.public_thread)
    await world.env.settle()
    return next(t for t in world.channels["general"].threads if t.id == created.id)


@pytest.fixture
async def reading_world(engine: AsyncEngine) -> AsyncIterator[World]:
    async with running_world(engine, reading=READING) as world:
        await world.services.plans.sync(world.guild.id)
        yield world


def embed_text(result: Any) -> str:
    """Everything the member sees of a /summarize answer, all messages and embeds joined."""
    parts = []
    for message in [*([result.response] if result.response else []), *result.followups]:
        parts.append(message.content)
        for embed in message.embeds:
            parts += [embed.title or "", embed.description or ""]
    return "\n".join(parts)
