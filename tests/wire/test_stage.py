"""The wire stage's own helpers: people, config swaps and the manual clock."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.db import jobs
from bot.db.jobs import Job
from caucus_demo.stage import Stage
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
