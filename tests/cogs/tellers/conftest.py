"""Teller tests: a guild whose secret votes need 3 tellers, any 2 of whom count them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.services.voting.helpers import use_test_master_key
from tests.support.world import World, running_world

TELLERS = {"count": 3, "threshold": 2, "release_deadline_hours": 48}


@pytest.fixture(autouse=True)
def master_key(monkeypatch: pytest.MonkeyPatch) -> bytes:
    return use_test_master_key(monkeypatch)


@pytest.fixture
async def world(engine: AsyncEngine) -> AsyncIterator[World]:
    async with running_world(engine, tellers=TELLERS) as world:
        yield world
