"""A clean cut at close (issue 10, finding 5): a ballot cast as the vote closes is either
committed before the close and counted, or refused as closed. Never acknowledged with a
tracker and then dropped. Runs on SQLite and, in the PostgreSQL pass, with real concurrency
between two "processes" (two service instances sharing the database and data directory)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.models.factions import FactionBallotRow
from bot.db.models.voting import SealedBallotRow
from bot.domain.voting.ballots import MotionBallot, MotionChoice
from bot.errors import Conflict
from bot.runtime import build_services
from bot.services.container import Services
from bot.services.voting.records import CastReceipt
from tests.services.factions.conftest import found
from tests.services.factions.conftest import member as faction_member
from tests.services.voting.helpers import member, motion, open_vote

pytestmark = pytest.mark.database

VOTERS = 120
CLOSE_HEAD_START = 0.2  # seconds
VOTER_IDS = range(1, VOTERS + 1)
T = TypeVar("T")


async def race(
    casts: list[Coroutine[Any, Any, T]], close: Coroutine[Any, Any, Any]
) -> tuple[list[T], Any]:
    """A first wave of casts; once a few of them are done, the close starts, and the second
    wave arrives while it runs: some casts are done, some in flight, some come after."""
    first, second = casts[: len(casts) // 3], casts[len(casts) // 3 :]
    early = [asyncio.create_task(c) for c in first]
    pending = set(early)
    while len(early) - len(pending) < len(early) // 3:
        _, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
    closing = asyncio.create_task(close)
    # Let the close get going (it reads whether the vote has tellers, then queues for its
    # lock) before the second wave: the close may even finish first, and then every late cast
    # must be refused.
    await asyncio.wait([closing], timeout=CLOSE_HEAD_START)
    late = [asyncio.create_task(c) for c in second]
    closed = await closing
    return await asyncio.gather(*early, *late), closed


async def attempt(services: Services, vote_id: int, member_id: int) -> object:
    try:
        choice = MotionChoice.YES if member_id % 2 else MotionChoice.NO
        return await services.voting.casting.cast(member(member_id), vote_id, MotionBallot(choice))
    except Conflict as refusal:
        return refusal


@pytest.mark.parametrize("changeable", [False, True])
async def test_every_acknowledged_ballot_is_counted_when_casts_race_the_close(
    services: Services, engine: AsyncEngine, changeable: bool
) -> None:
    vote = await open_vote(services, motion(changeable=changeable), range(1, VOTERS + 1))
    closer = build_services(services.settings, engine, services.clock)  # another process

    outcomes, closed = await race(
        [attempt(services, vote.id, m) for m in VOTER_IDS],
        closer.voting.closing.close(vote.guild_id, vote.id),
    )

    receipts = [o for o in outcomes if isinstance(o, CastReceipt)]
    refusals = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(receipts) + len(refusals) == VOTERS
    assert {r.message for r in refusals} <= {
        f"Vote #{vote.id} has closed; it takes no more ballots."
    }
    assert receipts  # the race really happened: both sides of the cut are tested
    assert refusals
    assert closed.outcome is not None
    assert closed.outcome.ballots == len(receipts)  # every tracker shown is in the count
    assert closed.ballots_cast == len(receipts)  # and the roll agrees
    async with services.core.sessions() as session:  # nothing slipped in after the close
        left = await session.scalar(select(func.count()).select_from(SealedBallotRow))
    assert left == 0


async def test_a_member_vote_ballot_racing_the_close_is_counted_or_refused(
    services: Services, engine: AsyncEngine
) -> None:
    members = list(range(101, 141))
    await found(services, "Red", *members)
    vote = await services.factions.votes.call_dissolution(faction_member(101), "Red")
    closer = build_services(services.settings, engine, services.clock)

    async def cast(member_id: int) -> object:
        try:
            return await services.factions.votes.cast(faction_member(member_id), vote.id, yes=True)
        except Conflict as refusal:
            return refusal

    outcomes, decided = await race(  # one member never votes: only the close decides
        [cast(m) for m in members[:-1]], closer.factions.votes.close(vote.guild_id, vote.id)
    )

    accepted = [o for o in outcomes if not isinstance(o, Conflict)]
    assert accepted
    assert len(accepted) < len(outcomes)
    assert decided is not None
    assert decided.vote.yes == len(accepted)
    async with services.core.sessions() as session:
        left = await session.scalar(select(func.count()).select_from(FactionBallotRow))
    assert left == 0
