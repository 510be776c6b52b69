"""A guild's whole data exported as one file and imported back, exactly."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.clock import ManualClock
from bot.db import migrate
from bot.db.engine import create_engine
from bot.db.transfer import (
    IMPORTED_OPEN_REASON,
    TransferError,
    export_guild,
    guild_tables,
    import_guild,
)
from bot.domain.voting.ballots import MotionBallot, MotionChoice
from bot.runtime import build_services
from bot.services.container import Services
from tests.services.voting.helpers import (
    member,
    motion,
    open_vote,
    organizer,
    use_test_master_key,
)
from tests.support.settings import GUILD_ID, make_settings

READING = {"documents": ["socialism-in-one-org"], "start": "2026-12-03", "words_per_session": 1500}


async def populate(services: Services, clock: ManualClock) -> None:
    """Reading sessions and jobs, an audited adjustment, a closed secret vote, an open one."""
    await services.plans.sync(GUILD_ID)
    await services.plans.skip(organizer(), dt.date(2026, 12, 3))
    closed = await open_vote(
        services, motion("Publish membership numbers", secret=True), range(100, 110)
    )
    for voter in range(100, 107):
        await services.voting.casting.cast(member(voter), closed.id, MotionBallot(MotionChoice.YES))
    clock.advance(dt.timedelta(days=8))
    await services.voting.closing.close(GUILD_ID, closed.id)
    still_open = await open_vote(
        services, motion("Factions any time", secret=True), range(100, 105)
    )
    await services.voting.casting.cast(member(100), still_open.id, MotionBallot(MotionChoice.NO))


async def export(engine: AsyncEngine) -> dict[str, Any]:
    async with engine.connect() as connection:
        return await export_guild(
            AsyncSession(bind=connection), GUILD_ID, await migrate.current_revision(engine)
        )


async def load(engine: AsyncEngine, data: dict[str, Any], *, replace: bool = False) -> int:
    async with engine.begin() as connection:
        return await import_guild(
            AsyncSession(bind=connection),
            data,
            await migrate.current_revision(engine),
            replace=replace,
        )


def after_import(exported: dict[str, Any]) -> dict[str, Any]:
    """What an import makes of an export: the votes exported while open (without their
    sealed ballots) are cancelled with the reason, and nothing is withheld any more."""
    expected = json.loads(json.dumps(exported))
    votes = expected["tables"]["votes"]
    column = votes["columns"].index
    for row in votes["rows"]:
        if row[column("id")] in exported["withheld"]["votes"]:
            row[column("state")] = "cancelled"
            row[column("cancel_reason")] = IMPORTED_OPEN_REASON
    expected["withheld"] = {"note": "", "votes": [], "member_votes": []}
    return expected


@pytest.fixture
async def populated(engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> AsyncEngine:
    use_test_master_key(monkeypatch)
    clock = ManualClock(dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC))
    services = build_services(make_settings(reading=READING), engine, clock)
    await populate(services, clock)
    return engine


def test_every_table_belongs_to_a_guild_or_is_process_state() -> None:
    names = {table.name for table, _link in guild_tables()}
    assert {"votes", "vote_ballots", "vote_roll", "audit_log", "reading_sessions"} <= names


async def test_export_then_import_with_replace_round_trips_exactly(populated: AsyncEngine) -> None:
    before = await export(populated)
    assert len(before["tables"]["votes"]["rows"]) == 2
    assert before["tables"]["audit_log"]["rows"]

    written = await load(populated, before, replace=True)

    assert written == sum(len(t["rows"]) for t in before["tables"].values())
    assert await export(populated) == after_import(before)


async def test_import_into_an_empty_database_reproduces_the_export(
    populated: AsyncEngine, tmp_path: Path
) -> None:
    before = json.loads(json.dumps(await export(populated)))  # through the file format
    target = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'other.sqlite3'}")
    try:
        await migrate.upgrade(target)
        await load(target, before)
        assert await export(target) == after_import(before)
    finally:
        await target.dispose()


async def test_import_refuses_a_guild_that_already_has_data(populated: AsyncEngine) -> None:
    with pytest.raises(TransferError, match="already has data"):
        await load(populated, await export(populated))


async def test_import_refuses_another_schema_or_format(populated: AsyncEngine) -> None:
    data = await export(populated)
    with pytest.raises(TransferError, match="schema"):
        await load(populated, {**data, "schema_revision": "0000"}, replace=True)
    with pytest.raises(TransferError, match="not a Caucus guild export"):
        await load(populated, {"format": "something else"}, replace=True)


async def test_an_export_never_links_a_voter_to_a_ballot(populated: AsyncEngine) -> None:
    async with populated.connect() as connection:
        sealed = [
            bytes(r[0]) for r in await connection.execute(text("SELECT sealed FROM vote_ballots"))
        ]
        pointers = [
            bytes(r[0])
            for r in await connection.execute(
                text("SELECT seal_pointer FROM vote_roll WHERE seal_pointer IS NOT NULL")
            )
        ]
    assert sealed  # the open vote has a sealed ballot in the database (control)

    data = await export(populated)
    text_form = json.dumps(data)

    assert data["tables"]["vote_ballots"]["rows"] == []
    assert data["tables"]["faction_vote_ballots"]["rows"] == []
    roll = data["tables"]["vote_roll"]
    assert {row[roll["columns"].index("seal_pointer")] for row in roll["rows"]} == {None}
    for item in sealed + pointers:
        assert base64.b64encode(item).decode() not in text_form
    assert data["withheld"]["votes"] == [2]  # the open secret vote, and the export says so
    assert "not exported" in data["withheld"]["note"]
