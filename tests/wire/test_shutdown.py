"""Closing the bot: nothing left running, no task that failed unobserved."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import CaucusBot
from bot.clock import ManualClock
from bot.runtime import build_services
from caucus_demo.fake_discord import FakeDiscord
from caucus_demo.fake_discord.client import running_client
from caucus_demo.stage import GUILD_READY_TIMEOUT, branch_settings, build_branch
from tests.support.database import database_url_for_tests
from tests.wire.support import START, wire_stage


@pytest.fixture
async def loop_problems() -> AsyncIterator[list[dict[str, Any]]]:
    """What the event loop reports (e.g. "Task exception was never retrieved") during a test."""
    loop = asyncio.get_running_loop()
    problems: list[dict[str, Any]] = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: problems.append(context))
    yield problems
    loop.set_exception_handler(previous)


async def test_close_leaves_no_task_running_and_no_failure_unreported(
    wire_fake: FakeDiscord, engine: AsyncEngine, loop_problems: list[dict[str, Any]]
) -> None:
    before = asyncio.all_tasks()
    async with wire_stage(wire_fake, engine) as stage:
        await stage.slash(stage.join("ana"), "caucus help")
        bot = stage.bot
    assert bot.is_closed()
    await asyncio.sleep(0)
    leftover = [t for t in asyncio.all_tasks() - before if not t.done()]
    gc.collect()  # unretrieved task exceptions are reported when the task is collected
    assert leftover == []
    assert loop_problems == []


async def test_close_stops_the_scheduler(wire_fake: FakeDiscord, engine: AsyncEngine) -> None:
    async with wire_stage(wire_fake, engine) as stage:
        scheduler = stage.services.scheduler
    assert scheduler.queue_size == 0


async def test_a_close_right_after_ready_waits_for_the_work_ready_started(
    wire_fake: FakeDiscord, engine: AsyncEngine
) -> None:
    """The checks the cogs start on the ready event (selfcheck, config review, requeued
    openings) used to run on in discord.py's untracked event tasks after the bot closed, with a
    database connection checked out while the engine was disposed: the "unclosed connection"
    ResourceWarnings of tests/wire/test_command_sync.py on PostgreSQL."""
    branch = build_branch(wire_fake)
    settings = branch_settings(branch, database_url=database_url_for_tests())
    services = build_services(settings, engine, ManualClock(START))
    bot = CaucusBot(services, start_scheduler=False, guild_ready_timeout=GUILD_READY_TIMEOUT)
    before = asyncio.all_tasks()

    async with running_client(wire_fake, bot):
        pass  # closed as soon as it is ready

    leftover = [t.get_name() for t in asyncio.all_tasks() - before if not t.done()]
    assert leftover == []
    checked_out = getattr(engine.pool, "checkedout", lambda: 0)()
    assert checked_out == 0, f"{checked_out} database connection(s) still checked out"
