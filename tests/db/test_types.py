"""Datetimes go in and come out aware and in UTC on every backend."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_session_factory
from bot.db.models import GuildRow


async def test_datetimes_round_trip_as_aware_utc(engine: AsyncEngine) -> None:
    sessions = create_session_factory(engine)
    berlin = dt.timezone(dt.timedelta(hours=1))
    async with sessions.begin() as session:
        session.add(
            GuildRow(id=1, name="x", first_seen_at=dt.datetime(2026, 3, 1, 20, 0, tzinfo=berlin))
        )
    async with sessions() as session:
        row = await session.get(GuildRow, 1)
    assert row is not None
    assert row.first_seen_at == dt.datetime(2026, 3, 1, 19, 0, tzinfo=dt.UTC)
    assert row.first_seen_at.tzinfo is dt.UTC


async def test_naive_datetimes_are_refused(engine: AsyncEngine) -> None:
    sessions = create_session_factory(engine)
    with pytest.raises(Exception, match="naive datetime"):
        async with sessions.begin() as session:
            session.add(GuildRow(id=2, name="x", first_seen_at=dt.datetime(2026, 3, 1)))
