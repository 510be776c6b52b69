"""Faction services on a migrated database, without Discord."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.runtime import build_services
from bot.services.actors import Actor
from bot.services.container import Services
from tests.support.settings import GUILD_ID, make_settings

START = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
ORGANIZER_ROLE = 21
MEMBER_ROLE = 22


def member(member_id: int) -> Actor:
    return Actor(GUILD_ID, member_id, f"m{member_id}", frozenset({MEMBER_ROLE}))


def organizer(member_id: int = 1000) -> Actor:
    return Actor(GUILD_ID, member_id, "olga", frozenset({ORGANIZER_ROLE, MEMBER_ROLE}))


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def services(engine: AsyncEngine, clock: ManualClock) -> Services:
    return build_services(make_settings(), engine, clock)


async def found(services: Services, name: str, *member_ids: int) -> int:
    """A founded faction whose members are ``member_ids`` (the first two found it)."""
    membership = services.factions.membership
    first, second, *rest = member_ids
    result = await membership.create(
        member(first), name=name, description="", platform="", co_founders=[member(second)]
    )
    await membership.cofound(member(second), result.faction.id)
    for other in rest:
        await membership.join(member(other), name)
    return result.faction.id
