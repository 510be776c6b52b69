"""A world whose guild reads the first two seed documents on Thursdays at 19:00 New York time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support.world import World, running_world

READING: dict[str, Any] = {
    "documents": ["socialism-in-one-org", "iso-stirrings-in-the-ashes"],
    "weekday": "thursday",
    "time": "19:00:00",
    "start": "2026-12-03",
    "words_per_session": 1200,
    "reminder_offsets_hours": [24, 1],
}


@pytest.fixture
async def reading_world(engine: AsyncEngine) -> AsyncIterator[World]:
    async with running_world(engine, reading=READING) as world:
        await world.services.plans.sync(world.guild.id)
        yield world


@pytest.fixture
async def blind_world(engine: AsyncEngine) -> AsyncIterator[World]:
    reading = {**READING, "blind_first": True, "reveal_after_hours": 48}
    async with running_world(engine, reading=reading) as world:
        await world.services.plans.sync(world.guild.id)
        yield world
