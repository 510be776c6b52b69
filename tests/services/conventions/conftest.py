"""Convention services on the test database, without Discord, with a throwaway master key."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.runtime import build_services
from bot.services.container import Services
from tests.services.voting.helpers import START, use_test_master_key
from tests.support.settings import make_settings


@pytest.fixture(autouse=True)
def master_key(monkeypatch: pytest.MonkeyPatch) -> bytes:
    return use_test_master_key(monkeypatch)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def services(engine: AsyncEngine, clock: ManualClock) -> Services:
    settings = make_settings(conventions={"amendment_cosigners": 1, "quorum_count": 3})
    return build_services(settings, engine, clock)
