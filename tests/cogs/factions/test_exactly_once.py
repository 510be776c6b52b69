"""A member vote's result is posted exactly once: never zero times, never twice, whichever step
a crash (here: a database error) interrupts, and however often its close job runs again.

The decision commits first; the result is posted after it, by the vote's close job. A job that
stops between the two is rerun (its retry, or the re-queue after a restart) and must still
post the result, once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.services.factions.records import close_job_id
from tests.cogs.factions.helpers import call, found
from tests.cogs.factions.test_bulletin import publish
from tests.cogs.votes.test_exactly_once import BookkeepingFails, rerun
from tests.support.world import World

RESULT = "Red Caucus is dissolved by its members"


async def dissolution_vote(world: World) -> Any:
    await found(world, "Red Caucus", "ana", "ben")
    await call(world.member("cat"), world, "faction join", name="Red Caucus")
    await call(world.member("cat"), world, "faction dissolve", name="Red Caucus")
    return next(
        m for m in reversed(world.channels["general"].history()) if "Member vote F" in m.content
    )


def results(world: World) -> list[Any]:
    return [
        m
        for m in world.channels["general"].history()
        if m.author.bot and m.content.startswith(RESULT)
    ]


async def close_by_deadline(world: World, message: Any) -> None:
    """Two of three vote yes; the third never does, so the close job decides at the deadline."""
    await world.member("ana").click(message, label="Yes")
    await world.member("ben").click(message, label="Yes")
    world.clock.advance(dt.timedelta(days=30))
    await world.services.scheduler.run_due()


@pytest.mark.parametrize("step", ["begin", "complete"])
async def test_a_close_job_stopped_after_the_decision_posts_the_result_once_on_rerun(
    world: World, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """``begin``: the job stops after the decision committed, before the send (the result
    used to be lost: the rerun found the vote decided and posted nothing). ``complete``: it
    stops after the send, before its record (the rerun must find it, not post again)."""
    message = await dissolution_vote(world)
    failing = BookkeepingFails(getattr(world.services.outbox, step))
    monkeypatch.setattr(world.services.outbox, step, failing)

    await close_by_deadline(world, message)
    assert failing.failed == 1
    assert await world.services.factions.membership.live(world.guild.id) == []  # decided
    await rerun(world, close_job_id(1))
    await rerun(world, close_job_id(1))  # and again, for good measure

    assert len(results(world)) == 1


async def test_a_vote_decided_by_its_last_ballot_posts_its_result_after_a_crash(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last ballot decides the vote; posting the result then fails. Its close job used to
    be cancelled with the decision, so nothing would ever post it."""
    message = await dissolution_vote(world)
    failing = BookkeepingFails(world.services.outbox.begin)
    monkeypatch.setattr(world.services.outbox, "begin", failing)

    for name in ("ana", "ben", "cat"):
        await world.member(name).click(message, label="Yes")
    assert failing.failed == 1
    assert results(world) == []
    await rerun(world, close_job_id(1))

    assert len(results(world)) == 1


async def test_rerunning_the_close_job_of_a_posted_result_posts_nothing_more(
    world: World,
) -> None:
    message = await dissolution_vote(world)
    await close_by_deadline(world, message)
    assert len(results(world)) == 1

    await rerun(world, close_job_id(1))
    await rerun(world, close_job_id(1))

    assert len(results(world)) == 1


async def test_a_reading_proposal_result_is_posted_once_after_a_crash(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for a reading proposal decided by all members, whose result also puts the
    document in the corpus: once, the rerun finds it there."""
    await found(world, "Red Caucus", "ana", "ben")
    await publish(world)
    await call(world.member("ben"), world, "faction propose", document=1)
    votes = world.channels["votes"]
    message = next(m for m in votes.history() if "Member vote F1" in m.content)
    failing = BookkeepingFails(world.services.outbox.complete)
    monkeypatch.setattr(world.services.outbox, "complete", failing)

    for name in ("ana", "ben", "cat", "dan"):
        await world.member(name).click(message, label="Yes")
    assert failing.failed == 1
    await rerun(world, close_job_id(1))
    await rerun(world, close_job_id(1))

    posted = [m for m in votes.history() if m.author.bot and "joins the reading plan" in m.content]
    assert len(posted) == 1
    ids = await world.services.corpus.plan_document_ids(world.guild.id)
    assert ids.count("read-both-sides") == 1


async def test_ballots_cast_before_the_vote_message_is_recorded_still_get_their_result(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Members may click the moment the vote appears, before the bot has recorded the
    message's id. The result used to look for the channel in that record, find none and say
    nothing at all; the channel is now recorded before the vote is sent."""
    votes = world.services.factions.votes

    async def not_yet_recorded(vote_id: int, *, channel_id: int, message_id: int) -> None:
        return None

    monkeypatch.setattr(votes, "set_message", not_yet_recorded)
    message = await dissolution_vote(world)
    for name in ("ana", "ben", "cat"):
        await world.member(name).click(message, label="Yes")
    await world.services.scheduler.run_due()

    assert len(results(world)) == 1
