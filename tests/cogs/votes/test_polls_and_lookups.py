"""Polls by select menu, reminders, restarts, and the look-up commands."""

from __future__ import annotations

from bot.domain.audit import AuditAction
from tests.cogs.votes.helpers import close_after, create_vote, field, vote_on_motion
from tests.support.world import World


async def test_a_poll_takes_one_choice_from_a_select(world: World) -> None:
    ann, ben = world.member("ann"), world.member("ben")
    await create_vote(
        world,
        world.organizer(),
        title="Venue",
        kind="poll",
        options="Library, Union hall, Park",
        days=1.0,
    )
    announcement = world.channels["votes"].last_message

    for person in (ann, ben):
        ballot = await person.click(announcement, label="Vote")
        await person.select(ballot.response, ["2"])
    await close_after(world, 1)

    embed = world.channels["votes"].last_message.embeds[0]
    assert embed.description == "**Winner: Union hall**"


async def test_an_approval_poll_respects_its_limit_in_the_select(world: World) -> None:
    ann = world.member("ann")
    await create_vote(
        world,
        world.organizer(),
        title="Topics",
        kind="approval",
        options="Housing\nTransit\nWages",
        max_approvals=2,
        days=1.0,
    )

    ballot = await ann.click(world.channels["votes"].last_message, label="Vote")
    menu = ballot.response.components[0]["components"][0]
    done = await ann.select(ballot.response, ["1", "3"])

    assert menu["max_values"] == 2
    assert "is cast" in done.response.content


async def test_options_can_be_typed_into_a_form(world: World) -> None:
    form = await world.organizer().slash(
        world.channels["general"], "vote create", title="Book", kind="ranked"
    )
    created = await world.organizer().submit_modal(form, {"options": "Capital\nGrundrisse"})

    assert "is created and open" in created.response.content
    options = field(world.channels["votes"].last_message.embeds[0], "Options")
    assert options == "• Capital\n• Grundrisse"


async def test_reminders_go_only_to_members_who_have_not_voted(world: World) -> None:
    ann, ben = world.member("ann"), world.member("ben")
    await create_vote(world, world.organizer(), title="Picket", kind="motion", days=2.0)
    await vote_on_motion(ann, world.channels["votes"].last_message, "Yes")

    await close_after(world, 1)  # reminder_before_close_hours defaults to 24

    assert ann.user.dm_channel.history() == []
    reminder = ben.user.dm_channel.history()[-1].content
    assert "you have not voted yet" in reminder
    assert "yes" not in reminder.lower().replace("you have not voted yet", "")


async def test_the_vote_button_still_works_after_a_restart(world: World) -> None:
    ann = world.member("ann")
    await create_vote(world, world.organizer(), title="Picket", kind="motion")
    announcement = world.channels["votes"].last_message

    await world.restart()
    done = await vote_on_motion(ann, announcement, "No")

    assert "is cast" in done.response.content


async def test_show_gives_turnout_but_no_running_tally(world: World) -> None:
    olga, ann = world.organizer(), world.member("ann")
    await create_vote(world, olga, title="Picket", kind="motion", secret=False)
    await vote_on_motion(ann, world.channels["votes"].last_message, "Yes")

    shown = await olga.slash(world.channels["general"], "vote show", vote=1)

    embed = shown.response.embeds[0]
    assert field(embed, "Turnout so far") == "1 of 2 (50%)"
    assert not any(f.name in ("Votes", "Roll call") for f in embed.fields)


async def test_list_shows_recent_votes(world: World) -> None:
    olga = world.organizer()
    await create_vote(world, olga, title="First", kind="motion")
    await create_vote(world, olga, title="Second", kind="motion")

    listed = await olga.slash(world.channels["general"], "vote list")

    text = listed.response.embeds[0].description
    assert text.index("#2") < text.index("#1")


async def test_verify_finds_a_tracker_in_the_published_file(world: World) -> None:
    ann = world.member("ann")
    await create_vote(world, world.organizer(), title="Picket", kind="motion", days=1.0)
    done = await vote_on_motion(ann, world.channels["votes"].last_message, "Abstain")
    tracker = done.response.content.split("`")[1]
    await close_after(world, 1)

    checked = await ann.slash(world.channels["general"], "vote verify", tracker=tracker.lower())

    assert checked.response.content.endswith("counted as: **abstain**")


async def test_cancelling_is_audited(world: World) -> None:
    olga = world.organizer()
    await create_vote(world, olga, title="Picket", kind="motion")

    await olga.slash(world.channels["general"], "vote cancel", vote=1, reason="Wrong date")

    entries = await world.services.audit.recent(world.guild.id)
    cancelled = [e for e in entries if e.action == AuditAction.VOTE_CANCELLED]
    assert cancelled[0].actor_id == olga.id
    assert cancelled[0].details["reason"] == "Wrong date"
    assert "cancelled by an organizer" in world.channels["votes"].last_message.content
