"""Exactly once for every outward effect of a vote: a database error between the Discord send
and its bookkeeping write, then a rerun of the job, still leaves one announcement (one Vote
button), one result, and one reminder DM per member; a rerun of the reminder DMs nobody again."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from bot.db import jobs
from bot.services.voting.records import CLOSE_JOB, OPEN_JOB, REMIND_JOB, job_id
from tests.cogs.votes.helpers import close_after, create_vote, vote_on_motion
from tests.support.world import World


class BookkeepingFails:
    """Replaces a service method: the first call raises a database error (after the Discord
    send it records has happened), later calls go through."""

    def __init__(self, real: Any) -> None:
        self.real, self.failed = real, 0

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not self.failed:
            self.failed += 1
            raise IntegrityError("UPDATE votes ...", {}, Exception("disk I/O error"))
        return await self.real(*args, **kwargs)


def bot_messages(channel: Any) -> list[Any]:
    return [m for m in channel.history() if m.author.bot]


def titled(channel: Any, start: str) -> list[Any]:
    return [
        m for m in bot_messages(channel) if any((e.title or "").startswith(start) for e in m.embeds)
    ]


async def rerun(world: World, ident: str) -> None:
    """The scheduler's retry comes later; make it due now (as after a restart)."""
    async with world.services.core.sessions.begin() as session:
        job = await jobs.get(session, ident)
        assert job is not None
        await jobs.upsert(
            session,
            ident,
            guild_id=job.guild_id,
            kind=job.kind,
            due_at=world.clock.now(),
            payload=job.payload,
            rerun=True,
        )
    await world.services.scheduler.run_due()


async def scheduled_motion(world: World, days: float = 2.0) -> None:
    guild = world.services.settings.guild(world.guild.id)
    assert guild is not None
    opens = (world.clock.now() + dt.timedelta(hours=1)).astimezone(guild.zone)
    await create_vote(
        world,
        world.organizer(),
        title="Picket",
        kind="motion",
        days=days,
        opens=opens.strftime("%Y-%m-%d %H:%M"),
    )


async def test_a_database_error_after_the_announcement_never_posts_it_twice(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    votes = world.services.voting.votes
    failing = BookkeepingFails(votes.set_announcement)
    monkeypatch.setattr(votes, "set_announcement", failing)
    ann = world.member("ann")  # on the roll when it freezes
    await scheduled_motion(world)

    await close_after(world, 1 / 24 + 0.001)  # opens: sends, then the record fails
    assert failing.failed == 1
    assert len(titled(world.channels["votes"], "Vote #1")) == 1
    await rerun(world, job_id(OPEN_JOB, 1))

    announcements = titled(world.channels["votes"], "Vote #1")
    assert len(announcements) == 1, "the announcement with its Vote button was posted twice"
    info = await votes.get(world.guild.id, 1)
    assert info.message_id == announcements[0].id
    assert "is cast" in (await vote_on_motion(ann, announcements[0], "Yes")).response.content


async def test_a_database_error_after_the_result_never_posts_it_twice(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    votes = world.services.voting.votes
    ann = world.member("ann")
    await create_vote(world, world.organizer(), title="Picket", kind="motion", days=1.0)
    await vote_on_motion(ann, world.channels["votes"].last_message, "Yes")
    failing = BookkeepingFails(votes.set_result_message)
    monkeypatch.setattr(votes, "set_result_message", failing)

    await close_after(world, 1.01)
    assert failing.failed == 1
    await rerun(world, job_id(CLOSE_JOB, 1))
    await rerun(world, job_id(CLOSE_JOB, 1))  # and once more, for good measure

    results = titled(world.channels["votes"], "Result — Vote #1")
    assert len(results) == 1, "the result was posted twice"
    info = await votes.get(world.guild.id, 1)
    assert info.result_message_id == results[0].id


async def test_a_database_error_after_a_reminder_dm_never_sends_it_twice(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    ann, ben = world.member("ann"), world.member("ben")
    await create_vote(world, world.organizer(), title="Picket", kind="motion", days=2.0)
    outbox = world.services.outbox
    failing = BookkeepingFails(outbox.complete)
    monkeypatch.setattr(outbox, "complete", failing)

    await close_after(world, 1)  # the reminder: the first DM is sent, its record fails
    assert failing.failed == 1
    await rerun(world, job_id(REMIND_JOB, 1))

    for person in (ann, ben):
        reminders = [m for m in person.user.dm_channel.history() if "not voted yet" in m.content]
        assert len(reminders) == 1, f"{person.display_name} got {len(reminders)} reminders"


async def test_rerunning_the_reminder_job_dms_nobody_again(world: World) -> None:
    ann, ben = world.member("ann"), world.member("ben")
    await create_vote(world, world.organizer(), title="Picket", kind="motion", days=2.0)
    await close_after(world, 1)
    await rerun(world, job_id(REMIND_JOB, 1))
    await rerun(world, job_id(REMIND_JOB, 1))

    for person in (ann, ben):
        assert len(person.user.dm_channel.history()) == 1
