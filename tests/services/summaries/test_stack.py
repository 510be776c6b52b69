"""The speakers' stack service: progressive order, leave, next, facilitators, persistence."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.errors import Conflict, NotAllowed
from bot.services.container import Services
from tests.services.summaries.conftest import make_services, member, organizer
from tests.support.settings import GUILD_ID

CHANNEL = 555


async def join_in_order(services: Services, *member_ids: int) -> None:
    for member_id in member_ids:
        await services.summaries.stacks.join(member(member_id), CHANNEL)
        services.clock.advance(dt.timedelta(seconds=10))  # type: ignore[attr-defined]


def order(state) -> list[int]:
    return [entry.member_id for entry in state.queue]


async def test_members_who_have_spoken_go_after_new_voices(engine: AsyncEngine) -> None:
    services = make_services(engine)
    stacks = services.summaries.stacks
    await join_in_order(services, 1, 2)
    await stacks.next(organizer(), CHANNEL)  # 1 speaks
    await join_in_order(services, 1, 3)

    state = await stacks.show(GUILD_ID, CHANNEL)

    assert state.speaker_id == 1
    assert order(state) == [2, 3, 1]


async def test_first_come_first_served_when_progressive_order_is_off(engine: AsyncEngine) -> None:
    services = make_services(engine, stack_new_speakers_first=False)
    await join_in_order(services, 1, 2)
    await services.summaries.stacks.next(organizer(), CHANNEL)
    await join_in_order(services, 1, 3)

    state = await services.summaries.stacks.show(GUILD_ID, CHANNEL)

    assert order(state) == [2, 1, 3]


async def test_leaving_removes_a_member_from_the_queue(engine: AsyncEngine) -> None:
    services = make_services(engine)
    await join_in_order(services, 1, 2, 3)

    state = await services.summaries.stacks.leave(member(2), CHANNEL)

    assert order(state) == [1, 3]
    with pytest.raises(Conflict):
        await services.summaries.stacks.leave(member(2), CHANNEL)


async def test_joining_twice_is_refused(engine: AsyncEngine) -> None:
    services = make_services(engine)
    await join_in_order(services, 1)

    with pytest.raises(Conflict):
        await services.summaries.stacks.join(member(1), CHANNEL)


async def test_next_gives_the_floor_and_empties_the_queue_in_order(engine: AsyncEngine) -> None:
    services = make_services(engine)
    stacks = services.summaries.stacks
    await join_in_order(services, 4, 5)

    speakers = [(await stacks.next(organizer(), CHANNEL)).speaker_id for _ in range(3)]

    assert speakers == [4, 5, None]


async def test_only_organizers_give_the_floor(engine: AsyncEngine) -> None:
    services = make_services(engine)
    await join_in_order(services, 1)

    with pytest.raises(NotAllowed):
        await services.summaries.stacks.next(member(2), CHANNEL)


async def test_the_stack_survives_a_restart(engine: AsyncEngine) -> None:
    services = make_services(engine)
    await join_in_order(services, 1, 2)
    await services.summaries.stacks.set_message(GUILD_ID, CHANNEL, 999)

    restarted = make_services(engine)
    state = await restarted.summaries.stacks.show(GUILD_ID, CHANNEL)

    assert order(state) == [1, 2]
    assert state.message_id == 999


async def test_stacks_are_separate_per_channel(engine: AsyncEngine) -> None:
    services = make_services(engine)
    await join_in_order(services, 1)

    other = await services.summaries.stacks.show(GUILD_ID, CHANNEL + 1)

    assert other.queue == ()
