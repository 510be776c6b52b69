"""Scheduled work respects the session's state: only a scheduled session is posted, and a posted
one is never marked missed or announced as missed afterwards."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from bot.db.jobs import Job
from bot.db.models import ReadingSessionRow
from bot.domain.jobs import JobState
from bot.domain.reading.states import SessionState
from bot.scheduling import JobHandler
from tests.cogs.reading.test_week import FIRST_SESSION, advance_to, session_threads
from tests.support.world import World


def post_job(world: World, number: int) -> Job:
    return Job(
        f"reading.post:{world.guild.id}:{number}",
        world.guild.id,
        "reading.post",
        FIRST_SESSION,
        {"number": number},
        JobState.RUNNING,
        1,
    )


def missed_hook(world: World) -> JobHandler:
    hook = world.services.scheduler.kinds["reading.post"].on_missed
    assert hook is not None
    return hook


async def stored_state(world: World, number: int) -> SessionState | None:
    state = await world.services.posting.session_state(world.guild.id, number)
    return state.state if state is not None else None


async def test_a_late_missed_run_never_unposts_a_posted_session(reading_world: World) -> None:
    world = reading_world
    await advance_to(world, FIRST_SESSION)
    assert await stored_state(world, 1) is SessionState.POSTED
    announcements = world.channels["announcements"]
    before = getattr(announcements.last_message, "id", None)

    # The post job's missed hook runs after all (a second process, a stale queue entry).
    await missed_hook(world)(post_job(world, 1))
    await world.env.settle()

    assert await stored_state(world, 1) is SessionState.POSTED
    after = getattr(announcements.last_message, "id", None)
    assert after == before, "no 'missed' notice for a posted session"


async def test_a_held_session_is_not_posted_by_a_stale_post_run(reading_world: World) -> None:
    world = reading_world
    async with world.services.core.sessions.begin() as session:
        await session.execute(
            update(ReadingSessionRow)
            .where(ReadingSessionRow.guild_id == world.guild.id, ReadingSessionRow.number == 1)
            .values(state=SessionState.HELD.value)
        )
    await world.services.scheduler.kinds["reading.post"].handler(post_job(world, 1))
    await world.env.settle()

    assert session_threads(world) == []
    assert await stored_state(world, 1) is SessionState.HELD


async def test_a_missed_run_marks_the_session_once_and_announces_it(reading_world: World) -> None:
    world = reading_world
    world.clock.set(FIRST_SESSION + dt.timedelta(hours=7))
    await world.services.scheduler.start(use_timers=False)
    await world.env.settle()
    assert await stored_state(world, 1) is SessionState.MISSED
    # Run again (a restart replaying the hook): no illegal missed -> missed move, no crash.
    await missed_hook(world)(post_job(world, 1))
    await world.env.settle()
    assert await stored_state(world, 1) is SessionState.MISSED
    assert session_threads(world) == []
