"""The one error handler: member mistakes get a friendly ephemeral reply, bugs are logged once."""

from __future__ import annotations

import logging

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from bot.errors import NotAllowed
from bot.ui.errors import GENERIC_REPLY
from tests.support.world import World


class Faulty(commands.Cog):
    @app_commands.command(name="refuse", description="raises a UserError")
    async def refuse(self, interaction: discord.Interaction) -> None:
        raise NotAllowed("Only organizers can do that.")

    @app_commands.command(name="crash", description="raises a bug")
    async def crash(self, interaction: discord.Interaction) -> None:
        raise RuntimeError("boom")

    @app_commands.command(name="crash-late", description="raises a bug after deferring")
    async def crash_late(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        raise RuntimeError("late boom")


@pytest.fixture
async def faulty_world(world: World) -> World:
    await world.bot.add_cog(Faulty())
    await world.bot.sync_to_configured_guilds()
    return world


async def test_user_error_becomes_an_ephemeral_reply(
    faulty_world: World, caplog: pytest.LogCaptureFixture
) -> None:
    result = await faulty_world.member("ann").slash(faulty_world.channels["general"], "refuse")

    assert result.ephemeral
    assert result.response.content == "Only organizers can do that."
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_bug_is_logged_once_with_traceback_and_gets_a_generic_reply(
    faulty_world: World, caplog: pytest.LogCaptureFixture
) -> None:
    result = await faulty_world.member("ann").slash(faulty_world.channels["general"], "crash")

    assert result.ephemeral
    assert result.response.content == GENERIC_REPLY
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert errors[0].exc_info is not None
    assert "boom" in str(errors[0].exc_info[1])
    assert faulty_world.env.errors  # acknowledges the deliberate bug so teardown passes


async def test_bug_after_defer_still_answers(faulty_world: World) -> None:
    result = await faulty_world.member("ann").slash(faulty_world.channels["general"], "crash-late")

    assert GENERIC_REPLY in [m.content for m in result.followups] + [
        result.response.content if result.response else ""
    ]
    assert faulty_world.env.errors
