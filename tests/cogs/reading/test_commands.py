"""Catch-up commands, organizer adjustments and their refusals."""

from __future__ import annotations

import datetime as dt

from tests.cogs.reading.test_week import FIRST_SESSION, advance_to
from tests.support.world import World


async def test_schedule_lists_sessions_with_discord_timestamps(reading_world: World) -> None:
    result = await reading_world.member("ana").slash(
        reading_world.channels["general"], "reading schedule"
    )
    embed = result.response.embeds[0]
    assert embed.fields[0].name.startswith("Session 1 · Socialism in One Organization")
    assert f"<t:{int(FIRST_SESSION.timestamp())}:F>" in embed.fields[0].value


async def test_skip_moves_later_sessions_a_week_and_is_audited(reading_world: World) -> None:
    olga = reading_world.organizer()
    result = await olga.slash(reading_world.channels["general"], "reading skip", date="2026-12-03")

    assert result.ephemeral
    first = (await reading_world.services.plans.upcoming(reading_world.guild.id))[0]
    assert first.starts_at == FIRST_SESSION + dt.timedelta(days=7)
    [entry] = await reading_world.services.audit.recent(reading_world.guild.id)
    assert entry.action == "reading_plan.changed"


async def test_reschedule_into_the_past_is_refused(reading_world: World) -> None:
    result = await reading_world.organizer().slash(
        reading_world.channels["general"],
        "reading reschedule",
        session=1,
        date="2026-11-01",
        time="19:00",
    )

    assert result.ephemeral
    assert "past" in result.response.content


async def test_members_cannot_use_organizer_commands(reading_world: World) -> None:
    result = await reading_world.member("ana").slash(
        reading_world.channels["general"], "reading pause", date="2026-12-10"
    )

    assert result.response.content == "Only organizers can do that."
    assert await reading_world.services.audit.recent(reading_world.guild.id) == []


async def test_bad_date_gets_a_clear_error(reading_world: World) -> None:
    result = await reading_world.organizer().slash(
        reading_world.channels["general"], "reading skip", date="next thursday"
    )
    assert "is not a date" in result.response.content


async def test_unknown_document_gets_a_clear_error(reading_world: World) -> None:
    result = await reading_world.member("ana").slash(
        reading_world.channels["general"], "reading excerpt", document="no-such-doc", section=1
    )
    assert "unknown document 'no-such-doc'" in result.response.content


async def test_excerpt_shows_a_section(reading_world: World) -> None:
    result = await reading_world.member("ana").slash(
        reading_world.channels["general"],
        "reading excerpt",
        document="socialism-in-one-org",
        section=1,
    )
    assert result.response.embeds[0].title.startswith("Socialism in One Organization")


async def test_search_finds_a_passage(reading_world: World) -> None:
    result = await reading_world.member("ana").slash(
        reading_world.channels["general"], "reading search", query='"democratic centralism"'
    )
    fields = result.response.embeds[0].fields
    assert fields
    assert "democratic centralism" in fields[0].value.lower().replace("**", "")


async def test_respond_before_any_session_is_refused(reading_world: World) -> None:
    result = await reading_world.member("ana").slash(reading_world.channels["general"], "respond")
    assert "No session is open yet" in result.response.content


async def test_outsiders_cannot_respond(reading_world: World) -> None:
    await advance_to(reading_world, FIRST_SESSION)
    shown = await reading_world.outsider().slash(reading_world.channels["general"], "respond")
    result = await reading_world.outsider().submit_modal(shown, {"answer": "hello"})
    assert result.response.content == "Only members of the organization can do that."


async def test_excerpt_can_be_posted_days_before_the_meeting(engine) -> None:
    from tests.cogs.reading.conftest import READING
    from tests.cogs.reading.test_week import session_threads
    from tests.support.world import running_world

    async with running_world(engine, reading={**READING, "post_lead_hours": 72}) as world:
        await world.services.plans.sync(world.guild.id)
        await advance_to(world, FIRST_SESSION - dt.timedelta(hours=72, minutes=1))
        assert session_threads(world) == []
        await advance_to(world, FIRST_SESSION - dt.timedelta(hours=72))
        assert len(session_threads(world)) == 1
