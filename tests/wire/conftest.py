"""Fixtures: a strict FakeDiscord and the real CaucusBot running against it.

    async def test_something(stage: Stage) -> None:
        ana = stage.join("ana")
        result = await stage.slash(ana, "caucus help")
        ...
        await stage.advance(dt.timedelta(days=2))  # runs the scheduled jobs now due

Override `stage_sections` in a test module to configure the guild before the bot starts
(e.g. ``{"reading": {...}, "voting": {...}}``). The test fails at teardown if the bot logged an
error (a bug it swallowed) or made a request Discord's OpenAPI description rejects.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from caucus_demo.fake_discord import FakeDiscord
from caucus_demo.fake_discord.pytest_support import fake_discord_fixture
from caucus_demo.stage import Stage
from tests.wire.support import wire_stage

wire_fake = fake_discord_fixture(validate_responses=True, interaction_timeout=3.0, name="wire_fake")


@pytest.fixture
def stage_sections() -> dict[str, Any]:
    """Extra config sections for the branch; override in a module that needs them."""
    return {}


@pytest.fixture
async def stage(
    wire_fake: FakeDiscord, engine: AsyncEngine, stage_sections: dict[str, Any]
) -> AsyncIterator[Stage]:
    async with wire_stage(wire_fake, engine, **stage_sections) as running:
        yield running
        errors = running.errors.describe()
    if errors:
        pytest.fail("the bot logged errors:\n" + "\n".join(errors))
