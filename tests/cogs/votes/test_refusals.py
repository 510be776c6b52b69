"""Bad input gets a clear, private answer, and never a second counted ballot."""

from __future__ import annotations

import datetime as dt

from tests.cogs.votes.helpers import close_after, create_vote, vote_on_motion
from tests.support.world import World, reply_text, running_world


async def test_a_member_outside_the_roll_is_told_why(world: World) -> None:
    await create_vote(world, world.organizer(), title="Picket", kind="motion")
    visitor = world.outsider()

    reply = await visitor.click(world.channels["votes"].last_message, label="Vote")

    assert reply.ephemeral
    assert reply.response.content == "You were not on the voter roll when this vote opened."


async def test_a_second_ballot_on_an_unchangeable_vote_is_refused(world: World) -> None:
    ann = world.member("ann")
    await create_vote(world, world.organizer(), title="Picket", kind="motion", changeable=False)
    announcement = world.channels["votes"].last_message
    await vote_on_motion(ann, announcement, "Yes")

    reply = await ann.click(announcement, label="Vote")

    assert reply.ephemeral
    assert reply.response.content.startswith("You have already voted")


async def test_a_ballot_left_open_past_the_close_is_refused(world: World) -> None:
    ann = world.member("ann")
    await create_vote(world, world.organizer(), title="Picket", kind="motion", days=1.0)
    ballot = await ann.click(world.channels["votes"].last_message, label="Vote")
    await close_after(world, 1)

    reply = await ann.click(ballot.response, label="Yes")

    assert reply.ephemeral
    assert reply.response.content == "Vote #1 has closed; it takes no more ballots."


async def test_a_ballot_on_a_cancelled_vote_is_refused(world: World) -> None:
    olga, ann = world.organizer(), world.member("ann")
    await create_vote(world, olga, title="Picket", kind="motion")
    announcement = world.channels["votes"].last_message
    ballot = await ann.click(announcement, label="Vote")

    await olga.slash(world.channels["general"], "vote cancel", vote=1, reason="Wrong date")
    reply = await ann.click(ballot.response, label="No")

    assert reply.response.content == "Vote #1 was cancelled; it takes no ballots."


async def test_a_malformed_typed_ranking_is_refused_with_the_reason(world: World) -> None:
    ann = world.member("ann")
    await create_vote(
        world, world.organizer(), title="Book", kind="ranked", options="Capital, Grundrisse"
    )
    ballot = await ann.click(world.channels["votes"].last_message, label="Vote")
    modal = await ann.click(ballot.response, label="Type my ranking")

    reply = await ann.submit_modal(modal, {"ranking": "1 9"})

    assert reply.ephemeral
    assert "There is no number 9 on your ballot" in reply.response.content


async def test_a_member_cannot_create_a_vote_unless_config_allows_it(world: World) -> None:
    reply = await world.member("ann").slash(
        world.channels["general"], "vote create", title="Party", kind="motion"
    )

    assert reply.ephemeral
    assert reply.response.content == "Only organizers can create votes here."


async def test_a_member_may_create_a_vote_when_config_allows_it(engine: object) -> None:
    async with running_world(engine, voting={"members_can_create": True}) as world:  # type: ignore[arg-type]
        reply = await world.member("ann").slash(
            world.channels["general"], "vote create", title="Party", kind="motion"
        )

        assert "is created and open" in reply.response.content


async def test_cancelling_is_for_organizers_only(world: World) -> None:
    await create_vote(world, world.organizer(), title="Picket", kind="motion")

    reply = await world.member("ann").slash(
        world.channels["general"], "vote cancel", vote=1, reason="I dislike it"
    )

    assert reply.response.content == "Only organizers can do that."


async def test_an_unreadable_threshold_is_explained(world: World) -> None:
    reply = await world.organizer().slash(
        world.channels["general"], "vote create", title="X", kind="motion", threshold="most"
    )

    assert "I couldn't read the threshold 'most'" in reply.response.content


async def test_an_opening_at_the_end_of_time_is_refused_clearly(world: World) -> None:
    result = await create_vote(
        world, world.organizer(), title="Picket", kind="motion", opens="9999-12-31 23:59"
    )

    assert "'9999-12-31 23:59' is too far ahead" in reply_text(result)
    assert await world.services.voting.votes.list(world.guild.id) == []


async def test_an_opening_in_the_dst_gap_is_refused(world: World) -> None:
    result = await create_vote(
        world, world.organizer(), title="Picket", kind="motion", opens="2027-03-14 02:30"
    )

    assert "does not exist in America/New_York" in reply_text(result)


async def test_an_opening_in_the_dst_overlap_shows_both_readings_and_one_is_taken(
    world: World,
) -> None:
    olga = world.organizer()
    ambiguous = await create_vote(
        world, olga, title="Picket", kind="motion", opens="2027-11-07 01:30"
    )
    chosen = await create_vote(
        world, olga, title="Picket", kind="motion", opens="2027-11-07 01:30-05:00"
    )

    assert "happens twice" in reply_text(ambiguous)
    assert "`2027-11-07 01:30-05:00`" in reply_text(ambiguous)
    [vote] = await world.services.voting.votes.list(world.guild.id)
    assert vote.opens_at == dt.datetime(2027, 11, 7, 6, 30, tzinfo=dt.UTC)
    assert "opens at its scheduled time" in reply_text(chosen)
