"""A motion end to end through the real command tree: create, open, cast, close, result."""

from __future__ import annotations

from bot.domain.voting.lifecycle import VoteState
from tests.cogs.votes.helpers import close_after, create_vote, field, vote_on_motion
from tests.support.world import World


async def test_creating_a_motion_opens_it_and_announces_the_frozen_roll(world: World) -> None:
    olga = world.organizer()
    for name in ("ann", "ben"):
        world.member(name)
    world.outsider()

    created = await create_vote(world, olga, title="Join the strike fund", kind="motion")

    assert "Who may vote: members with the Members role — 3 people." in created.response.content
    announcement = world.channels["votes"].last_message
    assert announcement.embeds[0].title == "Vote #1: Join the strike fund"
    who = field(announcement.embeds[0], "Who may vote")
    assert who.startswith("Members with the Members role — 3 people.")


async def test_a_secret_motion_from_ballots_to_the_result_embed(world: World) -> None:
    olga = world.organizer()
    members = [world.member(name) for name in ("ann", "ben", "cat", "dan")]
    await create_vote(world, olga, title="Join the strike fund", kind="motion", days=2.0)
    announcement = world.channels["votes"].last_message

    receipts = [
        await vote_on_motion(person, announcement, choice)
        for person, choice in zip(members, ["Yes", "Yes", "No", "Abstain"], strict=True)
    ]
    await close_after(world, 2)

    assert all("Your private tracker: `" in r.response.content for r in receipts)
    result = world.channels["votes"].last_message
    embed = result.embeds[0]
    assert embed.description == "**The motion is carried.**"
    assert field(embed, "Turnout") == "4 of 5 on the roll (80.0%)"
    assert field(embed, "Threshold") == "more than 1/2 of yes + no: met"
    assert "Yes      2" in field(embed, "Votes")
    assert [a.filename for a in result.attachments] == ["count.png", "vote-1-ballots.csv"]
    info = await world.services.voting.votes.get(world.guild.id, 1)
    assert info.state is VoteState.CLOSED


async def test_the_announcement_loses_its_vote_button_after_close(world: World) -> None:
    await create_vote(world, world.organizer(), title="Adjourn", kind="motion", days=1.0)
    announcement_id = world.channels["votes"].last_message.id

    await close_after(world, 1)

    announcement = next(m for m in world.channels["votes"].history() if m.id == announcement_id)
    assert announcement.components == []


async def test_an_open_motion_publishes_the_roll_call(world: World) -> None:
    olga = world.organizer()
    ann = world.member("ann")
    await create_vote(world, olga, title="Open the books", kind="motion", secret=False, days=1.0)
    announcement = world.channels["votes"].last_message

    receipt = await vote_on_motion(ann, announcement, "No")
    await close_after(world, 1)

    assert "open vote" in receipt.response.content
    embed = world.channels["votes"].last_message.embeds[0]
    assert field(embed, "Roll call") == f"<@{ann.id}>: no"


async def test_a_two_thirds_motion_with_a_quorum_reports_both_checks(world: World) -> None:
    olga = world.organizer()
    ann, ben = world.member("ann"), world.member("ben")
    for name in ("cat", "dan", "eve", "fay"):
        world.member(name)
    await create_vote(
        world,
        olga,
        title="Amend the bylaws",
        kind="motion",
        threshold="two-thirds",
        quorum="50%",
        days=1.0,
    )
    announcement = world.channels["votes"].last_message

    await vote_on_motion(ann, announcement, "Yes")
    await vote_on_motion(ben, announcement, "Yes")
    await close_after(world, 1)

    embed = world.channels["votes"].last_message.embeds[0]
    assert embed.description == "**The motion falls: the quorum was not met.**"
    assert field(embed, "Quorum") == "50% of the roll: not met (2 short)"
    assert field(embed, "Threshold") == "at least 2/3 of yes + no: met"
