"""Closing the bot: nothing left running, no task that failed unobserved."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from caucus_demo.fake_discord import FakeDiscord
from tests.wire.support import wire_stage


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
