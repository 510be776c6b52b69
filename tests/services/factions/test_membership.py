"""Founding rules the service enforces around the domain: consent, expiry, name reuse."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.clock import ManualClock
from bot.errors import Conflict, NotAllowed
from bot.services.actors import Actor
from bot.services.container import Services
from tests.services.factions.conftest import found, member
from tests.support.settings import GUILD_ID


async def test_a_founding_waiting_for_consent_holds_its_name(services: Services) -> None:
    membership = services.factions.membership
    await membership.create(
        member(1), name="Red Caucus", description="", platform="", co_founders=[member(2)]
    )

    with pytest.raises(Conflict, match="already a faction called Red Caucus"):
        await membership.create(
            member(3), name="Red Caucus", description="", platform="", co_founders=[member(4)]
        )


async def test_an_expired_founding_frees_the_name_and_cannot_be_agreed_to(
    services: Services, clock: ManualClock
) -> None:
    membership = services.factions.membership
    stale = await membership.create(
        member(1), name="Red Caucus", description="", platform="", co_founders=[member(2)]
    )
    clock.advance(dt.timedelta(days=8))

    fresh = await membership.create(
        member(3), name="Red Caucus", description="", platform="", co_founders=[member(4)]
    )
    with pytest.raises(Conflict, match="expired"):
        await membership.cofound(member(2), stale.faction.id)
    assert not fresh.founded


async def test_a_dissolved_factions_name_can_be_used_again(services: Services) -> None:
    await found(services, "Red Caucus", 1, 2)
    await services.factions.membership.leave(member(1), "Red Caucus")
    await services.factions.membership.leave(member(2), "Red Caucus")

    await found(services, "Red Caucus", 3, 4)

    [live] = await services.factions.membership.live(GUILD_ID)
    assert live.faction.members == {3, 4}


async def test_a_cofounder_without_the_member_role_is_refused(services: Services) -> None:
    outsider = Actor(GUILD_ID, 2, "visitor")

    with pytest.raises(NotAllowed, match="Co-founders must be eligible members"):
        await services.factions.membership.create(
            member(1), name="Red Caucus", description="", platform="", co_founders=[outsider]
        )


async def test_the_list_is_largest_first(services: Services) -> None:
    await found(services, "Small", 1, 2)
    await found(services, "Large", 3, 4, 5)

    names = await services.factions.membership.names(GUILD_ID)

    assert names == ["Large", "Small"]
