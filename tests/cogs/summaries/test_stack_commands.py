"""/stack through the real command tree: a live embed edited in place, progressive order,
facilitation by organizers only, and a restart that keeps the queue and the embed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.cogs.reading.test_week import FIRST_SESSION, advance_to
from tests.support.world import World


def live_embeds(world: World, channel: Any) -> list[Any]:
    return [
        m
        for m in channel.history()
        if m.author.bot and m.embeds and m.embeds[0].title == "Speakers' stack"
    ]


def queue_lines(message: Any) -> list[str]:
    lines = message.embeds[0].description.split("\n")
    return [line for line in lines if line[:1].isdigit()]


async def join(world: World, channel: Any, *names: str) -> None:
    for name in names:
        await world.member(name).slash(channel, "stack join")
        world.clock.advance(dt.timedelta(seconds=5))


async def test_joining_posts_one_live_embed_that_is_edited_in_place(world: World) -> None:
    general = world.channels["general"]

    await join(world, general, "ana", "ben")

    [live] = live_embeds(world, general)
    assert queue_lines(live) == ["1. ana (new voice)", "2. ben (new voice)"]


async def test_next_gives_the_floor_and_new_voices_go_first(world: World) -> None:
    general = world.channels["general"]
    await join(world, general, "ana", "ben")

    given = await world.organizer().slash(general, "stack next")
    await join(world, general, "ana", "cleo")

    assert "**ana** has the floor." in given.response.content
    [live] = live_embeds(world, general)
    assert "**Speaking now:** ana" in live.embeds[0].description
    assert queue_lines(live) == ["1. ben (new voice)", "2. cleo (new voice)", "3. ana"]


async def test_members_who_wrote_in_the_session_thread_count_as_having_spoken(
    reading_world: World,
) -> None:
    world = reading_world
    await advance_to(world, FIRST_SESSION)
    thread = world.channels["reading"].threads[0]
    await world.member("ana").send(thread, "I have said my piece about slates already.")

    await join(world, thread, "ana", "ben")

    [live] = live_embeds(world, thread)
    assert queue_lines(live) == ["1. ben (new voice)", "2. ana"]


async def test_leave_takes_a_member_off_the_stack(world: World) -> None:
    general = world.channels["general"]
    await join(world, general, "ana", "ben")

    left = await world.member("ana").slash(general, "stack leave")

    assert left.ephemeral
    [live] = live_embeds(world, general)
    assert queue_lines(live) == ["1. ben (new voice)"]


async def test_members_cannot_give_the_floor(world: World) -> None:
    general = world.channels["general"]
    await join(world, general, "ana")

    refused = await world.member("ben").slash(general, "stack next")

    assert refused.ephemeral
    assert "Only organizers" in refused.response.content
    [live] = live_embeds(world, general)
    assert "**Speaking now:** nobody" in live.embeds[0].description


async def test_a_restart_keeps_the_queue_and_the_live_embed(world: World) -> None:
    general = world.channels["general"]
    await join(world, general, "ana", "ben")
    [before] = live_embeds(world, general)

    await world.restart()
    await world.organizer().slash(general, "stack next")

    [after] = live_embeds(world, general)
    assert after.id == before.id
    assert "**Speaking now:** ana" in after.embeds[0].description
    assert queue_lines(after) == ["1. ben (new voice)"]


async def test_show_answers_privately(world: World) -> None:
    general = world.channels["general"]
    await join(world, general, "ana")

    shown = await world.member("ben").slash(general, "stack show")

    assert shown.ephemeral
    assert "1. ana" in shown.response.embeds[0].description
