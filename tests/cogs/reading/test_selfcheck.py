"""Finding 5: channels, roles and permissions the config names are checked against the guild;
organizers hear of a problem with its fix, and /caucus health lists it."""

from __future__ import annotations

import datetime as dt

from tests.cogs.reading.test_config_changes import reconfigure
from tests.cogs.reading.test_week import FIRST_SESSION, advance_to
from tests.support.world import World, reply_text


def delete_channel(world: World, channel_id: int) -> None:
    """What Discord does when someone deletes a channel: its threads go with it."""
    backend = world.env.backend
    for thread in [c for c in backend.channels.values() if c.parent_id == channel_id]:
        backend.delete_channel(thread.id)
    backend.delete_channel(channel_id)


def bot_lines(handle) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.content for m in handle.history() if m.author.bot]


async def test_a_deleted_reading_channel_is_reported_with_the_fix(reading_world: World) -> None:
    world = reading_world
    await advance_to(world, FIRST_SESSION)  # session 1 posted
    ana, olga = world.member("ana"), world.organizer()
    shown = await ana.slash(world.channels["general"], "respond")
    await ana.submit_modal(shown, {"answer": "Before the channel went."})

    delete_channel(world, world.channels["reading"].id)
    await world.env.settle()
    # A member answering into the vanished thread is told the answer is kept, not an error.
    shown = await ana.slash(world.channels["general"], "respond", prompt=2)
    answered = await ana.submit_modal(shown, {"answer": "Into the void."})
    assert "saved" in answered.response.content
    assert "Something went wrong" not in answered.response.content
    told = "\n".join(bot_lines(world.channels["log"]))
    assert "reading channel (channels.reading" in told
    assert "Fix:" in told

    health = await olga.slash(world.channels["general"], "caucus health")
    fields = {f.name: f.value for f in health.response.embeds[0].fields}
    assert "channels.reading" in fields["Config self-check"]

    # The organizer makes a new channel, points the config at it and restarts.
    new = world.guild.create_text_channel("reading-2")
    world.channels["reading"] = new
    reconfigure_reading = {
        "documents": ["socialism-in-one-org", "iso-stirrings-in-the-ashes"],
        "words_per_session": 1200,
    }
    reconfigure(world, **reconfigure_reading)
    before = len(bot_lines(world.channels["log"]))
    await world.restart()
    await world.env.settle()
    assert any("fine now" in line for line in bot_lines(world.channels["log"])[before:])

    await advance_to(world, FIRST_SESSION + dt.timedelta(weeks=1))
    assert [t.name[:10] for t in new.threads] == ["Session 2:"]
    shown = await ana.slash(world.channels["general"], "respond")
    answered = await ana.submit_modal(shown, {"answer": "In the new channel."})
    assert answered.response.content == "Your response is posted."
    health = await olga.slash(world.channels["general"], "caucus health")
    fields = {f.name: f.value for f in health.response.embeds[0].fields}
    assert "fine" in fields["Config self-check"]


async def test_a_failed_post_with_no_log_channel_reaches_organizers_by_dm(
    reading_world: World,
) -> None:
    world = reading_world
    olga = world.organizer()
    delete_channel(world, world.channels["log"].id)
    delete_channel(world, world.channels["reading"].id)
    await world.env.settle()
    await advance_to(world, FIRST_SESSION)
    dms = [m.content for m in olga.user.dm_channel.history() if m.author.bot]
    assert dms, "the organizer hears of it by DM when the log channel is gone too"
    assert "channels.reading" in dms[-1]
    assert "channels.log" in dms[-1]


async def test_health_checks_afresh_and_is_for_organizers(reading_world: World) -> None:
    world = reading_world
    health = await world.organizer().slash(world.channels["general"], "caucus health")
    fields = {f.name: f.value for f in health.response.embeds[0].fields}
    assert fields["Config self-check"] == (
        "The channels, roles and permissions in the config are fine."
    )
    refused = await world.member("ana").slash(world.channels["general"], "caucus health")
    assert "organizer" in reply_text(refused).lower()
