"""Teller notices go through the outbox: "the count waits for the tellers" at the close, the
organizers' notice at the release deadline, and "cannot open yet" for a vote missing tellers
are each posted once, also when their job stops between the send and its record (a database
error) and runs again, and however often it runs again."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.services.voting.records import CLOSE_JOB, OPEN_JOB, job_id
from bot.services.voting.teller_records import DEADLINE_JOB
from tests.cogs.tellers.test_teller_flow import close_voting, name_all, register
from tests.cogs.votes.helpers import create_vote, vote_on_motion
from tests.cogs.votes.test_exactly_once import BookkeepingFails, rerun
from tests.support.world import World

pytestmark = pytest.mark.database


def saying(channel: Any, words: str) -> list[Any]:
    return [m for m in channel.history() if m.author.bot and words in m.content]


@pytest.mark.parametrize("fails", [True, False])
async def test_the_waiting_for_tellers_notice_is_posted_once(
    world: World, monkeypatch: pytest.MonkeyPatch, fails: bool
) -> None:
    _, announcement = await name_all(world)
    await vote_on_motion(world.member("ann"), announcement, "Yes")
    failing = BookkeepingFails(world.services.outbox.complete)
    if fails:  # the notice is sent, then recording it fails: the close job is retried
        monkeypatch.setattr(world.services.outbox, "complete", failing)

    await close_voting(world)
    assert failing.failed == int(fails)
    await rerun(world, job_id(CLOSE_JOB, 1))
    await rerun(world, job_id(CLOSE_JOB, 1))

    assert len(saying(world.channels["votes"], "The count waits for 2 of its 3 tellers")) == 1


@pytest.mark.parametrize("fails", [True, False])
async def test_the_release_deadline_notice_is_posted_once(
    world: World, monkeypatch: pytest.MonkeyPatch, fails: bool
) -> None:
    _, announcement = await name_all(world)
    await vote_on_motion(world.member("ann"), announcement, "Yes")
    await close_voting(world)
    failing = BookkeepingFails(world.services.outbox.complete)
    if fails:
        monkeypatch.setattr(world.services.outbox, "complete", failing)

    world.clock.advance(dt.timedelta(hours=48))
    await world.services.scheduler.run_due()
    assert failing.failed == int(fails)
    await rerun(world, job_id(DEADLINE_JOB, 1))
    await rerun(world, job_id(DEADLINE_JOB, 1))

    assert len(saying(world.channels["log"], "still uncounted past its release deadline")) == 1


async def test_the_missing_tellers_notice_is_posted_once_per_state_of_the_naming(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    olga = world.organizer()
    await register(world, "tess")
    await register(world, "tom")
    opens = (world.clock.now() + dt.timedelta(hours=1)).astimezone(
        world.services.settings.guilds[0].zone
    )
    await create_vote(
        world,
        olga,
        title="Budget",
        kind="motion",
        days=1.0,
        opens=opens.strftime("%Y-%m-%d %H:%M"),
    )
    await olga.slash(world.channels["general"], "teller name", vote=1, member=world.member("tess"))
    failing = BookkeepingFails(world.services.outbox.complete)
    monkeypatch.setattr(world.services.outbox, "complete", failing)

    world.clock.advance(dt.timedelta(hours=1, minutes=1))
    await world.services.scheduler.run_due()
    assert failing.failed == 1
    await rerun(world, job_id(OPEN_JOB, 1))
    await rerun(world, job_id(OPEN_JOB, 1))
    assert len(saying(world.channels["log"], "is due to open but cannot yet")) == 1

    # A change in the naming is news: said once more, once.
    await olga.slash(world.channels["general"], "teller name", vote=1, member=world.member("tom"))
    await rerun(world, job_id(OPEN_JOB, 1))
    await rerun(world, job_id(OPEN_JOB, 1))
    assert len(saying(world.channels["log"], "is due to open but cannot yet")) == 2
