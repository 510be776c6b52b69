"""Driving a convention through its services, with a desk that opens and closes votes directly
(what the cog's desk does, minus the Discord posts)."""

from __future__ import annotations

import datetime as dt

from bot.clock import ManualClock
from bot.domain.conventions.agenda import ItemKind
from bot.domain.voting.ballots import MotionBallot, MotionChoice
from bot.services.actors import Actor
from bot.services.container import Services
from bot.services.conventions.records import ConventionView, Step
from bot.services.voting.records import VoteInfo
from tests.services.voting.helpers import START, member, organizer
from tests.support.settings import GUILD_ID

MOTION_TEXT = "\n".join(f"The branch resolves point {n}." for n in range(1, 9))
CHAIR = organizer()


class DirectDesk:
    def __init__(self, services: Services) -> None:
        self.services = services

    async def open(self, guild_id: int, vote_id: int) -> VoteInfo:
        roll = await self.services.conventions.roll_for(guild_id, vote_id)
        assert roll is not None, "a convention vote always has its check-in roll"
        return await self.services.voting.votes.open(guild_id, vote_id, roll)

    async def close(self, guild_id: int, vote_id: int) -> VoteInfo | None:
        return await self.services.voting.closing.close(guild_id, vote_id)


async def convention_with_motion(services: Services) -> ConventionView:
    created = await services.conventions.create(
        CHAIR, "Annual convention", START, START + dt.timedelta(days=2)
    )
    await services.conventions.add_item(
        CHAIR, created.convention.id, ItemKind.MOTION, "Strategy", MOTION_TEXT
    )
    return await services.conventions.view(GUILD_ID, created.convention.id)


async def check_in(services: Services, convention_id: int, ids: range) -> list[Actor]:
    actors = [member(i) for i in ids]
    for actor in actors:
        await services.conventions.check_in(actor, convention_id)
    return actors


async def next_step(services: Services, convention_id: int, membership: int = 5) -> Step:
    """The chair's next step, two minutes after the last (a vote stays open at least one)."""
    clock = services.clock
    assert isinstance(clock, ManualClock)
    clock.advance(dt.timedelta(minutes=2))
    return await services.convention_chair.next(
        CHAIR, convention_id, membership, DirectDesk(services)
    )


async def vote(services: Services, vote_id: int, actors: list[Actor], choice: str) -> None:
    ballot = MotionBallot(MotionChoice(choice))
    for actor in actors:
        await services.voting.casting.cast(actor, vote_id, ballot)
