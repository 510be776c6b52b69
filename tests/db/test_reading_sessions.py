"""The reading session repository: every state change goes through the domain's table, an
illegal one writes nothing, and a job that lost its claim cannot record a post."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import reading
from bot.db.engine import create_session_factory
from bot.db.jobs import CURRENT_CLAIM, Claim
from bot.db.models import ReadingSessionRow
from bot.domain.jobs import IllegalTransition, LeaseLost
from bot.domain.reading.states import SessionState

GUILD = 1
T0 = dt.datetime(2026, 12, 3, 19, tzinfo=dt.UTC)


async def seed(engine: AsyncEngine, *numbers: int) -> None:
    async with create_session_factory(engine).begin() as session:
        ledger = await reading.SessionLedger.load(session, GUILD)
        for number in numbers:
            ledger.schedule(number, T0 + dt.timedelta(weeks=number), "doc", 1, 5)


async def raw_state(engine: AsyncEngine, number: int) -> str:
    async with create_session_factory(engine)() as session:
        row = await session.scalar(
            select(ReadingSessionRow).where(
                ReadingSessionRow.guild_id == GUILD, ReadingSessionRow.number == number
            )
        )
        assert row is not None
        return row.state


async def test_a_new_session_is_stored_scheduled(engine: AsyncEngine) -> None:
    await seed(engine, 1)
    assert await raw_state(engine, 1) == "scheduled"
    async with create_session_factory(engine)() as session:
        stored = await reading.get(session, GUILD, 1)
    assert stored is not None
    assert stored.state is SessionState.SCHEDULED
    assert not stored.anchored


async def test_posting_records_thread_time_and_anchor(engine: AsyncEngine) -> None:
    await seed(engine, 1)
    async with create_session_factory(engine).begin() as session:
        await reading.mark_posted(session, GUILD, 1, thread_id=77, at=T0)
    async with create_session_factory(engine)() as session:
        stored = await reading.get(session, GUILD, 1)
    assert stored is not None
    assert (stored.state, stored.thread_id, stored.posted_at, stored.anchored) == (
        SessionState.POSTED,
        77,
        T0,
        True,
    )


async def test_a_session_is_posted_once_and_never_missed_afterwards(engine: AsyncEngine) -> None:
    await seed(engine, 1)
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        await reading.mark_posted(session, GUILD, 1, thread_id=77, at=T0)
    with pytest.raises(IllegalTransition):
        async with sessions.begin() as session:
            await reading.mark_posted(session, GUILD, 1, thread_id=88, at=T0)
    with pytest.raises(IllegalTransition):
        async with sessions.begin() as session:
            await reading.mark_missed(session, GUILD, 1)
    async with sessions.begin() as session:
        ledger = await reading.SessionLedger.load(session, GUILD)
        with pytest.raises(IllegalTransition):
            ledger.schedule(1, T0 + dt.timedelta(weeks=9), "doc", 6, 9)
    async with sessions() as session:
        stored = await reading.get(session, GUILD, 1)
    assert stored is not None
    assert (stored.state, stored.thread_id, stored.first_paragraph) == (SessionState.POSTED, 77, 1)


async def test_a_held_session_cannot_be_posted(engine: AsyncEngine) -> None:
    await seed(engine, 1)
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        ledger = await reading.SessionLedger.load(session, GUILD)
        ledger.undate(1, SessionState.HELD)
    with pytest.raises(IllegalTransition, match="held reading session cannot become posted"):
        async with sessions.begin() as session:
            await reading.mark_posted(session, GUILD, 1, thread_id=77, at=T0)
    assert await raw_state(engine, 1) == "held"


async def test_undating_means_holding_or_removing(engine: AsyncEngine) -> None:
    await seed(engine, 1)
    async with create_session_factory(engine).begin() as session:
        ledger = await reading.SessionLedger.load(session, GUILD)
        with pytest.raises(ValueError, match="holding or removing"):
            ledger.undate(1, SessionState.POSTED)
    assert await raw_state(engine, 1) == "scheduled"


async def test_a_held_session_returns_with_a_new_calendar_sequence(engine: AsyncEngine) -> None:
    await seed(engine, 1)
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        ledger = await reading.SessionLedger.load(session, GUILD)
        ledger.undate(1, SessionState.HELD)
    async with sessions.begin() as session:
        ledger = await reading.SessionLedger.load(session, GUILD)
        ledger.schedule(1, T0 + dt.timedelta(weeks=1), "doc", 1, 5)  # same date, resumed
    async with sessions() as session:
        stored = await reading.get(session, GUILD, 1)
    assert stored is not None
    assert (stored.state, stored.sequence) == (SessionState.SCHEDULED, 2)


async def test_a_missed_session_is_owed_then_scheduled_late(engine: AsyncEngine) -> None:
    await seed(engine, 1)
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        await reading.mark_missed(session, GUILD, 1)
    async with sessions() as session:
        missed = await reading.in_states(session, GUILD, [SessionState.MISSED])
    assert [s.number for s in missed] == [1]
    assert missed[0].anchored  # its paragraphs stay what members were promised
    async with sessions.begin() as session:
        await reading.schedule_late(session, GUILD, 1)
    assert await raw_state(engine, 1) == "scheduled"


async def test_writes_to_a_session_never_stored_are_refused(engine: AsyncEngine) -> None:
    async with create_session_factory(engine).begin() as session:
        with pytest.raises(reading.SessionNotStored):
            await reading.mark_posted(session, GUILD, 5, thread_id=1, at=T0)
        with pytest.raises(reading.SessionNotStored):
            await reading.set_event(session, GUILD, 5, 9)


async def test_a_job_that_lost_its_claim_cannot_record_a_post(engine: AsyncEngine) -> None:
    await seed(engine, 1)
    # The claim names a job this process no longer runs (another took it over, or it ended).
    token = CURRENT_CLAIM.set(Claim("reading.post:1:1", "stalled-process", None))
    try:
        with pytest.raises(LeaseLost):
            async with create_session_factory(engine).begin() as session:
                await reading.mark_posted(session, GUILD, 1, thread_id=77, at=T0)
    finally:
        CURRENT_CLAIM.reset(token)
    assert await raw_state(engine, 1) == "scheduled"


async def test_an_unknown_stored_state_is_not_read_as_a_valid_one(engine: AsyncEngine) -> None:
    await seed(engine, 1)
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        row = await session.scalar(select(ReadingSessionRow))
        assert row is not None
        row.state = "archived"
    async with sessions() as session:
        with pytest.raises(ValueError, match="archived"):
            await reading.get(session, GUILD, 1)
