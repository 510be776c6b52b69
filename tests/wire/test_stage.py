"""The wire stage's own helpers: people, config swaps and the manual clock."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from bot.db import jobs
from bot.db.jobs import Job
from caucus_demo.stage import Stage, interaction_handlers_finished
from tests.wire.support import START


async def test_organizers_hold_both_roles_and_visitors_none(stage: Stage) -> None:
    olga, visitor = stage.join("olga", organizer=True), stage.visit("vic")
    roles = {stage.branch.organizer_role.id, stage.branch.member_role.id}
    assert set(olga.roles) == roles
    assert visitor.roles == []


async def test_joining_twice_is_refused(stage: Stage) -> None:
    stage.join("ana")
    with pytest.raises(ValueError, match="already joined"):
        stage.join("ana")


async def test_configure_replaces_one_section_and_keeps_the_rest(stage: Stage) -> None:
    before = stage.services.settings.guilds[0]
    stage.configure(voting={"members_can_create": True})
    after = stage.services.settings.guilds[0]
    assert after.voting.members_can_create
    assert (after.id, after.channels, after.roles) == (before.id, before.channels, before.roles)


async def test_advance_runs_a_job_only_once_it_is_due(stage: Stage) -> None:
    handled: list[str] = []

    async def handler(job: Job) -> None:
        handled.append(job.id)

    stage.services.scheduler.register("wire.test", handler)
    async with stage.services.core.sessions.begin() as session:
        await jobs.upsert(
            session,
            "wire.test:1",
            guild_id=stage.guild.id,
            kind="wire.test",
            due_at=START + dt.timedelta(hours=2),
        )
    # The bot's own jobs (e.g. the monthly digest) may fall due in the same window: count ours.
    await stage.advance(dt.timedelta(hours=1))
    assert handled == []
    await stage.advance(dt.timedelta(hours=1))
    assert stage.clock.now() == START + dt.timedelta(hours=2)
    assert handled == ["wire.test:1"]


async def test_quiet_waits_for_handlers_still_working_after_their_reply() -> None:
    # A command handler that, after answering, starts a button callback which posts later:
    # quiet returns only once both have finished, not when the first one has.
    done: list[str] = []
    tasks: list[asyncio.Task[None]] = []

    async def button_callback() -> None:
        await asyncio.sleep(0.02)
        done.append("button")

    async def command_handler() -> None:
        await asyncio.sleep(0.01)
        tasks.append(
            asyncio.create_task(button_callback(), name="discord-ui-dynamic-item-X-caucus:x")
        )
        done.append("command")

    tasks.append(asyncio.create_task(command_handler(), name="CommandTree-invoker"))
    listener = asyncio.create_task(asyncio.sleep(5), name="discord.py: on_message")  # no handler
    await interaction_handlers_finished(within=2)
    assert done == ["command", "button"]
    assert not listener.done()
    listener.cancel()


async def test_quiet_gives_up_on_a_handler_that_never_finishes() -> None:
    never = asyncio.create_task(asyncio.Event().wait(), name="CommandTree-invoker")
    with pytest.raises(TimeoutError):
        await interaction_handlers_finished(within=0.05)
    never.cancel()
