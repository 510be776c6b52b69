"""Item 8: an "I've read it" button under each session post; the count is public, names are
shown only for members who chose to show theirs (organizers included), and it survives a
restart."""

from __future__ import annotations

from tests.cogs.reading.test_week import FIRST_SESSION, advance_to, bot_messages
from tests.support.world import World, reply_text


def read_message(world: World):  # type: ignore[no-untyped-def]
    thread = world.channels["reading"].threads[0]
    [message] = [m for m in bot_messages(thread) if m.components]
    return thread, message


def label_of(message) -> str:  # type: ignore[no-untyped-def]
    return message.components[0].children[0].label


async def test_read_button_counts_publicly_and_keeps_names_private(reading_world: World) -> None:
    world = reading_world
    await advance_to(world, FIRST_SESSION)
    _, message = read_message(world)
    assert label_of(message) == "I've read it · 0"
    ana, ben, olga = world.member("ana"), world.member("ben"), world.organizer()

    pressed = await ana.click(message, custom_id="caucus:read:1")
    assert "1 person has read session 1" in reply_text(pressed)
    assert "not shown to anyone" in reply_text(pressed)
    _, message = read_message(world)
    assert label_of(message) == "I've read it · 1"

    seen = await olga.slash(world.channels["general"], "reading progress", session=1)
    assert "1 person has read session 1." in reply_text(seen)
    assert "ana" not in reply_text(seen)

    shown = await ana.slash(
        world.channels["general"], "reading progress", session=1, show_name=True
    )
    assert "Your name is shown." in reply_text(shown)
    seen = await olga.slash(world.channels["general"], "reading progress", session=1)
    assert "Showing their names: ana." in reply_text(seen)

    # The button works after a restart (its state is in its custom_id).
    await world.restart()
    _, message = read_message(world)
    await ben.click(message, custom_id="caucus:read:1")
    _, message = read_message(world)
    assert label_of(message) == "I've read it · 2"
    seen = await ben.slash(world.channels["general"], "reading progress")
    assert "2 people have read session 1." in reply_text(seen)
    assert "Showing their names: ana." in reply_text(seen)  # ben's stays hidden

    # Pressing again takes the mark back.
    await ben.click(message, custom_id="caucus:read:1")
    _, message = read_message(world)
    assert label_of(message) == "I've read it · 1"


async def test_showing_a_name_needs_a_mark_first(reading_world: World) -> None:
    world = reading_world
    await advance_to(world, FIRST_SESSION)
    refused = await world.member("cara").slash(
        world.channels["general"], "reading progress", session=1, show_name=True
    )
    assert "press “I've read it” first" in reply_text(refused)


async def test_outsiders_cannot_mark(reading_world: World) -> None:
    world = reading_world
    await advance_to(world, FIRST_SESSION)
    _, message = read_message(world)
    refused = await world.outsider().click(message, custom_id="caucus:read:1")
    assert "member" in reply_text(refused).lower()
    _, message = read_message(world)
    assert label_of(message) == "I've read it · 0"
