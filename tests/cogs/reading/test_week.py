"""A whole reading week through the real command tree: event, reminder DM, post, responses,
blind-first reveal, and a restart in the middle that loses and duplicates nothing."""

from __future__ import annotations

import datetime as dt

import discord

from tests.support.world import World

FIRST_SESSION = dt.datetime(2026, 12, 4, 0, 0, tzinfo=dt.UTC)  # Thu 3 Dec 19:00 New York


async def advance_to(world: World, moment: dt.datetime) -> None:
    world.clock.set(moment)
    await world.services.scheduler.run_due()
    await world.env.settle()


def session_threads(world: World) -> list[discord.Thread]:
    return [
        t
        for t in world.bot.get_guild(world.guild.id).threads
        if t.parent_id == world.channels["reading"].id
    ]


def bot_messages(thread_handle) -> list[discord.Message]:
    return [m for m in thread_handle.history() if m.author.bot]


async def test_events_are_created_ahead_with_local_time(reading_world: World) -> None:
    await advance_to(reading_world, reading_world.clock.now())

    events = sorted(
        reading_world.bot.get_guild(reading_world.guild.id).scheduled_events,
        key=lambda e: e.start_time,
    )
    assert events, "sessions within events_ahead weeks become scheduled events"
    assert events[0].start_time == FIRST_SESSION
    assert events[0].name.startswith("Session 1:")


async def test_whole_week_end_to_end_with_restart(blind_world: World) -> None:
    world = blind_world
    ana, ben = world.member("ana"), world.member("ben")
    await ana.slash(world.channels["general"], "reading remind", setting=True)

    await advance_to(world, FIRST_SESSION - dt.timedelta(hours=24))
    dms = [m for m in ana.user.dm_channel.history() if m.author.bot]
    assert len(dms) == 1
    assert "Reading session 1" in dms[0].embeds[0].title

    await advance_to(world, FIRST_SESSION)
    [thread] = session_threads(world)
    assert thread.name.startswith("Session 1: Socialism in One Organization")
    assert thread.auto_archive_duration == 10080
    thread_handle = world.channels["reading"].threads[0]
    posted = bot_messages(thread_handle)
    footers = [e.footer.text for m in posted for e in m.embeds if e.footer.text]
    assert footers[-1] == "Caucus · session 1 · prompts"
    prompt_message = posted[-1]
    assert prompt_message.attachments[0].filename == "session-1.md"
    assert 2 <= len(prompt_message.embeds[0].description.split("\n\n")) <= 4

    shown = await ana.slash(world.channels["general"], "respond", prompt=1)
    answered = await ana.submit_modal(shown, {"answer": "Democracy needs factions any time."})
    assert answered.ephemeral
    assert "blind-first" in answered.response.content

    # Restart mid-week: the bot comes back on the same database and Discord state.
    await world.restart()
    await advance_to(world, FIRST_SESSION + dt.timedelta(minutes=5))
    assert len(session_threads(world)) == 1
    assert len(bot_messages(thread_handle)) == len(posted)

    shown = await ben.slash(world.channels["general"], "respond")
    await ben.submit_modal(shown, {"answer": "Slates hide disagreement."})
    listed = await ben.slash(world.channels["general"], "responses")
    assert "No visible responses" in listed.response.content  # still blind

    await advance_to(world, FIRST_SESSION + dt.timedelta(hours=48))
    reveal = bot_messages(thread_handle)[len(posted) :]
    assert reveal[0].embeds[0].title == "2 responses, revealed together"
    authors = {m.embeds[0].author.name for m in reveal[1:]}
    assert authors == {"ana", "ben"}
    assert len(reveal) == 3  # the header, then one message per answer
    listed = await ben.slash(world.channels["general"], "responses")
    assert "Responses to session 1 (2)" in listed.response.embeds[0].title


async def test_thread_messages_are_recorded_edited_and_deleted(reading_world: World) -> None:
    await advance_to(reading_world, FIRST_SESSION)
    thread_handle = reading_world.channels["reading"].threads[0]
    cara = reading_world.member("cara")

    message = await cara.send(thread_handle, "The slate system hid every dissent.")
    responses = reading_world.services.responses
    [stored] = await responses.for_session(reading_world.guild.id, 1)
    assert stored.content == "The slate system hid every dissent."

    await cara.edit(message, "The slate system hid dissent.")
    [stored] = await responses.for_session(reading_world.guild.id, 1)
    assert stored.content == "The slate system hid dissent."

    await cara.delete(message)
    assert await responses.for_session(reading_world.guild.id, 1) == []


async def test_reminder_dm_renders_and_names_a_real_command(reading_world: World) -> None:
    world = reading_world
    ana = world.member("ana")
    await ana.slash(world.channels["general"], "reading remind", setting=True)
    await advance_to(world, FIRST_SESSION - dt.timedelta(hours=24))
    [dm] = [m for m in ana.user.dm_channel.history() if m.author.bot]
    embed = dm.embeds[0]
    assert "<t:" not in (embed.title or "")
    assert "<t:" not in (embed.footer.text or "")
    assert "<t:" in (embed.description or "")
    assert "/reading remind off" not in embed.description
    assert "`/reading remind` with `setting: False`" in embed.description
    # The command it names exists and does what it says.
    done = await ana.slash(world.channels["general"], "reading remind", setting=False)
    assert "off" in done.response.content
