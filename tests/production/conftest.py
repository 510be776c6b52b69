"""Fixtures for the in-process production tests: the real bot on a strict fake Discord with a
reading plan whose first session is due on FIRST_SESSION_UTC."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from caucus_demo.fake_discord import FakeDiscord
from caucus_demo.fake_discord.pytest_support import fake_discord_fixture
from caucus_demo.reading_scenes import READING_CONFIG
from caucus_demo.stage import Stage
from tests.wire.support import wire_stage

production_fake = fake_discord_fixture(
    validate_responses=True, interaction_timeout=5.0, name="production_fake"
)


@pytest.fixture
def reading_config() -> dict[str, Any]:
    return dict(READING_CONFIG)


@pytest.fixture
async def reading_stage(
    production_fake: FakeDiscord, engine: AsyncEngine, reading_config: dict[str, Any]
) -> AsyncIterator[Stage]:
    async with wire_stage(production_fake, engine, reading=reading_config) as running:
        yield running
