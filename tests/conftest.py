"""Shared fixtures: a migrated test database and a running bot inside SimCord."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support.database import drop_created_databases, fresh_engine
from tests.support.world import World, running_world


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Tests that touch the database are rerun against PostgreSQL in CI (-m database).
    for item in items:
        if "engine" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.database)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    asyncio.run(drop_created_databases())


@pytest.fixture
async def engine() -> AsyncIterator[AsyncEngine]:
    async for engine in fresh_engine():
        yield engine


@pytest.fixture
async def world(engine: AsyncEngine) -> AsyncIterator[World]:
    async with running_world(engine) as world:
        yield world
