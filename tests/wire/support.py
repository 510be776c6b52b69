"""Starting the real bot on a FakeDiscord and a migrated test database, for tests/wire."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from caucus_demo.fake_discord import FakeDiscord
from caucus_demo.stage import Stage, branch_settings, build_branch, running_stage
from tests.support.database import database_url_for_tests

START = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


@asynccontextmanager
async def wire_stage(
    fake: FakeDiscord, engine: AsyncEngine, **guild_sections: Any
) -> AsyncIterator[Stage]:
    """A configured branch in `fake` with the real bot running on `engine`; clock at START."""
    branch = build_branch(fake)
    settings = branch_settings(branch, database_url=database_url_for_tests(), **guild_sections)
    async with running_stage(fake, branch, settings, engine, ManualClock(START)) as stage:
        yield stage
