"""Shared fixtures: a migrated test database and a running bot inside SimCord."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support.database import drop_created_databases, fresh_engine
from tests.support.world import World, running_world

# Left out of the fast subset (`scripts/test --fast`, i.e. -m "not slow"): tests that start the
# real bot over the wire fake or in other processes, and property tests that run hundreds of
# generated cases. The full suite runs them all.
SLOW_PATHS = (
    "tests/wire/",
    "tests/production/",
    "tests/bench/",
    "tests/fake_discord/",
    "tests/cli/test_demo.py",
    "tests/cli/test_sync.py",
    "tests/db/test_ballot_secrecy.py",
    "tests/domain/counting/test_blt.py",
    "tests/domain/counting/test_differential.py",
    "tests/domain/reading/test_excerpts.py",
    "tests/domain/test_audit.py",
    "tests/services/voting/test_concurrency.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = config.rootpath
    for item in items:
        # Tests that touch the database are rerun against PostgreSQL in CI (-m database).
        if "engine" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.database)
        if item.path.relative_to(root).as_posix().startswith(SLOW_PATHS):
            item.add_marker(pytest.mark.slow)


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
