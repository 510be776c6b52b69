"""The database owns the schedule: a post is made once, even when the bot dies mid-send."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.scheduling import Job
from tests.cogs.reading.test_week import FIRST_SESSION, advance_to, bot_messages, session_threads
from tests.support.world import World, reply_text


class Crash(Exception):
    """Stands in for the process dying between Discord's answer and our write."""


async def test_crash_between_sending_and_recording_posts_nothing_twice(
    reading_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = reading_world
    outbox = world.services.outbox
    real_complete = outbox.complete
    crashed: list[str] = []

    async def dying_complete(key: str, message_id: int, channel_id: int | None = None) -> None:
        if key.endswith(":part1") and not crashed:
            crashed.append(key)
            raise Crash
        await real_complete(key, message_id, channel_id)

    monkeypatch.setattr(outbox, "complete", dying_complete)
    await advance_to(world, FIRST_SESSION)
    assert crashed, "the first excerpt part was sent and the process 'died' before recording it"
    thread_handle = world.channels["reading"].threads[0]
    assert len(bot_messages(thread_handle)) == 2  # opening line + part 1, nothing else yet

    await world.restart()
    await advance_to(world, FIRST_SESSION + dt.timedelta(minutes=10))  # the retry is due

    messages = bot_messages(thread_handle)
    parts = [e.footer.text for m in messages for e in m.embeds if e.footer.text]
    assert len(parts) == len(set(parts)), f"a part was posted twice: {parts}"
    assert parts[-1] == "Caucus · session 1 · prompts"
    assert len(session_threads(world)) == 1


async def test_post_missed_within_grace_is_made_once_on_restart(reading_world: World) -> None:
    world = reading_world
    world.clock.set(FIRST_SESSION + dt.timedelta(hours=5))  # the bot was down at 19:00
    await world.restart()
    await world.services.scheduler.start(use_timers=False)
    await world.services.scheduler.start(use_timers=False)  # and restarted again
    await world.env.settle()

    assert len(session_threads(world)) == 1


async def test_post_missed_beyond_grace_is_announced_not_posted(reading_world: World) -> None:
    world = reading_world
    world.clock.set(FIRST_SESSION + dt.timedelta(hours=7))
    await world.services.scheduler.start(use_timers=False)
    await world.env.settle()

    assert session_threads(world) == []
    notice = world.channels["announcements"].last_message
    assert notice is not None
    assert "Reading session 1" in notice.content
    assert "offline" in notice.content
    state = await world.services.posting.session_state(world.guild.id, 1)
    assert state is not None
    assert state.state == "missed"


async def test_reminders_never_dm_twice(reading_world: World) -> None:
    world = reading_world
    ana = world.member("ana")
    await ana.slash(world.channels["general"], "reading remind", setting=True)
    await advance_to(world, FIRST_SESSION - dt.timedelta(hours=1))
    job = Job(
        "again",
        world.guild.id,
        "reading.remind",
        FIRST_SESSION,
        {"number": 1, "hours": 1.0},
        "pending",
        0,
    )
    await world.services.scheduler.kinds["reading.remind"].handler(job)

    one_hour = [
        m
        for m in ana.user.dm_channel.history()
        if m.author.bot and "1 h" in (m.embeds[0].description or "")
    ]
    assert len(one_hour) == 1


async def test_reveal_interrupted_halfway_posts_only_what_is_missing(
    blind_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = blind_world
    await advance_to(world, FIRST_SESSION)
    for name, text in (
        ("ana", "Factions any time."),
        ("ben", "Secret ballots."),
        ("cara", "Publish the numbers."),
    ):
        person = world.member(name)
        shown = await person.slash(world.channels["general"], "respond")
        await person.submit_modal(shown, {"answer": text})
    thread_handle = world.channels["reading"].threads[0]
    before = len(bot_messages(thread_handle))
    responses = world.services.responses
    real_attach = responses.attach_message
    calls: list[int] = []

    async def dying_attach(response_id: int, channel_id: int, message_id: int) -> None:
        calls.append(response_id)
        if len(calls) == 2:
            raise Crash  # the second answer was sent, then the process "died"
        await real_attach(response_id, channel_id, message_id)

    monkeypatch.setattr(responses, "attach_message", dying_attach)
    await advance_to(world, FIRST_SESSION + dt.timedelta(hours=48))
    monkeypatch.setattr(responses, "attach_message", real_attach)
    await world.restart()
    await advance_to(world, FIRST_SESSION + dt.timedelta(hours=49))

    revealed = bot_messages(thread_handle)[before:]
    assert len(revealed) == 4  # header + three answers, none twice
    texts = sorted(m.embeds[0].description for m in revealed[1:])
    assert texts == ["Factions any time.", "Publish the numbers.", "Secret ballots."]


async def test_missed_notice_names_the_reading_and_how_to_recover(reading_world: World) -> None:
    world = reading_world
    world.clock.set(FIRST_SESSION + dt.timedelta(hours=7))
    await world.services.scheduler.start(use_timers=False)
    await world.env.settle()
    notice = world.channels["announcements"].last_message.content
    assert "Socialism in One Organization" in notice
    assert "/reading excerpt document: socialism-in-one-org section: 1" in notice
    assert "/reading post-missed session: 1" in notice


async def test_organizer_posts_a_missed_session_late_once(reading_world: World) -> None:
    world = reading_world
    world.clock.set(FIRST_SESSION + dt.timedelta(days=2))
    await world.services.scheduler.start(use_timers=False)
    await world.env.settle()
    assert session_threads(world) == []

    ana = world.member("ana")
    refused = await ana.slash(world.channels["general"], "reading post-missed", session=1)
    assert "organizer" in reply_text(refused).lower()

    olga = world.organizer()
    done = await olga.slash(world.channels["general"], "reading post-missed", session=1)
    assert "posted late" in reply_text(done)
    [thread] = session_threads(world)
    assert thread.name.startswith("Session 1:")
    again = await olga.slash(world.channels["general"], "reading post-missed", session=1)
    assert "already posted" in reply_text(again)
    assert len(session_threads(world)) == 1
    # A posted session responds like any other.
    shown = await ana.slash(world.channels["general"], "respond")
    answered = await ana.submit_modal(shown, {"answer": "Late but read."})
    assert "posted" in answered.response.content


async def test_a_missed_session_can_be_rescheduled_into_the_future(reading_world: World) -> None:
    world = reading_world
    world.clock.set(FIRST_SESSION + dt.timedelta(days=2))
    await world.services.scheduler.start(use_timers=False)
    await world.env.settle()
    olga = world.organizer()
    moved = await olga.slash(
        world.channels["general"], "reading reschedule", session=1, date="2026-12-07", time="19:00"
    )
    assert "moved" in reply_text(moved)
    await advance_to(world, dt.datetime(2026, 12, 8, 0, 1, tzinfo=dt.UTC))
    [thread] = session_threads(world)
    assert thread.name.startswith("Session 1:")
    state = await world.services.posting.session_state(world.guild.id, 1)
    assert state is not None
    assert state.state == "posted"
