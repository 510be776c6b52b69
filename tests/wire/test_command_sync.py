"""Commands are synced to a guild only when the command tree changed since the last sync
(Discord rate-limits syncs per guild per day); `caucus sync` forces one."""

from __future__ import annotations

import datetime as dt

import discord
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import EXTENSIONS, CaucusBot
from bot.clock import ManualClock
from bot.config import Settings
from bot.runtime import build_services
from caucus_demo.fake_discord import FakeDiscord
from caucus_demo.fake_discord.client import running_client
from caucus_demo.stage import GUILD_READY_TIMEOUT, FakeBranch, branch_settings, build_branch
from tests.support.database import database_url_for_tests

START = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
SYNC = "bulk_set_guild_application_commands"


def settings_for(fake: FakeDiscord) -> tuple[FakeBranch, Settings]:
    branch = build_branch(fake)
    return branch, branch_settings(branch, database_url=database_url_for_tests())


async def start_and_stop(
    fake: FakeDiscord,
    engine: AsyncEngine,
    settings: Settings,
    extensions: tuple[str, ...] = EXTENSIONS,
) -> None:
    services = build_services(settings, engine, ManualClock(START))
    bot = CaucusBot(
        services,
        extensions=extensions,
        start_scheduler=False,
        guild_ready_timeout=GUILD_READY_TIMEOUT,
    )
    async with running_client(fake, bot):
        pass


async def test_a_second_start_with_the_same_commands_makes_no_sync_request(
    wire_fake: FakeDiscord, engine: AsyncEngine
) -> None:
    branch, settings = settings_for(wire_fake)
    await start_and_stop(wire_fake, engine, settings)
    assert len(wire_fake.requests_to(SYNC)) == 1
    await start_and_stop(wire_fake, engine, settings)
    assert len(wire_fake.requests_to(SYNC)) == 1
    assert wire_fake.commands(branch.guild.id)  # and the commands are still there


async def test_a_changed_command_tree_is_synced_at_the_next_start(
    wire_fake: FakeDiscord, engine: AsyncEngine
) -> None:
    branch, settings = settings_for(wire_fake)
    await start_and_stop(wire_fake, engine, settings, extensions=("cogs.caucus",))
    fewer = {command["name"] for command in wire_fake.commands(branch.guild.id)}
    await start_and_stop(wire_fake, engine, settings)
    assert len(wire_fake.requests_to(SYNC)) == 2
    synced = {command["name"] for command in wire_fake.commands(branch.guild.id)}
    assert synced > fewer
    assert {"vote", "faction", "audit"} <= synced


async def test_a_failed_sync_is_retried_at_the_next_start(
    wire_fake: FakeDiscord, engine: AsyncEngine
) -> None:
    branch, settings = settings_for(wire_fake)
    # 403: the bot lacks the applications.commands scope there (discord.py does not retry it)
    wire_fake.fail_next("PUT", "/applications/*/guilds/*/commands", status=403)
    with pytest.raises(discord.Forbidden):
        await start_and_stop(wire_fake, engine, settings)
    await start_and_stop(wire_fake, engine, settings)
    statuses = [record.status for record in wire_fake.requests_to(SYNC)]
    assert statuses == [403, 200]
    assert wire_fake.commands(branch.guild.id)
