"""A scheduled job that fails for good tells the organizers in the log channel: once, with the
cause in plain words, no traceback and no ids."""

from __future__ import annotations

import datetime as dt
import re

from bot.db import jobs
from bot.scheduling import MAX_ATTEMPTS, Job, RetryLater
from tests.support.world import World


async def test_a_job_failing_for_good_is_told_once_in_the_log_channel(world: World) -> None:
    async def broken(job: Job) -> None:
        raise RetryLater(
            f"channel {world.channels['votes'].id} refused: 50013 Missing Permissions",
            cause="Caucus is not allowed to post in the votes channel",
        )

    world.services.scheduler.register("vote.close", broken)
    async with world.services.core.sessions.begin() as session:
        await jobs.upsert(
            session,
            "vote.close:7",
            guild_id=world.guild.id,
            kind="vote.close",
            due_at=world.clock.now(),
            payload={"vote_id": 7},
        )
    for _ in range(MAX_ATTEMPTS + 3):
        await world.services.scheduler.run_due()
        world.clock.advance(dt.timedelta(hours=2))

    notices = [m for m in world.channels["log"].history() if m.author.bot]
    assert len(notices) == 1
    text = notices[0].content
    assert "closing vote #7" in text
    assert "Caucus is not allowed to post in the votes channel" in text
    assert "Traceback" not in text
    assert "RetryLater" not in text
    assert not re.search(r"\d{15,}", text), "a Discord id leaked into the notice"


async def test_an_unexpected_error_is_told_without_its_details(world: World) -> None:
    async def broken(job: Job) -> None:
        raise KeyError(f"member {world.guild.id}")

    world.services.scheduler.register("archive", broken)
    async with world.services.core.sessions.begin() as session:
        await jobs.upsert(
            session, "archive:x", guild_id=world.guild.id, kind="archive", due_at=world.clock.now()
        )
    for _ in range(MAX_ATTEMPTS + 1):
        await world.services.scheduler.run_due()
        world.clock.advance(dt.timedelta(hours=2))

    [notice] = [m for m in world.channels["log"].history() if m.author.bot]
    assert "a scheduled task" in notice.content
    assert "unexpected error" in notice.content
    assert str(world.guild.id) not in notice.content
