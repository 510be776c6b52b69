"""The pile-on guard in session threads: once per window, and only when turned on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from tests.cogs.reading.conftest import READING
from tests.cogs.reading.test_week import FIRST_SESSION, advance_to
from tests.cogs.summaries.conftest import open_thread
from tests.support.world import World, running_world

NORMS = "Please remember our norms: arguments, not people."
GUARD = {"pile_on_guard": True, "pile_on_replies": 3, "pile_on_minutes": 10, "norms_text": NORMS}


def reminders(thread: Any) -> list[Any]:
    return [m for m in thread.history() if m.author.bot and m.content == NORMS]


async def pile_on(world: World, thread: Any, target: Any, repliers: list[str]) -> None:
    for name in repliers:
        await world.member(name).send(thread, f"{name} thinks that is wrong.", reply_to=target)
        world.clock.advance(dt.timedelta(seconds=30))


async def session_thread(world: World) -> Any:
    await world.services.plans.sync(world.guild.id)
    await advance_to(world, FIRST_SESSION)
    return world.channels["reading"].threads[0]


async def test_reminder_is_posted_once_per_window(engine: AsyncEngine) -> None:
    async with running_world(engine, reading=READING, summaries=GUARD) as world:
        thread = await session_thread(world)
        target = await world.member("ana").send(thread, "Slates are fine, actually.")

        await pile_on(world, thread, target, ["b1", "b2", "b3"])
        assert reminders(thread) == []
        await pile_on(world, thread, target, ["b4", "b5", "b6", "b7"])
        assert len(reminders(thread)) == 1

        world.clock.advance(dt.timedelta(minutes=15))
        await pile_on(world, thread, target, ["c1", "c2", "c3", "c4"])
        assert len(reminders(thread)) == 2


async def test_reminder_mentions_nobody(engine: AsyncEngine) -> None:
    async with running_world(engine, reading=READING, summaries=GUARD) as world:
        thread = await session_thread(world)
        target = await world.member("ana").send(thread, "Slates are fine, actually.")

        await pile_on(world, thread, target, ["b1", "b2", "b3", "b4"])

        [reminder] = reminders(thread)
        assert world.env.backend.get_message(thread.id, reminder.id).ping_user_ids == []


async def test_no_reminder_when_the_guard_is_off(reading_world: World) -> None:
    world = reading_world
    await advance_to(world, FIRST_SESSION)
    thread = world.channels["reading"].threads[0]
    target = await world.member("ana").send(thread, "Slates are fine, actually.")

    await pile_on(world, thread, target, ["b1", "b2", "b3", "b4", "b5", "b6"])

    assert [m for m in thread.history() if m.author.bot and "norms" in m.content] == []


async def test_no_reminder_outside_session_threads(engine: AsyncEngine) -> None:
    async with running_world(engine, summaries=GUARD) as world:
        thread = await open_thread(world)
        target = await world.member("ana").send(thread, "Slates are fine, actually.")

        await pile_on(world, thread, target, ["b1", "b2", "b3", "b4", "b5"])

        assert reminders(thread) == []
