"""Session threads: stored copies honour deletions, and the automatic summary at close."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import jobs
from bot.services.reading.plan import CLOSE, job_id
from tests.cogs.reading.conftest import READING
from tests.cogs.reading.test_week import FIRST_SESSION, advance_to
from tests.cogs.summaries.conftest import embed_text
from tests.support.world import World, running_world

CLOSES = FIRST_SESSION + dt.timedelta(weeks=1) - dt.timedelta(minutes=5)


async def open_session(world: World) -> Any:
    await advance_to(world, FIRST_SESSION)
    return world.channels["reading"].threads[0]


async def discuss(world: World, thread: Any) -> None:
    await world.member("ana").send(thread, "Slates hide disagreement from the membership.")
    await world.member("ben").send(thread, "Slates hide disagreement, and that weakens democracy.")
    await world.member("cara").send(thread, "Factions should publish minority reports openly.")
    await world.member("dev").send(thread, "Who decides when a faction may publish a report?")


def summaries_in(thread: Any) -> list[Any]:
    return [
        m
        for m in thread.history()
        if m.author.bot and any("summary" in (e.footer.text or "") for e in m.embeds)
    ]


async def test_deleted_message_leaves_the_summary_and_the_stored_copy(
    reading_world: World,
) -> None:
    world = reading_world
    thread = await open_session(world)
    await discuss(world, thread)
    gone = await world.member("eve").send(thread, "Eve's secret plan for the branch budget.")

    await world.member("eve").delete(gone)
    result = await world.member("ana").slash(thread, "summarize")

    text = embed_text(result)
    assert "4 messages from 4 people" in text
    assert "secret plan" not in text
    stored = await world.services.responses.for_session(world.guild.id, 1)
    assert all("secret plan" not in r.content for r in stored)


async def test_edits_are_summarised_as_edited(reading_world: World) -> None:
    world = reading_world
    thread = await open_session(world)
    message = await world.member("ana").send(thread, "Capital must come first for everyone.")

    await world.member("ana").edit(message, "The Manifesto must come first for everyone.")
    text = embed_text(await world.member("ana").slash(thread, "summarize"))

    assert "Manifesto must come first" in text
    assert "Capital" not in text


async def test_summary_is_posted_when_the_session_closes(reading_world: World) -> None:
    world = reading_world
    thread = await open_session(world)
    await discuss(world, thread)
    await world.member("dev").slash(thread, "privacy summaries", setting="off")

    await advance_to(world, CLOSES - dt.timedelta(minutes=1))
    assert summaries_in(thread) == []
    await advance_to(world, CLOSES)

    [posted] = summaries_in(thread)
    text = "\n".join(e.description or "" for e in posted.embeds)
    assert posted.embeds[0].title.startswith("Session 1: the discussion in summary")
    assert posted.embeds[-1].footer.text == "Caucus · session 1 · summary 1/1"
    assert "3 messages from 3 people" in text
    assert "dev" not in text
    stored = world.env.backend.get_message(thread.id, posted.id)
    assert stored.ping_user_ids == []


async def test_close_job_is_scheduled_before_the_next_session(reading_world: World) -> None:
    async with reading_world.services.core.sessions() as session:
        job = await jobs.get(session, job_id(CLOSE, reading_world.guild.id, 1))

    assert job is not None
    assert job.due_at == CLOSES


async def test_summary_is_posted_once_even_if_the_job_runs_again(reading_world: World) -> None:
    world = reading_world
    thread = await open_session(world)
    await discuss(world, thread)
    await advance_to(world, CLOSES)

    await world.restart()
    handler = world.services.scheduler.kinds[CLOSE].handler
    async with world.services.core.sessions() as session:
        job = await jobs.get(session, job_id(CLOSE, world.guild.id, 1))
    assert job is not None
    await handler(job)

    assert len(summaries_in(thread)) == 1


async def test_no_automatic_summary_when_turned_off(engine: AsyncEngine) -> None:
    async with running_world(
        engine, reading=READING, summaries={"auto_on_session_close": False}
    ) as world:
        await world.services.plans.sync(world.guild.id)
        thread = await open_session(world)
        await discuss(world, thread)

        await advance_to(world, CLOSES)

        assert summaries_in(thread) == []
