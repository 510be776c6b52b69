"""Item 7: `/reading calendar` gives an RFC 5545 file of the upcoming sessions whose events keep
their UID and raise their SEQUENCE when a session moves or a pause holds it."""

from __future__ import annotations

import datetime as dt

import icalendar

from bot.domain.reading.calendar import fold
from tests.cogs.reading.test_week import FIRST_SESSION, advance_to, bot_messages
from tests.support.world import World


async def calendar_of(world: World) -> tuple[bytes, icalendar.Calendar]:
    result = await world.member("ana").slash(world.channels["general"], "reading calendar")
    [attachment] = result.response.attachments
    assert attachment.filename == "reading-sessions.ics"
    data = await attachment.read()
    return data, icalendar.Calendar.from_ical(data)


def events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


async def test_calendar_lists_the_upcoming_sessions_in_utc(reading_world: World) -> None:
    data, calendar = await calendar_of(reading_world)
    lines = data.split(b"\r\n")
    assert lines[-1] == b""  # every line ends in CRLF
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in data.replace(b"\r\n", b"")
    found = sorted(events(calendar).values(), key=lambda e: e.decoded("DTSTART"))
    plan = await reading_world.services.plans.plan(reading_world.guild.id)
    assert len(found) == len(plan.sessions)
    first = found[0]
    assert first.decoded("DTSTART") == FIRST_SESSION
    assert first.decoded("DTSTART").tzinfo is not None
    assert str(first["SUMMARY"]).startswith("Reading session 1: Socialism in One Organization")
    assert int(first["SEQUENCE"]) == 0
    assert str(first["STATUS"]) == "CONFIRMED"


async def test_reschedule_keeps_the_uid_and_raises_the_sequence(reading_world: World) -> None:
    world = reading_world
    _, before = await calendar_of(world)
    await world.organizer().slash(
        world.channels["general"], "reading reschedule", session=2, date="2026-12-09", time="18:00"
    )
    _, after = await calendar_of(world)
    old, new = events(before), events(after)
    assert old.keys() == new.keys()  # same events, none added
    moved = [uid for uid in new if new[uid].decoded("DTSTART") != old[uid].decoded("DTSTART")]
    assert len(moved) == 1
    assert int(new[moved[0]]["SEQUENCE"]) == int(old[moved[0]]["SEQUENCE"]) + 1
    assert new[moved[0]].decoded("DTSTART") == dt.datetime(2026, 12, 9, 23, 0, tzinfo=dt.UTC)


async def test_pause_publishes_held_sessions_as_cancelled(reading_world: World) -> None:
    world = reading_world
    await world.organizer().slash(world.channels["general"], "reading pause", date="2026-12-10")
    _, calendar = await calendar_of(world)
    status = {
        str(e["SUMMARY"])[:18]: (str(e["STATUS"]), int(e["SEQUENCE"]))
        for e in calendar.walk("VEVENT")
    }
    assert status["Reading session 1:"] == ("CONFIRMED", 0)
    assert status["Reading session 2:"] == ("CANCELLED", 1)


async def test_past_sessions_leave_the_calendar(reading_world: World) -> None:
    await advance_to(reading_world, FIRST_SESSION + dt.timedelta(hours=3))
    _, calendar = await calendar_of(reading_world)
    assert not any(
        str(e["SUMMARY"]).startswith("Reading session 1:") for e in calendar.walk("VEVENT")
    )


async def test_each_session_post_says_how_to_get_the_calendar(reading_world: World) -> None:
    await advance_to(reading_world, FIRST_SESSION)
    opening = bot_messages(reading_world.channels["reading"].threads[0])[0].content
    assert "`/reading calendar`" in opening


def test_folding_never_splits_a_character() -> None:
    line = "SUMMARY:" + "é" * 100
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
