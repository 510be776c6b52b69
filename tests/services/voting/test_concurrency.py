"""Many members at once, one member many times, and a restart in the middle."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.db.models.voting import SealedBallotRow
from bot.domain.voting.ballots import MotionBallot, MotionChoice
from bot.errors import Conflict
from bot.runtime import build_services
from bot.services.container import Services
from bot.services.voting.records import CastReceipt
from tests.services.voting.helpers import member, motion, open_vote

MEMBERS = 500
REPEATS = 50
CHOICES = list(MotionChoice)


def ballot(n: int) -> MotionBallot:
    return MotionBallot(CHOICES[n % 3])


async def attempt(services: Services, vote_id: int, member_id: int, n: int) -> object:
    try:
        return await services.voting.casting.cast(member(member_id), vote_id, ballot(n))
    except Conflict as refusal:
        return refusal


async def stored_ballots(services: Services) -> int:
    async with services.core.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(SealedBallotRow)) or 0)


async def storm(services: Services, vote_id: int) -> list[object]:
    everyone = [attempt(services, vote_id, m, m) for m in range(1, MEMBERS + 1)]
    repeats = [attempt(services, vote_id, 1, n) for n in range(REPEATS)]
    return await asyncio.gather(*everyone, *repeats)


async def test_500_at_once_and_50_repeats_store_exactly_500_ballots(services: Services) -> None:
    vote = await open_vote(services, motion(changeable=False), range(1, MEMBERS + 1))

    outcomes = await storm(services, vote.id)

    receipts = [o for o in outcomes if isinstance(o, CastReceipt)]
    refusals = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(receipts) == MEMBERS
    assert len(refusals) == REPEATS
    assert {r.message for r in refusals} == {
        "You have already voted, and ballots in this vote cannot be changed."
    }
    assert await stored_ballots(services) == MEMBERS
    closed = await services.voting.closing.close(vote.guild_id, vote.id)
    assert closed.outcome is not None
    assert closed.outcome.ballots == MEMBERS


async def test_repeats_on_a_changeable_vote_replace_and_never_add_a_ballot(
    services: Services,
) -> None:
    vote = await open_vote(services, motion(changeable=True), range(1, MEMBERS + 1))

    outcomes = await storm(services, vote.id)
    closed = await services.voting.closing.close(vote.guild_id, vote.id)

    receipts = [o for o in outcomes if isinstance(o, CastReceipt)]
    assert len(receipts) == MEMBERS + REPEATS
    assert sum(r.changed for r in receipts) == REPEATS
    assert closed.outcome is not None
    assert closed.outcome.ballots == MEMBERS
    assert closed.outcome.roll_size == MEMBERS


async def test_a_restart_mid_vote_loses_no_ballot(
    services: Services, engine: AsyncEngine, clock: ManualClock
) -> None:
    vote = await open_vote(services, motion(changeable=True), range(1, 101))
    before = await asyncio.gather(*(attempt(services, vote.id, m, m) for m in range(1, 51)))

    restarted = build_services(services.settings, engine, clock)  # a new process, same disk
    after = await asyncio.gather(*(attempt(restarted, vote.id, m, m) for m in range(41, 101)))
    closed = await restarted.voting.closing.close(vote.guild_id, vote.id)

    assert all(isinstance(o, CastReceipt) for o in [*before, *after])
    assert sum(o.changed for o in after if isinstance(o, CastReceipt)) == 10
    assert closed.outcome is not None
    assert closed.outcome.ballots == 100
    assert closed.outcome.totals == (("Yes", 33), ("No", 34), ("Abstain", 33))
