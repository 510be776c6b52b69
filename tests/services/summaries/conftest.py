"""Summary services on the test database, without Discord."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.runtime import build_services
from bot.services.actors import Actor
from bot.services.container import Services
from tests.support.settings import GUILD_ID, make_settings

START = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
ORGANIZER_ROLE, MEMBER_ROLE = 21, 22


def make_services(engine: AsyncEngine, **summaries: Any) -> Services:
    settings = make_settings(summaries=summaries) if summaries else make_settings()
    return build_services(settings, engine, ManualClock(START))


def member(member_id: int, name: str | None = None) -> Actor:
    return Actor(GUILD_ID, member_id, name or f"member-{member_id}", frozenset({MEMBER_ROLE}))


def organizer(member_id: int = 1) -> Actor:
    return Actor(
        GUILD_ID, member_id, f"organizer-{member_id}", frozenset({ORGANIZER_ROLE, MEMBER_ROLE})
    )
