"""`/reading reschedule`, `skip`, `pause` and `resume` read typed times by the rule of
bot.domain.local_time, like `/vote create opens:`: a time the clocks skip is refused (never
moved by an hour), one they repeat is refused with both readings and how to type each, and
dates out of range are refused clearly (never an overflow). Europe/Berlin skips 02:00-03:00 on
2027-03-28 and repeats it on 2027-10-31."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.cogs.reading.conftest import READING
from tests.support.world import World, reply_text, running_world


@pytest.fixture
async def berlin(engine: AsyncEngine) -> AsyncIterator[World]:
    async with running_world(engine, reading=READING, timezone="Europe/Berlin") as world:
        await world.services.plans.sync(world.guild.id)
        yield world


async def last_session(world: World) -> Any:
    plan = await world.services.plans.plan(world.guild.id)
    return plan.sessions[-1]


async def reschedule(world: World, number: int, date: str, time: str) -> Any:
    return await world.organizer().slash(
        world.channels["general"], "reading reschedule", session=number, date=date, time=time
    )


async def test_a_time_the_clocks_skip_is_refused_not_moved(berlin: World) -> None:
    last = await last_session(berlin)

    result = await reschedule(berlin, last.number, "2027-03-28", "02:30")

    assert result.ephemeral
    assert "2027-03-28 02:30 does not exist in Europe/Berlin" in reply_text(result)
    assert "skip 1 hour" in reply_text(result)
    assert (await last_session(berlin)).starts_at == last.starts_at  # nothing moved


async def test_a_time_the_clocks_repeat_is_refused_with_both_readings(berlin: World) -> None:
    last = await last_session(berlin)

    result = await reschedule(berlin, last.number, "2027-10-31", "02:30")

    text = reply_text(result)
    assert "2027-10-31 02:30 happens twice in Europe/Berlin" in text
    assert "UTC+02:00 (CEST)" in text
    assert "UTC+01:00 (CET)" in text
    assert "`time: 02:30+02:00`" in text
    assert "`time: 02:30+01:00`" in text
    assert (await last_session(berlin)).starts_at == last.starts_at


@pytest.mark.parametrize(
    ("offset", "utc"),
    [("+02:00", dt.datetime(2027, 10, 31, 0, 30, tzinfo=dt.UTC)), ("+01:00", None)],
)
async def test_a_repeated_time_typed_with_its_offset_is_taken_as_written(
    berlin: World, offset: str, utc: dt.datetime | None
) -> None:
    expected = utc or dt.datetime(2027, 10, 31, 1, 30, tzinfo=dt.UTC)
    last = await last_session(berlin)

    result = await reschedule(berlin, last.number, "2027-10-31", f"02:30{offset}")

    assert f"moved to <t:{int(expected.timestamp())}" in reply_text(result)
    assert (await last_session(berlin)).starts_at == expected


async def test_an_ordinary_time_is_read_in_the_servers_zone(berlin: World) -> None:
    last = await last_session(berlin)

    await reschedule(berlin, last.number, "2027-03-28", "03:30")

    assert (await last_session(berlin)).starts_at == dt.datetime(2027, 3, 28, 1, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "2031-01-01"])
async def test_a_reschedule_out_of_range_is_refused_clearly(berlin: World, date: str) -> None:
    last = await last_session(berlin)

    result = await reschedule(berlin, last.number, date, "19:00")

    assert result.ephemeral
    assert "too far" in reply_text(result)
    assert (await last_session(berlin)).starts_at == last.starts_at


@pytest.mark.parametrize("command", ["reading skip", "reading pause", "reading resume"])
@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01"])
async def test_a_plan_date_out_of_range_is_refused_clearly(
    berlin: World, command: str, date: str
) -> None:
    result = await berlin.organizer().slash(berlin.channels["general"], command, date=date)

    assert result.ephemeral
    assert f"'{date}' is too far" in reply_text(result)
    assert await berlin.services.audit.recent(berlin.guild.id) == []


async def test_members_are_refused_before_their_time_is_read(berlin: World) -> None:
    result = await berlin.member("ana").slash(
        berlin.channels["general"], "reading reschedule", session=1, date="2027-03-28", time="02:30"
    )

    assert reply_text(result) == "Only organizers can do that."
