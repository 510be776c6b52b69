"""With create_roles / create_channels, each faction gets a role and a channel the bot keeps in
line with its membership."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.cogs.factions.helpers import call, found
from tests.support.world import World, running_world


@pytest.fixture
async def synced(engine: AsyncEngine) -> AsyncIterator[World]:
    async with running_world(
        engine, factions={"create_roles": True, "create_channels": True}
    ) as world:
        yield world


def role_holders(world: World, role_id: int) -> set[int]:
    role = world.bot.get_guild(world.guild.id).get_role(role_id)
    return {m.id for m in role.members}


async def test_founding_creates_a_role_for_the_founders_and_a_channel(synced: World) -> None:
    await found(synced, "Red Caucus", "ana", "ben")

    faction = await synced.services.factions.membership.get(synced.guild.id, "Red Caucus")

    assert faction.role_id is not None
    assert faction.channel_id is not None
    assert role_holders(synced, faction.role_id) == {
        synced.member("ana").id,
        synced.member("ben").id,
    }
    channel = synced.bot.get_channel(faction.channel_id)
    assert channel.name == "faction-red-caucus"


async def test_the_role_follows_joins_and_leaves(synced: World) -> None:
    await found(synced, "Red Caucus", "ana", "ben")
    await call(synced.member("cat"), synced, "faction join", name="Red Caucus")
    await call(synced.member("ana"), synced, "faction leave", name="Red Caucus")

    faction = await synced.services.factions.membership.get(synced.guild.id, "Red Caucus")

    assert role_holders(synced, faction.role_id) == {
        synced.member("ben").id,
        synced.member("cat").id,
    }


async def test_dissolving_removes_the_role_and_keeps_the_channel_as_an_archive(
    synced: World,
) -> None:
    await found(synced, "Red Caucus", "ana", "ben")
    faction = await synced.services.factions.membership.get(synced.guild.id, "Red Caucus")
    await call(synced.member("ana"), synced, "faction dissolve", name="Red Caucus")
    channel = synced.bot.get_channel(faction.channel_id)
    vote = next(m for m in synced.guild.channels[channel.name].history() if "F1" in m.content)
    for name in ("ana", "ben"):
        await synced.member(name).click(vote, label="Yes")

    assert synced.bot.get_guild(synced.guild.id).get_role(faction.role_id) is None
    assert "dissolved" in synced.guild.channels[channel.name].last_message.content
