"""Suggested prompts: one organizer's decision is final, and only approved ones join the pool."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import suggestions
from bot.db.engine import create_session_factory
from bot.domain.jobs import IllegalTransition
from bot.domain.reading.suggestions import SuggestionState

GUILD = 1
T0 = dt.datetime(2026, 12, 3, 19, tzinfo=dt.UTC)


async def test_a_decision_is_final(engine: AsyncEngine) -> None:
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        made = await suggestions.add(session, GUILD, "doc", None, "Why now?", 11)
    assert made.state is SuggestionState.PENDING
    async with sessions.begin() as session:
        await suggestions.decide(session, made.id, approve=False, by=99, at=T0)
    with pytest.raises(IllegalTransition, match="rejected suggestion cannot become approved"):
        async with sessions.begin() as session:
            await suggestions.decide(session, made.id, approve=True, by=98, at=T0)
    async with sessions() as session:
        stored = await suggestions.get(session, GUILD, made.id)
        pool = await suggestions.approved(session, GUILD, "doc")
        waiting = await suggestions.pending(session, GUILD)
    assert stored is not None
    assert stored.state is SuggestionState.REJECTED
    assert pool == []
    assert waiting == []


async def test_another_guilds_suggestion_reads_as_none(engine: AsyncEngine) -> None:
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        made = await suggestions.add(session, GUILD, "doc", "One", "What changed?", 11)
    async with sessions() as session:
        assert await suggestions.get(session, GUILD + 1, made.id) is None
